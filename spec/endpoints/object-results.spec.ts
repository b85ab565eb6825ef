import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import {
  readDeleteResult,
  readGetResult,
  readPostResult,
} from '../../lib/endpoints/object-results';
import type { Exchange } from '../../lib/transport/execute';
import { expectLeft } from '../support/either';

const Doc = t.type({ n: t.number }, 'Doc');
const exchange = (status: number, text = '', headers: Record<string, string> = {}): Exchange => ({
  request: { method: 'POST', url: 'https://api.test/1/app/b/i/x' },
  response: { status, statusText: '', headers, text },
});

describe('readPostResult', () => {
  it('should read the version and mark a 200 or 409 as changed, a 412 as unchanged', () => {
    const read = readPostResult(Doc, 'x', false);
    expect(read(exchange(200, '', { 'x-simperium-version': '2' }))).toEqual(
      E.right({ id: 'x', version: 2, changed: true }),
    );
    expect(read(exchange(409))).toEqual(E.right({ id: 'x', changed: true }));
    expect(read(exchange(412, '', { 'x-simperium-version': '2' }))).toEqual(
      E.right({ id: 'x', version: 2, changed: false }),
    );
  });

  it('should decode the body only when asked and the status is 200', () => {
    const read = readPostResult(Doc, 'x', true);
    expect(read(exchange(200, '{"n":1}'))).toEqual(
      E.right({ id: 'x', changed: true, data: { n: 1 } }),
    );
    expect(read(exchange(412, 'ignored'))).toEqual(E.right({ id: 'x', changed: false }));
    expect(readPostResult(Doc, 'x', false)(exchange(200, 'not json'))).toEqual(
      E.right({ id: 'x', changed: true }),
    );
    expectLeft(read(exchange(200, '{"n":"1"}')), 'DecodeError');
  });
});

describe('readGetResult', () => {
  it('should need both the body and the version header', () => {
    const read = readGetResult(Doc, 'x');
    expect(read(exchange(200, '{"n":1}', { 'x-simperium-version': '3' }))).toEqual(
      E.right({ id: 'x', version: 3, data: { n: 1 } }),
    );
    expectLeft(read(exchange(200, '{"n":1}')), 'DecodeError');
    expectLeft(read(exchange(200, '{}', { 'x-simperium-version': '3' })), 'DecodeError');
  });
});

describe('readDeleteResult', () => {
  it('should read the version when present', () => {
    expect(readDeleteResult('x')(exchange(200, '', { 'x-simperium-version': '4' }))).toEqual(
      E.right({ id: 'x', version: 4 }),
    );
    expect(readDeleteResult('x')(exchange(200))).toEqual(E.right({ id: 'x' }));
    expectLeft(
      readDeleteResult('x')(exchange(200, '', { 'x-simperium-version': 'x' })),
      'DecodeError',
    );
  });
});
