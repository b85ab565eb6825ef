import * as E from 'fp-ts/Either';
import { of } from 'rxjs';
import { OE } from '../lib';
import { collect } from './support/collect';

describe('OE', () => {
  const values = of(E.right(2), E.left('bad'), E.right(5));

  it('should map Right values and pass Left values through', async () => {
    expect(await collect(OE.map((n: number) => n * 10)(values))).toEqual([
      E.right(20),
      E.left('bad'),
      E.right(50),
    ]);
  });

  it('should map Left values and pass Right values through', async () => {
    expect(await collect(OE.mapLeft((e: string) => e.toUpperCase())(values))).toEqual([
      E.right(2),
      E.left('BAD'),
      E.right(5),
    ]);
  });

  it('should chain a Right into another ObservableEither and keep a Left as it is', async () => {
    const halve = (n: number) => (n % 2 === 0 ? OE.right<string, number>(n / 2) : OE.left('odd'));
    expect(await collect(values.pipe(OE.chain(halve)))).toEqual([
      E.right(1),
      E.left('bad'),
      E.left('odd'),
    ]);
  });

  it('should make one-value streams with right and left', async () => {
    expect(await collect(OE.right(1))).toEqual([E.right(1)]);
    expect(await collect(OE.left('e'))).toEqual([E.left('e')]);
  });
});
