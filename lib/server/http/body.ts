/**
 * Request bodies: reading them with a size limit, and decoding them. Auth endpoints accept JSON
 * or form-urlencoded whatever the Content-Type says (the raw text is tried as JSON first); data
 * endpoints take a JSON object, or an array of them for a batch.
 */
import type { IncomingMessage } from 'node:http';
import { isRecord } from '../../jsondiff/guards';
import type { JsonObject } from '../../jsondiff/types';
import { HttpFailure, fail } from '../domain/failure';
import { MAX_JSON_DEPTH, readJsonText } from '../domain/json-text';
import { parseForm } from './query';

const tooLarge = (): HttpFailure =>
  new HttpFailure(413, 'request body too large', { Connection: 'close' });

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The bytes as UTF-8 text; a 400 `HttpFailure` when they are not valid UTF-8. */
const utf8 = (bytes: Buffer): string => {
  try {
    return UTF8.decode(bytes);
  } catch {
    return fail(400, 'body is not valid UTF-8');
  }
};

/**
 * Reads the whole body as UTF-8. Rejects with a 413 `HttpFailure` as soon as more than
 * `maxBytes` are announced or received, and stops reading the request then; with a 400 when the
 * body is not valid UTF-8 (invalid or overlong sequences, encoded surrogates), rather than
 * storing U+FFFD in its place.
 */
export const readBody = (req: IncomingMessage, maxBytes: number): Promise<string> =>
  new Promise((resolve, reject) => {
    const announced = Number(req.headers['content-length'] ?? 0);
    if (announced > maxBytes) {
      req.pause();
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        req.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      try {
        resolve(utf8(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks)));
      } catch (err) {
        reject(err);
      }
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });

/**
 * Decodes an auth body into its fields: JSON when the text parses as JSON (it must then be an
 * object), form-urlencoded otherwise. An empty body has no fields. Throws a 400 `HttpFailure`.
 */
export const parseFields = (text: string): Record<string, unknown> => {
  if (text.trim() === '') return {};
  const json = readJsonText(text);
  if (json.ok) return isRecord(json.value) ? json.value : fail(400, 'body must be an object');
  if (json.problem !== 'invalid JSON') return fail(400, json.problem);
  const fields: Record<string, unknown> = {};
  for (const [key, value] of parseForm(text, 'body')) fields[key] = value;
  return fields;
};

/**
 * Decodes a data body: it must be a JSON object nested at most `MAX_JSON_DEPTH` levels, whose
 * numbers all fit a double. Throws a 400 `HttpFailure` otherwise.
 */
export const parseJsonObject = (text: string): JsonObject => {
  const json = readJsonText(text, MAX_JSON_DEPTH);
  if (!json.ok) return fail(400, json.problem);
  if (!isRecord(json.value)) return fail(400, 'body must be a JSON object');
  return json.value as JsonObject;
};

/**
 * Decodes a batch body: a JSON array whose items are all JSON objects, nested at most
 * `MAX_JSON_DEPTH` levels in all, whose numbers all fit a double. Throws a 400 `HttpFailure`
 * otherwise.
 */
export const parseJsonObjectArray = (text: string): JsonObject[] => {
  const json = readJsonText(text, MAX_JSON_DEPTH);
  if (!json.ok) return fail(400, json.problem);
  if (!Array.isArray(json.value)) return fail(400, 'body must be a JSON array');
  const items: unknown[] = json.value;
  if (!items.every(isRecord)) return fail(400, 'every item must be a JSON object');
  return items as JsonObject[];
};
