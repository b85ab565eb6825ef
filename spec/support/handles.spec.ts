import { once } from 'node:events';
import * as net from 'node:net';
import {
  countActiveResources,
  excessResources,
  isTestRunnerFrame,
  trackResources,
} from './handles';

describe('countActiveResources', () => {
  it('should count a live timer and forget it once cleared', () => {
    const before = countActiveResources().Timeout ?? 0;
    const timer = setTimeout(() => undefined, 60_000);
    expect(countActiveResources().Timeout).toBe(before + 1);
    clearTimeout(timer);
    expect(countActiveResources().Timeout ?? 0).toBe(before);
  });

  it('should not count an unref’d timer', () => {
    const before = countActiveResources().Timeout ?? 0;
    const timer = setTimeout(() => undefined, 60_000).unref();
    expect(countActiveResources().Timeout ?? 0).toBe(before);
    clearTimeout(timer);
  });
});

describe('isTestRunnerFrame', () => {
  const stack = (...frames: string[]) => ['Error', ...frames.map((f) => `    at ${f}`)].join('\n');
  const internal = [
    `createdByRunner (${__dirname}/handles.ts:40:17)`,
    'emitInitNative (node:internal/async_hooks:203:43)',
    'new Timeout (node:internal/timers:186:9)',
    'setTimeout (node:timers:164:19)',
  ];

  it('should see a timer armed by the Jest reporter', () => {
    const frame = 'Status._debouncedEmit (/app/node_modules/@jest/reporters/build/index.js:1507:7)';
    expect(isTestRunnerFrame(stack(...internal, frame))).toBe(true);
  });

  it('should see a test timeout armed by jest-circus', () => {
    const frame = 'completed (/app/node_modules/jest-circus/build/jestAdapterInit.js:1775:17)';
    expect(isTestRunnerFrame(stack(...internal, frame))).toBe(true);
  });

  it('should not see a timer armed by the code under test, even when Jest called it', () => {
    const frames = [
      'delay (/app/lib/transport/retry.ts:12:5)',
      'callAsyncCircusFn (/app/node_modules/jest-circus/build/jestAdapterInit.js:1700:3)',
    ];
    expect(isTestRunnerFrame(stack(...internal, ...frames))).toBe(false);
    expect(isTestRunnerFrame(stack(...internal, 'new Promise (<anonymous>)'))).toBe(false);
  });

  it('should not see a timer armed by another dependency', () => {
    const frame = 'Agent.x (/app/node_modules/undici/lib/util/timers.js:1:1)';
    expect(isTestRunnerFrame(stack(...internal, frame))).toBe(false);
  });
});

describe('excessResources', () => {
  it('should keep only the types that grew, by how much they grew', () => {
    const before = { Timeout: 2, TCPSocketWrap: 1, PipeWrap: 1 };
    const after = { Timeout: 3, TCPSocketWrap: 1, TCPServerWrap: 2 };
    expect(excessResources(before, after)).toEqual({ Timeout: 1, TCPServerWrap: 2 });
  });

  it('should be empty when nothing grew', () => {
    expect(excessResources({ Timeout: 1 }, {})).toEqual({});
  });
});

describe('trackResources', () => {
  /** A TCP server on loopback; `hold` keeps accepted sockets open, otherwise they are ended. */
  const listen = async (hold: boolean) => {
    const accepted = new Set<net.Socket>();
    const server = net.createServer((socket) => {
      accepted.add(socket);
      if (!hold) socket.end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const close = async () => {
      for (const socket of accepted) socket.destroy();
      server.close();
      await once(server, 'close');
    };
    return { port: (server.address() as net.AddressInfo).port, close };
  };

  it('should report a server and sockets that are still open', async () => {
    const resources = await trackResources();
    const server = await listen(true);
    const client = net.connect(server.port, '127.0.0.1');
    try {
      await once(client, 'connect');
      expect(await resources.leaked(2)).toEqual({ TCPServerWrap: 1, TCPSocketWrap: 2 });
    } finally {
      client.destroy();
      await server.close();
    }
  });

  it('should report nothing once N connect/close cycles are over', async () => {
    const resources = await trackResources();
    const server = await listen(false);
    for (let i = 0; i < 5; i++) {
      const client = net.connect(server.port, '127.0.0.1');
      client.resume();
      await once(client, 'close');
    }
    await server.close();
    expect(await resources.leaked()).toEqual({});
  });

  it('should report a timer left behind', async () => {
    const resources = await trackResources();
    const timer = setTimeout(() => undefined, 60_000);
    try {
      expect(await resources.leaked(2)).toEqual({ Timeout: 1 });
    } finally {
      clearTimeout(timer);
    }
    expect(await resources.leaked()).toEqual({});
  });

  it('should leave a server that has just emitted close out of the baseline', async () => {
    const server = await listen(false);
    await server.close();
    const resources = await trackResources();
    const again = await listen(false);
    try {
      expect(await resources.leaked(0)).toEqual({ TCPServerWrap: 1 });
    } finally {
      await again.close();
    }
  });
});
