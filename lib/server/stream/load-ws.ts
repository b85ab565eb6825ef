/**
 * Loads `ws`, an optional peer dependency that only the streaming endpoint needs, when the server
 * starts: importing the server (its types, `--help`) works without it, and so does the HTTP API.
 */
import type * as Ws from 'ws';

/** What an upgrade to the streaming endpoint is answered when `ws` is not installed. */
export const MISSING_WS = 'the streaming endpoint needs ws: npm install ws@8';

/** The `ws` module, or `undefined` when it is not installed. */
export const loadWs = (): typeof Ws | undefined => {
  try {
    // A synchronous load on demand: an `import` would fail as the module loads.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('ws') as typeof Ws;
  } catch (cause) {
    if ((cause as { code?: unknown }).code === 'MODULE_NOT_FOUND') return undefined;
    throw cause;
  }
};
