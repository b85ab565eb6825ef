import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import * as t from 'io-ts';
import { MAX_MESSAGE_LENGTH, decodeJson, decodeValue } from '../../lib/codecs/decode';
import { expectLeft } from '../support/either';

const Point = t.type({ x: t.number, y: t.number }, 'Point');
const req = { method: 'GET', url: 'https://api.test/1/app/b/i/p' };

describe('decodeJson', () => {
  it('should parse and decode a matching body', () => {
    expect(decodeJson(Point, { text: '{"x":1,"y":2}' }, req)).toEqual(E.right({ x: 1, y: 2 }));
  });

  it('should report a wrong shape with PathReporter messages, the io-ts errors and the request', () => {
    const error = expectLeft(decodeJson(Point, { text: '{"x":"1"}' }, req), 'DecodeError');
    expect(error.messages).toEqual([
      'Invalid value "1" supplied to : Point/x: number',
      'Invalid value undefined supplied to : Point/y: number',
    ]);
    expect(error.errors).toHaveLength(2);
    expect(error.method).toBe('GET');
    expect(error.url).toBe(req.url);
  });

  it('should not throw for a body nested too deeply to print, and still say where it fails', () => {
    const depth = 200_000;
    const text = '['.repeat(depth) + ']'.repeat(depth);
    const error = expectLeft(decodeJson(Point, { text }, req), 'DecodeError');
    expect(error.messages).toEqual(['Invalid value supplied to : Point']);
    expect(error.url).toBe(req.url);
  });

  it.each([[''], ['not json'], ['{"x":1,'], ['<html>']])(
    'should give a DecodeError for the non-JSON body %j',
    (text) => {
      const error = expectLeft(decodeJson(Point, { text }, req), 'DecodeError');
      expect(error.messages).toHaveLength(1);
      expect(error.messages[0]).toMatch(/^Invalid JSON supplied to Point/);
      expect(error.url).toBe(req.url);
    },
  );

  it('should cut a message quoting a huge value to MAX_MESSAGE_LENGTH characters', () => {
    const huge = JSON.stringify({ x: 'a'.repeat(50_000), y: 1 });
    const error = expectLeft(decodeJson(Point, { text: `[${huge}]` }, req), 'DecodeError');
    expect(error.messages).toHaveLength(1);
    const [message] = error.messages;
    expect(message?.length).toBeLessThan(MAX_MESSAGE_LENGTH + 40);
    expect(message).toMatch(/^Invalid value \[\{"x":"aaa/);
    expect(message).toMatch(/… \(\d+ more characters\)$/);
  });

  it('should leave out method and url when no request is given', () => {
    const error = expectLeft(decodeJson(Point, { text: '[]' }), 'DecodeError');
    expect('url' in error).toBe(false);
  });

  it('should never quote the body or keep the io-ts errors when redacting', () => {
    const Secret = t.type({ access_token: t.string, userid: t.string }, 'Secret');
    const wrong = expectLeft(
      decodeJson(Secret, { text: '{"access_token":"tok-123","userid":5}' }, req, { redact: true }),
      'DecodeError',
    );
    expect(wrong.messages).toEqual(['Invalid value supplied to : Secret/userid: string']);
    expect(wrong.errors).toBeUndefined();
    const broken = expectLeft(
      decodeJson(Secret, { text: '{"access_token":"tok-123"' }, req, { redact: true }),
      'DecodeError',
    );
    expect(JSON.stringify([wrong, broken])).not.toContain('tok-123');
  });

  it('should never throw, whatever the body', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const result = decodeJson(Point, { text }, req);
        expect(
          E.isLeft(result) ||
            (typeof result.right.x === 'number' && typeof result.right.y === 'number'),
        ).toBe(true);
      }),
    );
  });
});

describe('decodeValue', () => {
  it('should decode an already-parsed value', () => {
    expect(decodeValue(Point, { x: 0, y: 0 })).toEqual(E.right({ x: 0, y: 0 }));
    expect(expectLeft(decodeValue(Point, null, req), 'DecodeError').messages).toEqual([
      'Invalid value null supplied to : Point',
    ]);
  });
});
