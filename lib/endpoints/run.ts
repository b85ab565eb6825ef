/**
 * How endpoints run their requests: through `execute`, retried by the context's policy, with the
 * JSON body of an accepted answer decoded by a codec.
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts';
import { map } from 'rxjs';
import { decodeJson, type DecodeOptions } from '../codecs/decode.js';
import * as E from '../either.js';
import type { SimperiumError } from '../errors.js';
import type { ObservableEither } from '../observable-either.js';
import type { ApiContext, ClientContext } from '../transport/context.js';
import { execute, type Exchange, type RequestRef, type RequestSpec } from '../transport/execute.js';
import { retryEither } from '../transport/retry.js';

/**
 * Runs a one-shot request of the data API, retried as the context's `retry` policy says (not at
 * all by default). A retry re-subscribes to the same request, so a write re-sends its ccid.
 */
export const send = (
  ctx: ApiContext,
  spec: RequestSpec,
): ObservableEither<SimperiumError, Exchange> => execute(ctx, spec).pipe(retryEither(ctx.retry));

/**
 * Runs `spec` and decodes the JSON body of its accepted answer with `codec`: `Right(a)`, or the
 * request's `Left`, or `Left(DecodeError)` for a body that is not JSON or does not match.
 *
 * @param ctx the client context
 * @param spec the request
 * @param codec what the body must be, or a function of the request (method and URL) giving it
 * @param options `redact: true` for bodies that carry secrets
 */
export const executeJson = <A>(
  ctx: ClientContext,
  spec: RequestSpec,
  codec: t.Decoder<unknown, A> | ((request: RequestRef) => t.Decoder<unknown, A>),
  options?: DecodeOptions,
): ObservableEither<SimperiumError, A> =>
  execute(ctx, spec).pipe(
    map(
      E.chain(({ request, response }: Exchange) =>
        decodeJson(
          typeof codec === 'function' ? codec(request) : codec,
          response,
          request,
          options,
        ),
      ),
    ),
  );
