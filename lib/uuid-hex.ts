/**
 * Random identifiers for objects, changes and clients.
 *
 * @since 0.1.0
 */

const hex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * A random UUID v4 as 32 lower-case hex digits without dashes, like Python's `uuid4().hex`: the
 * format Simperium clients use for object ids and ccids. Uses `crypto.getRandomValues`, which
 * browsers provide outside secure contexts too.
 */
export const uuidHex = (): string => {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40; // version 4
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  return hex(bytes);
};
