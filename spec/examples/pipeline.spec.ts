/**
 * `examples/pipeline.ts` as a user runs it: a child process against the local server it starts,
 * which exits 0 by itself after printing the joined board and the debounced search results.
 */
import { startScript } from '../support/child-script';

jest.setTimeout(60_000);

describe('examples/pipeline.ts', () => {
  it('should print the board as either bucket changes and the search as the query and the data change, then exit 0', async () => {
    const run = startScript('examples/pipeline.ts');
    expect({ code: await run.exited, stderr: run.stderr() }).toEqual({ code: 0, stderr: '' });

    const board = run.lines.filter((line) => line.startsWith('board: '));
    expect(board).toEqual([
      'board: Home: Fix the tap | Shopping: Buy milk, Eggs',
      'board: Home: Fix the tap | Shopping: Eggs',
      'board: House: Fix the tap | Shopping: Eggs',
      'board: House: Fix the tap | Shopping: Eggs, Oat milk',
    ]);
    // Keystrokes 40 ms apart, debounced at 200 ms: one search, unless a slow machine stretches a
    // gap past the debounce. Either way the last query searched is the word typed, and its
    // results followed the todo added after.
    const searches = run.lines.filter((line) => line.startsWith('search '));
    expect(searches.slice(-2)).toEqual([
      'search "milk": Buy milk',
      'search "milk": Buy milk, Oat milk',
    ]);
    expect(run.lines[run.lines.length - 1]).toBe('done');
  });
});
