/**
 * Change versions (`cv`): the opaque, strictly increasing cursors the server hands out, one per
 * recorded change. A cv is 24 lowercase hex digits: 8 for the Unix second it was issued in,
 * then a 16-digit counter that never goes backwards, so cvs sort as strings in issue order.
 */

/** The cursor before every change: `changes` accepts it as "from the start". */
export const ZERO_CV = '000000000000000000000000';

const CV_PATTERN = /^[0-9a-f]{24}$/;

/** Whether `u` has the shape of a cv (it may still be one this server never issued). */
export const isCv = (u: unknown): u is string => typeof u === 'string' && CV_PATTERN.test(u);

/** Issues strictly increasing cvs, starting after `last` (the newest cv ever issued). */
export class CvClock {
  private seconds: number;
  private counter: number;

  /**
   * @param last the newest cv issued so far (from the database), or `ZERO_CV`
   * @param now the clock, in milliseconds since the epoch
   */
  constructor(
    last: string,
    private readonly now: () => number = Date.now,
  ) {
    const valid = isCv(last) ? last : ZERO_CV;
    this.seconds = parseInt(valid.slice(0, 8), 16);
    this.counter = parseInt(valid.slice(8), 16);
  }

  /** The newest cv issued so far (the one given at construction if none was issued yet). */
  get last(): string {
    return this.format();
  }

  /** The next cv: never equal to or smaller than any cv issued before, even if the clock steps back. */
  next(): string {
    this.seconds = Math.max(this.seconds, Math.floor(this.now() / 1000));
    this.counter += 1;
    return this.format();
  }

  private format(): string {
    return this.seconds.toString(16).padStart(8, '0') + this.counter.toString(16).padStart(16, '0');
  }
}
