import * as E from 'fp-ts/Either';
import { decodeVersion } from '../../lib/codecs/version-header';
import { expectLeft } from '../support/either';

const req = { method: 'GET', url: 'https://api.test/1/app/b/i/x' };

describe('decodeVersion', () => {
  it('should read a positive integer', () => {
    expect(decodeVersion({ 'x-simperium-version': '7' }, req, true)).toEqual(E.right(7));
    expect(decodeVersion({ 'x-simperium-version': ' 12 ' }, req, false)).toEqual(E.right(12));
  });

  it('should give undefined for a missing optional header', () => {
    expect(decodeVersion({}, req, false)).toEqual(E.right(undefined));
  });

  it('should give a DecodeError for a missing required header', () => {
    const error = expectLeft(decodeVersion({}, req, true), 'DecodeError');
    expect(error).toEqual({
      _tag: 'DecodeError',
      messages: ['Missing X-Simperium-Version header'],
      ...req,
    });
  });

  it.each([['0'], ['-1'], ['1.5'], ['abc'], [''], ['9'.repeat(20)]])(
    'should give a DecodeError for %j',
    (raw) => {
      const error = expectLeft(
        decodeVersion({ 'x-simperium-version': raw }, req, false),
        'DecodeError',
      );
      expect(error.messages[0]).toContain('Invalid X-Simperium-Version header');
    },
  );
});
