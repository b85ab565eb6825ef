import type { KnownApp } from '../../../lib/server/domain/apps';
import { Subscribers } from '../../../lib/server/domain/subscribers';
import { openStorage } from '../../../lib/server/storage';
import { ACKNOWLEDGED_KEPT, StreamChannel } from '../../../lib/server/stream/channel';
import { SocketHolders, type StreamContext } from '../../../lib/server/stream/context';

describe('StreamChannel', () => {
  it('should remember the newest changes acknowledged before it is live, and forget them once live', () => {
    const storage = openStorage(':memory:');
    try {
      const ctx: StreamContext = {
        storage,
        subscribers: new Subscribers(storage),
        holders: new SocketHolders(1),
        limits: {
          maxSocketMessageBytes: 1,
          maxChannelsPerSocket: 1,
          maxSocketsPerUser: 1,
          socketPingIntervalMs: 1,
          socketAuthTimeoutMs: 1,
          maxAnswerBytes: 1,
        },
      };
      const auth = {
        app: { id: 'app' } as KnownApp,
        bucket: 'note',
        user: 'u',
        clientid: 'c',
        secretHash: Buffer.alloc(32),
        actAs: undefined,
      };
      const sent: string[] = [];
      const socket = {
        send: (t: string) => sent.push(t),
        defect: () => undefined,
        drop: () => undefined,
      };
      const channel = new StreamChannel(0, auth, ctx, socket);
      const cv = (n: number) => n.toString(16).padStart(24, '0');
      for (let n = 1; n <= ACKNOWLEDGED_KEPT + 1; n += 1) channel.acknowledge(cv(n));
      expect([channel.wasAcknowledged(cv(1)), channel.wasAcknowledged(cv(2))]).toEqual([
        false,
        true,
      ]);
      expect(channel.wasAcknowledged(cv(ACKNOWLEDGED_KEPT + 1))).toBe(true);
      channel.follow(cv(ACKNOWLEDGED_KEPT + 1));
      expect([channel.live, channel.wasAcknowledged(cv(2)), ctx.subscribers.count]).toEqual([
        true,
        false,
        1,
      ]);
      channel.stop();
      expect([channel.live, ctx.subscribers.count]).toEqual([false, 0]);
    } finally {
      storage.close();
    }
  });
});
