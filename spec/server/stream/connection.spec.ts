/**
 * One socket's session driven directly, with a fake socket: heartbeats over time, defects, and
 * what a closed session releases.
 */
import { AppRegistry, type KnownApp } from '../../../lib/server/domain/apps';
import { Subscribers } from '../../../lib/server/domain/subscribers';
import { sha256Hex } from '../../../lib/server/domain/tokens';
import { openStorage, type Storage } from '../../../lib/server/storage';
import { StreamConnection } from '../../../lib/server/stream/connection';
import { SocketHolders, type StreamContext } from '../../../lib/server/stream/context';
import type { StreamSocket } from '../../../lib/server/stream/socket';

const USER = 'u'.repeat(32);

/** A socket that records what the session does with it. */
const fakeSocket = () => {
  const record = { sent: [] as string[], closes: [] as string[], terminated: 0, pings: 0 };
  const socket: StreamSocket = {
    send: (text) => record.sent.push(text),
    close: (code, reason) => record.closes.push(`${code} ${reason}`),
    terminate: () => (record.terminated += 1),
    ping: () => (record.pings += 1),
  };
  return { socket, record };
};

describe('StreamConnection', () => {
  let storage: Storage;
  let ctx: StreamContext;
  let app: KnownApp;
  beforeEach(() => {
    storage = openStorage(':memory:');
    storage.apps.upsert({ id: 'app', apiKey: 'k', adminKey: 'a' });
    storage.users.create({
      id: USER,
      app: 'app',
      username: 'u@b.com',
      password: { salt: '', hash: '' },
    });
    storage.users.addToken('app', USER, sha256Hex('token'));
    app = new AppRegistry(storage).find('app') as KnownApp;
    ctx = {
      storage,
      subscribers: new Subscribers(storage),
      holders: new SocketHolders(1),
      limits: {
        maxSocketMessageBytes: 1 << 20,
        maxChannelsPerSocket: 10,
        maxSocketsPerUser: 1,
        socketPingIntervalMs: 1000,
        socketAuthTimeoutMs: 60_000,
        maxAnswerBytes: 1 << 20,
      },
    };
  });
  afterEach(() => storage.close());

  const init = '0:init:{"name":"note","token":"token","clientid":"c"}';

  it('should ping a socket that was heard from, and drop one silent through a whole interval', () => {
    const { socket, record } = fakeSocket();
    const connection = new StreamConnection(ctx, app, socket);
    expect(connection.beat()).toBe(true);
    connection.pong();
    expect(connection.beat()).toBe(true);
    connection.receive('h:1');
    expect(connection.beat()).toBe(true);
    expect(record.pings).toBe(3);
    expect(connection.beat()).toBe(false);
    expect(record.terminated).toBe(1);
    connection.closed();
  });

  it('should close with 1011 on a defect, and run nothing after', () => {
    const { socket, record } = fakeSocket();
    const connection = new StreamConnection(ctx, app, socket);
    jest.spyOn(storage.users, 'tokenOwner').mockImplementation(() => {
      throw new Error('disk gone');
    });
    connection.receive(init);
    connection.receive('h:1');
    expect(record).toMatchObject({ sent: [], closes: ['1011 internal error'] });
    connection.closed();
  });

  it('should close with 1011 when a live channel fails while checking its token again', async () => {
    const { socket, record } = fakeSocket();
    const connection = new StreamConnection(ctx, app, socket);
    connection.receive(init);
    connection.receive('0:cv:');
    connection.receive('0:i:1:::10');
    expect(record.sent.map((m) => m.slice(0, 7))).toEqual(['0:auth:', '0:cv:?', '0:i:{"c']);
    storage.users.revocations += 1;
    jest.spyOn(storage.users, 'tokenOwner').mockImplementation(() => {
      throw new Error('disk gone');
    });
    ctx.subscribers.recheck('app', USER);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(record.closes).toEqual(['1011 internal error']);
    connection.closed();
    expect(ctx.subscribers.count).toBe(0);
  });

  it('should release its channels, its subscriptions and its place in the user count once closed', () => {
    const first = new StreamConnection(ctx, app, fakeSocket().socket);
    first.receive(init);
    first.receive('0:i:1:::10');
    expect([first.channelCount, ctx.subscribers.count]).toEqual([1, 1]);
    const { socket, record } = fakeSocket();
    const second = new StreamConnection(ctx, app, socket);
    second.receive(init);
    expect(record.sent).toEqual([
      '0:auth:{"msg":"too many sockets for this user (at most 1)","code":500}',
    ]);
    first.closed();
    expect([first.channelCount, ctx.subscribers.count]).toEqual([0, 0]);
    second.receive(init);
    expect(record.sent[1]).toBe('0:auth:u@b.com');
    second.closed();
  });
});
