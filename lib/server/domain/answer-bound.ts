/**
 * The bound on every answer that carries data (`changes`, `all`, `index`, bulk results): at most
 * so many items and so many bytes, but always at least one item, so that one object larger than
 * the bound still goes through (alone). A reader that gets fewer items than it asked for pages on
 * from the last one, as it does after a full page.
 */

/** How much one answer may hold. */
export interface AnswerBound {
  /** Most items. */
  readonly count: number;
  /** Most bytes of JSON (UTF-8), unless a single item is larger. */
  readonly bytes: number;
}

/** JSON texts collected for one answer, up to its bound. */
export class BoundedTexts {
  readonly texts: string[] = [];
  private size = 2;

  constructor(private readonly bound: AnswerBound) {}

  /** Whether the bound's count is reached (no more items fit). */
  get full(): boolean {
    return this.texts.length >= this.bound.count;
  }

  /**
   * Adds `text` when it fits: the count is not reached, and the bytes stay within the bound or no
   * item was added yet. Returns whether it was added; once one is refused, stop adding.
   */
  add(text: string): boolean {
    if (this.full) return false;
    const bytes = Buffer.byteLength(text) + (this.texts.length === 0 ? 0 : 1);
    if (this.texts.length > 0 && this.size + bytes > this.bound.bytes) return false;
    this.texts.push(text);
    this.size += bytes;
    return true;
  }

  /** The texts as one JSON array. */
  json(): string {
    return `[${this.texts.join(',')}]`;
  }
}
