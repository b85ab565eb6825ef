/**
 * The rules for free text that travels in identifiers — object ids, usernames — shared by the
 * client, which refuses such text before sending it, and the local server, which refuses it on
 * arrival: no control characters (C0, DEL, C1) and no lone UTF-16 surrogates, which would reach
 * URLs, JSON answers and logs as raw escape sequences.
 *
 * @since 0.1.0
 */

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether `text` holds a control character (C0, DEL or C1). */
export const hasControlCharacter = (text: string): boolean => CONTROL.test(text);

/** Whether `text` holds a UTF-16 surrogate that is not half of a pair (not well-formed Unicode). */
export const hasLoneSurrogate = (text: string): boolean => LONE_SURROGATE.test(text);

/** Whether `text` is well-formed UTF-16 without control characters (the empty text is). */
export const isPrintable = (text: string): boolean =>
  !hasControlCharacter(text) && !hasLoneSurrogate(text);
