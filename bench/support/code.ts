/**
 * The client benchmarks' choice of the code they measure (see `build.ts`): the build, unless
 * `--source` is given. Import it first, before anything that loads `lib/`.
 */
import { useBuild } from './build';

/** `build` (`dist/cjs`) or `source` (`lib/` through tsx). */
export const measuredCode: 'build' | 'source' =
  process.env.SIMPERIUM_BENCH_CODE === 'source' || process.argv.includes('--source')
    ? 'source'
    : 'build';
process.env.SIMPERIUM_BENCH_CODE = measuredCode;
if (measuredCode === 'build') useBuild();
