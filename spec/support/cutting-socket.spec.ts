import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { socketCutter } from './cutting-socket';

/** A server that sends `count` numbered messages to each socket, then waits. */
const server = async (count: number) => {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(wss, 'listening');
  wss.on('connection', (ws) => {
    for (let i = 0; i < count; i += 1) ws.send(String(i));
  });
  const { port } = wss.address() as AddressInfo;
  return { url: `ws://127.0.0.1:${port}`, close: () => new Promise((r) => wss.close(r)) };
};

/** Opens a socket of `Class`; resolves with the messages it handed over once it closed. */
const receive = (Class: new (url: string) => WebSocket, url: string, until: number) =>
  new Promise<string[]>((resolve) => {
    const got: string[] = [];
    const ws = new Class(url);
    ws.onmessage = (event) => {
      got.push(String(event.data));
      if (got.length === until) ws.close();
    };
    ws.onclose = () => resolve(got);
  });

describe('socketCutter', () => {
  it('should pass every message at rate 0', async () => {
    const s = await server(50);
    const cutter = socketCutter({ rate: 0, seed: 1 });
    expect(await receive(cutter.WebSocket, s.url, 50)).toHaveLength(50);
    expect(cutter.cuts()).toBe(0);
    await s.close();
  });

  it('should cut the connection at a message drawn by its seed, the same for the same seed', async () => {
    const s = await server(200);
    const runs = await Promise.all(
      [1, 1, 2].map((seed) => receive(socketCutter({ rate: 0.05, seed }).WebSocket, s.url, 200)),
    );
    expect(runs[0]?.length).toBeLessThan(200);
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).not.toEqual(runs[0]);
    await s.close();
  });
});
