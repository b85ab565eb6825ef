/**
 * How `tail` prints a change: one line for people (coloured on a terminal), or one line of JSON.
 */
import type { Change } from '../codecs/change.js';

/** ANSI styles, and a style that adds nothing when colour is off. */
const STYLES = {
  dim: ['\x1b[2m', '\x1b[22m'],
  bold: ['\x1b[1m', '\x1b[22m'],
  green: ['\x1b[32m', '\x1b[39m'],
  yellow: ['\x1b[33m', '\x1b[39m'],
  red: ['\x1b[31m', '\x1b[39m'],
  cyan: ['\x1b[36m', '\x1b[39m'],
} as const;

type Style = keyof typeof STYLES;

const styler =
  (color: boolean) =>
  (style: Style, text: string): string =>
    color ? `${STYLES[style][0]}${text}${STYLES[style][1]}` : text;

/** What a change did, in a word, and its colour: `new`, `mod`, `del`, or the code as sent. */
export const operationOf = (change: Change<unknown>): readonly [string, Style] => {
  if (change.o === '-') return ['del', 'red'];
  if (change.o === 'M') return change.sv === undefined ? ['new', 'green'] : ['mod', 'yellow'];
  return [change.o, 'cyan'];
};

const two = (n: number): string => String(n).padStart(2, '0');

/** `HH:MM:SS` in local time. */
export const clockTime = (at: Date): string =>
  `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;

/**
 * A change for people: arrival time, operation, id, the version it made, and its diff as JSON
 * (none for a deletion), e.g. `12:03:07 mod 5f3c… v3 {"done":{"o":"r","v":true}}`.
 *
 * @param at when the change arrived
 * @param color whether to add ANSI colours
 */
export const formatChange = (change: Change<unknown>, at: Date, color: boolean): string => {
  const paint = styler(color);
  const [word, style] = operationOf(change);
  const parts = [
    paint('dim', clockTime(at)),
    paint(style, word.padEnd(3)),
    paint('bold', change.id),
    ...(change.ev === undefined ? [] : [`v${change.ev}`]),
    ...(change.v === undefined ? [] : [JSON.stringify(change.v)]),
  ];
  return parts.join(' ');
};

/**
 * A change as one line of JSON, with the wire names and nothing else: `id`, `cv`, `o`, and `v`,
 * `sv`, `ev`, `ccids`, `clientid` when present.
 */
export const changeJson = (change: Change<unknown>): string =>
  JSON.stringify({
    id: change.id,
    cv: change.cv,
    o: change.o,
    v: change.v,
    sv: change.sv,
    ev: change.ev,
    ccids: change.ccids,
    clientid: change.clientid,
  });
