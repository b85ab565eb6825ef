/**
 * The text form of a list used by `dL` operations (docs/jsondiff.md, "Lists as text"): one JSON
 * value per line, each followed by a newline, written as Python's `json.dumps` writes it (`", "`
 * and `": "` separators, every non-ASCII character escaped as `\uXXXX`) so that deltas computed
 * by the Python reference count the same characters.
 */
import { JsonDiffError } from './errors.js';
import type { JsonArray, JsonValue } from './types.js';

const escapeNonAscii = (json: string): string =>
  json.replace(/[^\x20-\x7e]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));

/** One value as Python's `json.dumps` writes it (key order kept). */
export const dumps = (value: JsonValue): string => {
  if (Array.isArray(value)) return '[' + value.map(dumps).join(', ') + ']';
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value).map(
      (key) => escapeNonAscii(JSON.stringify(key)) + ': ' + dumps(value[key] as JsonValue),
    );
    return '{' + entries.join(', ') + '}';
  }
  return escapeNonAscii(JSON.stringify(value));
};

/** The list as text: one serialised item per line, each line ending with `\n`. */
export const listToText = (list: JsonArray): string =>
  list.map((item) => dumps(item) + '\n').join('');

/**
 * The list a text holds: every non-empty line parsed as JSON.
 *
 * @throws JsonDiffError `bad-delta` when a line is not JSON (the delta broke an item).
 */
export const textToList = (text: string): JsonValue[] =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as JsonValue;
      } catch {
        throw new JsonDiffError('bad-delta', `list line is not JSON: ${line.slice(0, 40)}`);
      }
    });
