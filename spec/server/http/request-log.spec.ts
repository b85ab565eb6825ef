import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { loggablePath, requestLog } from '../../../lib/server/http/request-log';

describe('loggablePath', () => {
  it('should redact query values whose names look secret', () => {
    expect(loggablePath('/1/a/b/all?cv=1&api_key=k&access_token=t&x=y')).toBe(
      '/1/a/b/all?cv=1&api_key=redacted&access_token=redacted&x=y',
    );
    expect(loggablePath('/1/a/b/index')).toBe('/1/a/b/index');
  });
});

describe('requestLog', () => {
  const exchange = (method: string, url: string, status: number, finished = true) => {
    const res = Object.assign(new EventEmitter(), {
      statusCode: status,
      writableFinished: finished,
    });
    return { req: { method, url } as IncomingMessage, res: res as unknown as ServerResponse };
  };
  const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

  it('should hand over the lines of a turn at its end, in order, not as each response closes', async () => {
    const lines: string[] = [];
    const log = requestLog((line) => lines.push(line));
    const first = exchange('GET', '/1/a/b/index?token=t', 200);
    const second = exchange('POST', '/1/a/b/i/x', 0, false);
    log(first.req, first.res);
    log(second.req, second.res);
    first.res.emit('close');
    second.res.emit('close');
    expect(lines).toEqual([]);
    await nextTurn();
    expect(lines.map((l) => l.replace(/ \d+\.\dms$/, ''))).toEqual([
      'GET /1/a/b/index?token=redacted 200',
      'POST /1/a/b/i/x aborted',
    ]);
  });

  it('should lose only the line a failing sink throws on', async () => {
    const lines: string[] = [];
    const log = requestLog((line) => {
      if (line.startsWith('GET')) throw new Error('sink down');
      lines.push(line);
    });
    for (const method of ['GET', 'POST']) {
      const { req, res } = exchange(method, '/', 200);
      log(req, res);
      res.emit('close');
    }
    await nextTurn();
    expect(lines).toHaveLength(1);
  });
});
