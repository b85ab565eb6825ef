/**
 * The transport used when the caller passes no `fetch`: `node:http` keep-alive agents on Node,
 * the platform's `fetch` everywhere else.
 *
 * @since 0.1.0
 */
import { from, switchMap } from 'rxjs';
import { defaultFetch } from './default-fetch.js';
import { request } from './request.js';
import type { Transport } from './types.js';

/**
 * Named through a variable so that bundlers leave the import alone: the Node transport uses
 * Node's built-in modules, which must never land in a browser bundle.
 */
const NODE_TRANSPORT = './node-request.js';

/** The Node transport once loaded: called at once, not after a promise's turn. */
let loaded: Transport | undefined;

/** Whether this is Node (or a runtime that provides Node's modules under its name). */
export const isNode = (runtime: { process?: unknown } = globalThis): boolean => {
  const versions = (runtime.process as { versions?: { node?: unknown } } | undefined)?.versions;
  return typeof versions?.node === 'string';
};

/**
 * The default transport: on Node, `node:http`/`node:https` with keep-alive agents (the module is
 * loaded on the first request); elsewhere, the platform's `fetch` (see `defaultFetch`).
 *
 * @param node whether this is Node (tests pass `false` to get the fetch transport)
 */
export const defaultTransport = (node = isNode()): Transport => {
  if (!node) return request(defaultFetch());
  return (req) =>
    loaded?.(req) ??
    // Requests made before the module arrives each wait for it (the module loader loads it once).
    from(
      import(/* webpackIgnore: true */ NODE_TRANSPORT).then(
        (m: { nodeRequest: Transport }) => (loaded = m.nodeRequest),
      ),
    ).pipe(switchMap((transport) => transport(req)));
};
