/**
 * Reading JSON text that a client sent (an HTTP body, a socket message): the one parse and the one
 * walk every JSON check shares, so that both protocols refuse the same documents.
 */
import { jsonProblem } from '../../jsondiff/guards';
import { hasLoneSurrogate } from '../../text';

/** How deeply objects and arrays may nest in a document a client sends. */
export const MAX_JSON_DEPTH = 100;

/** An escape `\uD800`…`\uDFFF` in JSON text: the only way a lone surrogate gets into valid UTF-8 JSON. */
const SURROGATE_ESCAPE = /\\u[dD][89abcdefABCDEF]/;

/** The parsed value, or what is wrong with the text. */
export type JsonReading =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: string };

/**
 * Parses JSON text and walks it once: refused when it is not JSON (`problem` is then exactly
 * `'invalid JSON'`), when objects nest deeper than `maxDepth`, when a number cannot be written
 * back (`1e400` parses as `Infinity`, which `JSON.stringify` turns into `null`), or when a string
 * or key holds a lone surrogate (`"\uD800"` without its low half: not Unicode text, and no UTF-8
 * encoder can store or send it as it came).
 */
export const readJsonText = (text: string, maxDepth = Infinity): JsonReading => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'invalid JSON' };
  }
  const problem = jsonProblem(value, {
    maxDepth,
    // only an escape can put a lone surrogate into valid UTF-8 JSON: walk strings only then
    ...(SURROGATE_ESCAPE.test(text)
      ? { text: (s: string) => (hasLoneSurrogate(s) ? 'lone surrogate in JSON text' : undefined) }
      : {}),
  });
  return problem === undefined ? { ok: true, value } : { ok: false, problem };
};
