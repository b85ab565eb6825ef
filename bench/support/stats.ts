/**
 * Timing and summary helpers shared by the benchmarks: a monotonic clock, order statistics and
 * number formatting.
 */

/** Milliseconds on a monotonic clock (for differences only). */
export const now = (): number => Number(process.hrtime.bigint()) / 1e6;

/** `n` with thousands separators and exactly `digits` decimals. */
export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The value at quantile `q` (0–1) of `xs`, by the nearest-rank method; `NaN` when empty. */
export const quantile = (xs: ReadonlyArray<number>, q: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
};

/** The median of `xs` (the upper one for an even count); `NaN` when empty. */
export const median = (xs: ReadonlyArray<number>): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/**
 * Runs each of `kinds` `warmup` times untimed (default once: the JIT and the connection pool are
 * warm for all), then `rounds` times each, one round after another, rotating which goes first
 * (A B C, B C A, C A B …) so that drift in the machine's load falls on all alike. Resolves with
 * the results of the measured rounds of each kind, in the order of `kinds`, each in run order.
 */
export const rotated = async <A>(
  rounds: number,
  kinds: ReadonlyArray<() => A | Promise<A>>,
  warmup = 1,
): Promise<A[][]> => {
  for (let round = 0; round < warmup; round += 1) {
    for (const kind of kinds) await kind();
  }
  const results = kinds.map((): A[] => []);
  for (let round = 0; round < rounds; round += 1) {
    for (let k = 0; k < kinds.length; k += 1) {
      const i = (round + k) % kinds.length;
      results[i]?.push(await (kinds[i] as () => A | Promise<A>)());
    }
  }
  return results;
};

/**
 * Runs `baseline` and `subject` `warmup` times each untimed (default once: the JIT and the
 * connection pool are warm for both), then `rounds` times each, interleaved and alternating which
 * goes first (B S, S B, B S …) so that drift in the machine's load falls on both alike. Resolves
 * with the results of the measured rounds, in run order.
 */
export const interleaved = async <A>(
  rounds: number,
  baseline: () => A | Promise<A>,
  subject: () => A | Promise<A>,
  warmup = 1,
): Promise<{ baseline: A[]; subject: A[] }> => {
  const [b = [], s = []] = await rotated(rounds, [baseline, subject], warmup);
  return { baseline: b, subject: s };
};
