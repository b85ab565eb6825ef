import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { channelFrame, initPayload, parseFrame, parseJson } from '../../lib/socket/frames';
import { VERSION } from '../../lib/version';

describe('frames', () => {
  it('should read a channel message, whose payload may hold colons and newlines', () => {
    expect(parseFrame('12:c:[{"a":"x:y\nz"}]')).toEqual({
      kind: 'channel',
      channel: 12,
      command: 'c',
      payload: '[{"a":"x:y\nz"}]',
    });
    expect(parseFrame('0:auth')).toEqual({
      kind: 'channel',
      channel: 0,
      command: 'auth',
      payload: '',
    });
  });

  it('should read a message without a channel number as the connection’s', () => {
    expect(parseFrame('h:7')).toEqual({ kind: 'connection', command: 'h', payload: '7' });
    expect(parseFrame('log:1')).toEqual({ kind: 'connection', command: 'log', payload: '1' });
    expect(parseFrame('x1:c:[]')).toEqual({ kind: 'connection', command: 'x1', payload: 'c:[]' });
  });

  it('should write a channel message', () => {
    expect(channelFrame(3, 'cv', 'abc')).toBe('3:cv:abc');
  });

  it('should tell JSON from plain text', () => {
    expect(parseJson('{"code":401}')).toEqual({ code: 401 });
    expect(parseJson('ann@example.com')).toBeUndefined();
  });

  it('should name the bucket, the client, the credentials and this library in init', () => {
    expect(
      JSON.parse(initPayload({ bucket: 'todo', clientid: 'c1', token: 't1', appId: 'a1' })),
    ).toEqual({
      name: 'todo',
      clientid: 'c1',
      api: '1.1',
      token: 't1',
      app_id: 'a1',
      library: 'simperium-rx',
      version: VERSION,
    });
  });

  it('should report the version package.json says', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(VERSION).toBe(pkg.version);
  });
});
