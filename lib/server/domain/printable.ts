/**
 * The one rule for free text the server keeps in identifiers (object ids, usernames): no
 * control characters (C0, DEL, C1) and no lone UTF-16 surrogates, which clients refuse to send
 * and which would reach JSON answers and logs as raw escape sequences.
 */

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether `text` holds a UTF-16 surrogate without its other half (so it is not Unicode text). */
export const hasLoneSurrogate = (text: string): boolean => LONE_SURROGATE.test(text);

/** Whether `text` is well-formed UTF-16 without control characters (the empty text is). */
export const isPrintable = (text: string): boolean =>
  !CONTROL.test(text) && !LONE_SURROGATE.test(text);
