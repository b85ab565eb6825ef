/**
 * The one error jsondiff throws: a diff, an operation or a delta that cannot be applied.
 *
 * @since 0.1.0
 */

/**
 * Why a diff was rejected:
 * - `bad-delta`: a diff-match-patch delta is malformed or its lengths do not add up to the text;
 * - `bad-operation`: an operation is malformed (unknown `o`, missing or mistyped `v`, bad index);
 * - `bad-target`: a well-formed operation does not fit the value it meets (`-` on a missing key,
 *   `d` on a non-string, `I` on a non-number, an index out of range…).
 */
export type JsonDiffErrorCode = 'bad-delta' | 'bad-operation' | 'bad-target';

/**
 * Thrown by `apply`, `applyText` and `transform` when their input cannot be applied. Nothing
 * else is ever thrown for malformed input: callers can catch this class and treat the change
 * as rejected.
 */
export class JsonDiffError extends Error {
  override readonly name = 'JsonDiffError';

  constructor(
    readonly code: JsonDiffErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A JSON-pointer-like rendering of where an operation applies, for error messages. */
export const at = (path: ReadonlyArray<string>): string =>
  path.length === 0 ? '/' : path.map((key) => '/' + key).join('');

/** Runs `f`, prefixing the message of a `JsonDiffError` it throws with the path. */
export const withPath = <A>(path: ReadonlyArray<string>, f: () => A): A => {
  try {
    return f();
  } catch (e) {
    if (e instanceof JsonDiffError) throw new JsonDiffError(e.code, `at ${at(path)}: ${e.message}`);
    throw e;
  }
};
