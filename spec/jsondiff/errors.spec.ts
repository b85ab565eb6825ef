import { JsonDiffError } from '../../lib/jsondiff';
import { at } from '../../lib/jsondiff/errors';

describe('JsonDiffError', () => {
  it('should be an Error carrying its code and message', () => {
    const error = new JsonDiffError('bad-target', 'nope');
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(JsonDiffError);
    expect(error.name).toBe('JsonDiffError');
    expect(error.code).toBe('bad-target');
    expect(error.message).toBe('nope');
    expect(String(error)).toBe('JsonDiffError: nope');
  });
});

describe('at', () => {
  it('should render a path like a JSON pointer', () => {
    expect(at([])).toBe('/');
    expect(at(['a', '0', 'b'])).toBe('/a/0/b');
  });
});
