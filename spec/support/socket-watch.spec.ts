import { once } from 'node:events';
import * as net from 'node:net';
import { watchSockets } from './socket-watch';

/** A loopback TCP server that keeps the sockets it accepts until `close`. */
const listen = async () => {
  const accepted: net.Socket[] = [];
  const server = net.createServer((socket) => void accepted.push(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as net.AddressInfo).port,
    accepted,
    close: async () => {
      server.close();
      await once(server, 'close');
    },
  };
};

describe('watchSockets', () => {
  it('should see both ends of a connection and resolve allClosed once both closed', async () => {
    const server = await listen();
    const sockets = watchSockets();
    try {
      const client = net.connect(server.port, '127.0.0.1');
      await once(client, 'connect');
      while (server.accepted.length === 0) await new Promise((r) => setImmediate(r));
      expect(sockets.opened()).toBe(2);
      expect(sockets.open()).toBe(2);

      let closed = false;
      const allClosed = sockets.allClosed().then(() => (closed = true));
      client.destroy();
      await once(client, 'close');
      await new Promise((r) => setImmediate(r));
      expect(closed).toBe(false); // the server's end is still open
      server.accepted[0]?.destroy();
      await allClosed;
      expect(sockets.open()).toBe(0);
    } finally {
      sockets.stop();
      await server.close();
    }
  });

  it('should not see sockets opened after stop', async () => {
    const server = await listen();
    const sockets = watchSockets();
    sockets.stop();
    try {
      const client = net.connect(server.port, '127.0.0.1');
      await once(client, 'connect');
      expect(sockets.opened()).toBe(0);
      client.destroy();
      await once(client, 'close');
    } finally {
      server.accepted.forEach((s) => s.destroy());
      await server.close();
    }
  });
});
