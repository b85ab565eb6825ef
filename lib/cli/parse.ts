/**
 * The one way every command reads its arguments: `--flag`, `--flag value`, `--flag=value`,
 * positionals, `--` to end the options, `-h`/`--help` anywhere. Pure: a command's own parser
 * (`commands/*-args.ts`) checks the values it gets from here.
 */

/** A command's options: `switch` takes no value, `value` takes one. */
export type OptionSpec = Readonly<Record<string, 'switch' | 'value'>>;

export interface Parsed {
  readonly kind: 'parsed';
  readonly positionals: ReadonlyArray<string>;
  /** The value of each `value` option given. */
  readonly values: Readonly<Record<string, string>>;
  /** The `switch` options given. */
  readonly switches: ReadonlySet<string>;
}

export type ParseResult =
  Parsed | { readonly kind: 'help' } | { readonly kind: 'error'; readonly message: string };

/** A usage error: the message a command prints above its usage before exiting with status 2. */
export const usageError = (message: string) => ({ kind: 'error', message }) as const;

/**
 * Reads `argv` against `spec`. Messages name options but never repeat a value given to one, so
 * a mistyped command line cannot print a token back.
 */
export const parseArgs = (argv: ReadonlyArray<string>, spec: OptionSpec): ParseResult => {
  const positionals: string[] = [];
  const values: Record<string, string> = {};
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const kind = spec[name];
    if (kind === undefined) return usageError(`unknown option ${name}`);
    if (name in values || switches.has(name)) return usageError(`${name} is given twice`);
    if (kind === 'switch') {
      if (eq > 0) return usageError(`${name} takes no value`);
      switches.add(name);
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[i + 1];
    if (eq <= 0) i += 1;
    if (value === undefined || value === '' || (eq <= 0 && value.startsWith('--'))) {
      return usageError(`${name} needs a value`);
    }
    values[name] = value;
  }
  return { kind: 'parsed', positionals, values, switches };
};

/** A whole number from `min` to `max` written in decimal digits, else `undefined`. */
export const wholeNumber = (text: string, min: number, max: number): number | undefined => {
  if (!/^\d{1,15}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= min && n <= max ? n : undefined;
};
