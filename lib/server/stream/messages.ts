/**
 * How large the server's messages are. node-simperium's transport refuses a frame over 1 MiB (it
 * closes with 1009) and a message over 8 MiB, so index pages and change lists are cut into
 * messages below 1 MiB; a single item larger than that (one big object) still goes alone, in a
 * message the socket sends as several frames (see `socket.ts`).
 */
import { BoundedTexts } from '../domain/answer-bound';

/** Most bytes of JSON in one index page or change list sent on a socket. */
export const MESSAGE_BYTES = 1024 * 1024 - 1024;

/** Most bytes in one frame: longer messages are sent in several frames. */
export const FRAME_BYTES = 512 * 1024;

/** The bytes bound of a page or list: `maxAnswerBytes`, below `MESSAGE_BYTES`. */
export const messageBytes = (maxAnswerBytes: number): number =>
  Math.min(maxAnswerBytes, MESSAGE_BYTES);

/**
 * Cuts JSON texts into JSON arrays of at most `bytes` each (a text larger than that alone), in
 * order; none when there is no text.
 */
export const jsonArrays = (texts: Iterable<string>, bytes: number): string[] => {
  const arrays: string[] = [];
  let current = new BoundedTexts({ count: Number.POSITIVE_INFINITY, bytes });
  for (const text of texts) {
    if (current.add(text)) continue;
    arrays.push(current.json());
    current = new BoundedTexts({ count: Number.POSITIVE_INFINITY, bytes });
    current.add(text);
  }
  if (current.texts.length > 0) arrays.push(current.json());
  return arrays;
};
