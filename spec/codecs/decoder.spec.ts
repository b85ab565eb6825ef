import * as t from 'io-ts';
import { PathReporter } from 'io-ts/PathReporter';
import { decoder } from '../../lib/codecs/decoder';

describe('decoder', () => {
  const Even = decoder<number>('Even', (u, c) =>
    typeof u === 'number' && u % 2 === 0 ? t.success(u) : t.failure(u, c),
  );

  it('should decode as io-ts does, the value itself at the root of the context', () => {
    expect(Even.name).toBe('Even');
    expect(Even.decode(4)).toEqual(t.success(4));
    expect(PathReporter.report(Even.decode(3))).toEqual(['Invalid value 3 supplied to : Even']);
  });

  it('should take what a fast path reads, and validate what it leaves', () => {
    const validate = jest.fn((u: unknown, c: t.Context) =>
      typeof u === 'number' && u % 2 === 0 ? t.success(u) : t.failure<number>(u, c),
    );
    const Fast = decoder<number>('Even', validate, (u) => (u === 2 ? 2 : undefined));
    expect(Fast.decode(2)).toEqual(t.success(2));
    expect(validate).not.toHaveBeenCalled();
    expect(Fast.decode(4)).toEqual(t.success(4));
    expect(PathReporter.report(Fast.decode(3))).toEqual(['Invalid value 3 supplied to : Even']);
    expect(validate).toHaveBeenCalledTimes(2);
  });
});
