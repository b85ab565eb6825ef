/**
 * Reading an index page's `mark` from the end of its text, before parsing it, so that a
 * prefetching listing can ask for the next page while it parses this one.
 *
 * @since 0.1.0
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** The index of the last character before `i` (included) that is not JSON whitespace, or -1. */
const skipSpace = (text: string, i: number): number => {
  let at = i;
  while (at >= 0 && isSpace(text.charCodeAt(at))) at -= 1;
  return at;
};

/**
 * The index of the quote that opens the string whose closing quote is at `close`, or -1. Inside
 * a JSON string a quote is always escaped, so preceded by an odd number of backslashes (an
 * escaped backslash is two); the first quote before `close` preceded by an even number opens it.
 */
const openingQuote = (text: string, close: number): number => {
  for (let i = close - 1; i >= 0; i -= 1) {
    if (text.charCodeAt(i) !== QUOTE) continue;
    let backslashes = 0;
    while (i - backslashes - 1 >= 0 && text.charCodeAt(i - backslashes - 1) === BACKSLASH) {
      backslashes += 1;
    }
    if (backslashes % 2 === 0) return i;
  }
  return -1;
};

/**
 * The `mark` of the index page `text` when its top-level object ends with a non-empty string
 * member `"mark"` (`…,"mark":"…"}`, as the local server writes it), else `undefined`, which
 * says nothing: the mark may stand elsewhere, or be absent. Reads only the end of the text.
 *
 * When `text` is valid JSON, a mark found is the one `JSON.parse(text).mark` holds: a text ending
 * in `}` is an object, the member before that brace is its last, and the last of repeated keys
 * is the one `JSON.parse` keeps. When it is not, parsing it fails later anyway.
 */
export const markAtEnd = (text: string): string | undefined => {
  let i = skipSpace(text, text.length - 1);
  if (text.charCodeAt(i) !== 0x7d /* } */) return undefined;
  const valueEnd = skipSpace(text, i - 1);
  if (text.charCodeAt(valueEnd) !== QUOTE) return undefined;
  const valueStart = openingQuote(text, valueEnd);
  if (valueStart < 0) return undefined;
  i = skipSpace(text, valueStart - 1);
  if (text.charCodeAt(i) !== 0x3a /* : */) return undefined;
  const keyEnd = skipSpace(text, i - 1);
  if (keyEnd < 5 || text.slice(keyEnd - 5, keyEnd + 1) !== '"mark"') return undefined;
  i = skipSpace(text, keyEnd - 6);
  const before = text.charCodeAt(i);
  if (before !== 0x2c /* , */ && before !== 0x7b /* { */) return undefined;
  try {
    const mark: unknown = JSON.parse(text.slice(valueStart, valueEnd + 1));
    return typeof mark === 'string' && mark !== '' ? mark : undefined;
  } catch {
    return undefined;
  }
};
