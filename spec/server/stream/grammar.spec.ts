import {
  channelMessage,
  commandError,
  heartbeatAnswer,
  parseInbound,
} from '../../../lib/server/stream/grammar';

describe('parseInbound', () => {
  it('should split channel traffic at the first colon, then the next', () => {
    expect(parseInbound('0:c:{"v":"a:b\nc"}')).toEqual({
      kind: 'channel',
      channel: 0,
      command: 'c',
      payload: '{"v":"a:b\nc"}',
    });
    expect(parseInbound('12:i:1:mark::10')).toEqual({
      kind: 'channel',
      channel: 12,
      command: 'i',
      payload: '1:mark::10',
    });
  });

  it('should take the rest as the command when no colon follows it', () => {
    expect(parseInbound('3:index')).toEqual({
      kind: 'channel',
      channel: 3,
      command: 'index',
      payload: '',
    });
  });

  it('should read heartbeats, counting anything but a whole number as 0', () => {
    expect(['h:1', 'h:41', 'h:', 'h:-3', 'h:x', `h:${'9'.repeat(16)}`].map(parseInbound)).toEqual([
      { kind: 'heartbeat', count: 1 },
      { kind: 'heartbeat', count: 41 },
      { kind: 'heartbeat', count: 0 },
      { kind: 'heartbeat', count: 0 },
      { kind: 'heartbeat', count: 0 },
      { kind: 'heartbeat', count: 0 },
    ]);
  });

  it('should read log lines as logging, whatever they hold', () => {
    expect(parseInbound('log:{"log":"x"}')).toEqual({ kind: 'log' });
  });

  it('should call anything else invalid, saying why', () => {
    expect(parseInbound('hello')).toEqual({ kind: 'invalid', reason: 'malformed message: no ":"' });
    expect(parseInbound('x1:init:{}')).toEqual({
      kind: 'invalid',
      reason: 'malformed message: unknown command "x1"',
    });
    expect(parseInbound('1234567890:c:{}').kind).toBe('invalid');
    expect(parseInbound('-1:c:{}').kind).toBe('invalid');
  });
});

describe('the answers', () => {
  it('should increment heartbeats and frame channel messages', () => {
    expect(heartbeatAnswer(7)).toBe('h:8');
    expect(channelMessage(2, 'auth', 'a@b.com')).toBe('2:auth:a@b.com');
    expect(commandError(4)).toBe('4:?');
  });
});
