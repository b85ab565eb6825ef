/**
 * Where the browser specs find Chromium: `CHROMIUM_PATH` when set, then Debian's
 * `/usr/bin/chromium`, then `chromium`, `chromium-browser` or `google-chrome` on `PATH`.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The flags every browser spec starts Chromium with (no network of its own, no GPU, no sandbox). */
export const CHROMIUM_ARGS: ReadonlyArray<string> = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

const NAMES_ON_PATH = ['chromium', 'chromium-browser', 'google-chrome'];

const isExecutable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The outcome of the search: a path to launch, or why there is none. */
export type ChromiumSearch =
  | { readonly found: true; readonly path: string }
  | { readonly found: false; readonly reason: string };

/**
 * Looks for Chromium. A `CHROMIUM_PATH` that is set is the only place looked at: a wrong one is
 * reported, not silently replaced by another browser.
 *
 * @param env the environment to read `CHROMIUM_PATH` and `PATH` from
 * @param executable whether a path is an executable file (a test double in unit specs)
 */
export const findChromium = (
  env: NodeJS.ProcessEnv = process.env,
  executable: (path: string) => boolean = isExecutable,
): ChromiumSearch => {
  const configured = env.CHROMIUM_PATH;
  if (configured !== undefined && configured !== '') {
    return executable(configured)
      ? { found: true, path: configured }
      : { found: false, reason: `CHROMIUM_PATH=${configured} is not an executable file` };
  }
  const dirs = (env.PATH ?? '').split(delimiter).filter((dir) => dir !== '');
  const candidates = [
    '/usr/bin/chromium',
    ...NAMES_ON_PATH.flatMap((name) => dirs.map((dir) => join(dir, name))),
  ];
  const path = candidates.find(executable);
  return path === undefined
    ? { found: false, reason: 'no Chromium found; set CHROMIUM_PATH' }
    : { found: true, path };
};

/**
 * How a browser spec runs: with the Chromium found, or skipped with the reason in its title
 * (`[skipped: …]`, which the run's closing line repeats). Under CI (`CI` set) a missing browser is
 * not a reason to skip: the spec runs and fails, naming what is missing.
 */
export const browserSuite = (
  env: NodeJS.ProcessEnv = process.env,
  search: ChromiumSearch = findChromium(env),
): {
  readonly describe: jest.Describe;
  readonly title: (name: string) => string;
  readonly search: ChromiumSearch;
} => {
  const required = env.CI !== undefined && env.CI !== '';
  if (search.found || required) return { describe, title: (name) => name, search };
  return {
    describe: describe.skip,
    title: (name) => `${name} [skipped: ${search.reason}]`,
    search,
  };
};

/** The path to launch, or an error naming why there is none (for a spec that must not skip). */
export const chromiumPath = (search: ChromiumSearch): string => {
  if (search.found) return search.path;
  throw new Error(`the browser spec needs Chromium: ${search.reason} (apt-get install chromium)`);
};
