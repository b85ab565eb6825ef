/**
 * NDJSON as `export` writes it and `import` reads it: one `{"id","version","data"}` object per
 * line. Reading is streamed, so an import never holds its whole input.
 */
import { jsonText, objectId, version as checkVersion } from '../arguments.js';
import type { JsonObject } from '../codecs/json-object.js';
import { isRecord } from '../jsondiff/guards.js';

/** One object as exported: its id, version and data. */
export interface Row {
  readonly id: string;
  readonly version?: number;
  readonly data: JsonObject;
}

/** A line as read: its number (from 1) and the row, or why it is not one. */
export type ReadLine =
  | { readonly line: number; readonly row: Row }
  | { readonly line: number; readonly problem: string };

/** A row as one line of NDJSON (without the newline). */
export const rowJson = (row: Row): string =>
  JSON.stringify({ id: row.id, version: row.version, data: row.data });

/** The text lines of a stream of chunks (UTF-8 bytes or text), without their `\n` or `\r\n`. */
export async function* linesOf(chunks: AsyncIterable<string | Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = '';
  for await (const chunk of chunks) {
    rest += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    const lines = rest.split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) yield line.endsWith('\r') ? line.slice(0, -1) : line;
  }
  rest += decoder.decode();
  if (rest !== '') yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}

/** A line's row, or what is wrong with it (a line is never echoed: it may hold anything). */
export const parseRow = (text: string): Row | { readonly problem: string } => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'not JSON' };
  }
  if (!isRecord(value)) return { problem: 'not a JSON object' };
  const id = objectId(value.id);
  if (id._tag === 'Left') return { problem: id.left.message };
  if (!isRecord(value.data)) return { problem: `${id.right}: "data" is not a JSON object` };
  // refused here, alone, rather than by the bulk write, which would refuse its whole batch
  const unicode = jsonText('data', JSON.stringify(value.data));
  if (unicode._tag === 'Left') return { problem: `${id.right}: ${unicode.left.message}` };
  if (value.version === undefined) return { id: id.right, data: value.data as JsonObject };
  const version = checkVersion(value.version);
  if (version._tag === 'Left') return { problem: `${id.right}: ${version.left.message}` };
  return { id: id.right, version: version.right, data: value.data as JsonObject };
};

/** The rows of an NDJSON stream, with their line numbers; blank lines are skipped. */
export async function* readRows(
  chunks: AsyncIterable<string | Uint8Array>,
): AsyncGenerator<ReadLine> {
  let line = 0;
  for await (const text of linesOf(chunks)) {
    line += 1;
    if (text.trim() === '') continue;
    const row = parseRow(text);
    yield 'problem' in row ? { line, problem: row.problem } : { line, row };
  }
}

/** How many non-blank lines a stream holds: the total an import shows progress against. */
export const countRows = async (chunks: AsyncIterable<string | Uint8Array>): Promise<number> => {
  let count = 0;
  for await (const text of linesOf(chunks)) if (text.trim() !== '') count += 1;
  return count;
};
