/**
 * What every write to an object does alike: fix its ccid when called, check it with the path,
 * and send the request with `clientid` and `ccid`, retried by the context's policy.
 *
 * @since 0.1.0
 */
import { map } from 'rxjs';
import * as check from '../arguments.js';
import * as E from '../either.js';
import type { DecodeError, SimperiumError } from '../errors.js';
import { withHub } from '../socket/load.js';
import type { ObservableEither } from '../observable-either.js';
import type { SocketWrite } from '../socket/types.js';
import type { ApiContext } from '../transport/context.js';
import type { Exchange, RequestSpec } from '../transport/execute.js';
import type { Query } from '../transport/urls.js';
import { uuidHex } from '../uuid-hex.js';
import { validated } from './object-path.js';
import { send } from './run.js';

/** A write's request, given its valid path; `clientid` and `ccid` are added to its query. */
export interface WriteSpec extends Omit<RequestSpec, 'path' | 'query'> {
  readonly query?: Query;
}

/**
 * Sends a write once `path` is valid and the ccid (`ccid`, or a fresh uuid hex fixed now, so a
 * re-subscription or retry re-sends the same one) is 1–256 visible ASCII characters; emits
 * `read(exchange)`, or the first `InvalidArgumentError` with nothing sent. When the context
 * streams, `socket` says the write as a change and the path names no version, the change goes over
 * the socket instead (see
 * `streamWrite`), whose answer it emits. The context's write watchers (live views) see the write
 * when it is made.
 */
export const write$ = <B>(
  ctx: ApiContext,
  path: check.Validation<ReadonlyArray<string>>,
  ccid: string | undefined,
  spec: (path: ReadonlyArray<string>) => WriteSpec,
  read: (exchange: Exchange) => E.Either<DecodeError, B>,
  socket?: SocketWrite,
): ObservableEither<SimperiumError, B> => {
  const fixed = ccid ?? uuidHex();
  return validated(E.all({ path, ccid: check.asciiId('ccid', fixed) }), (valid) => {
    const { query, ...rest } = spec(valid.path);
    // Only HTTP can say a base version (`…/v/{n}`, a path of five segments).
    const change = ctx.stream && valid.path.length < 4 ? socket : undefined;
    let result$ =
      change === undefined
        ? send(ctx, {
            ...rest,
            path: valid.path,
            query: { clientid: ctx.clientId, ccid: fixed, ...query },
          }).pipe(map(E.chain(read)))
        : withHub(
            // The hub emits what post$ (`M`) and delete$ (`-`) emit, as the change's `o` says.
            (hub) =>
              hub.streamWrite(ctx, valid.path, fixed, change, rest.method) as ObservableEither<
                SimperiumError,
                B
              >,
          );
    const write = { ...rest, path: valid.path, replace: query?.replace === true, ccid: fixed };
    for (const watch of ctx.writeWatchers ?? []) result$ = watch(write, result$);
    return result$;
  });
};
