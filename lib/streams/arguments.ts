/**
 * Checks of the stream options that end up in a query (numbers and cursors), each returning
 * `Right(value)` or `Left(InvalidArgumentError)` so the stream refuses bad input before sending
 * anything.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either';
import { invalidArgumentError } from '../errors';
import { validateAsciiId, type Validation } from '../transport/validate';

/** `undefined`, or a whole number from 1 to `max`. */
export const optionalCount = (
  argument: string,
  value: number | undefined,
  max = Number.MAX_SAFE_INTEGER,
): Validation<number | undefined> =>
  value === undefined || (Number.isSafeInteger(value) && value >= 1 && value <= max)
    ? E.right(value)
    : E.left(invalidArgumentError(argument, `${argument} must be a whole number from 1 to ${max}`));

/** `undefined`, or a positive number of milliseconds (fractions allowed). */
export const optionalDuration = (
  argument: string,
  value: number | undefined,
): Validation<number | undefined> =>
  value === undefined || (Number.isFinite(value) && value > 0)
    ? E.right(value)
    : E.left(
        invalidArgumentError(argument, `${argument} must be a positive number of milliseconds`),
      );

/** `undefined`, or a number of milliseconds from 0 (fractions allowed; `0` means no wait). */
export const optionalDelay = (
  argument: string,
  value: number | undefined,
): Validation<number | undefined> =>
  value === undefined || (Number.isFinite(value) && value >= 0)
    ? E.right(value)
    : E.left(invalidArgumentError(argument, `${argument} must be a number of milliseconds from 0`));

/** `undefined`, or a cursor (`cv`, `mark`, `since`): 1–256 visible ASCII characters. */
export const optionalCursor = (
  argument: string,
  value: string | undefined,
): Validation<string | undefined> =>
  value === undefined ? E.right(undefined) : validateAsciiId(argument, value);

/** A list of client ids, each 1–256 visible ASCII characters. */
export const clientIds = (
  argument: string,
  values: ReadonlyArray<string>,
): Validation<ReadonlyArray<string>> =>
  E.traverseArray((id: string) => validateAsciiId(argument, id))(values);
