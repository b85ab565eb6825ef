import { parseCliArgs } from '../../lib/server/cli-args';

describe('parseCliArgs', () => {
  it('should default to port 8080 and print the apps', () => {
    expect(parseCliArgs([])).toEqual({
      kind: 'run',
      options: { port: 8080 },
      printApps: true,
      quiet: false,
    });
  });

  it('should read every option, in both spellings', () => {
    expect(
      parseCliArgs([
        '--port',
        '9000',
        '--host=0.0.0.0',
        '--db',
        './simperium.sqlite',
        '--app',
        'one:k1:a1',
        '--app=two:k2:a2',
        '--poll-window',
        '500',
        '--quiet',
      ]),
    ).toEqual({
      kind: 'run',
      options: {
        port: 9000,
        host: '0.0.0.0',
        database: './simperium.sqlite',
        apps: [
          { id: 'one', apiKey: 'k1', adminKey: 'a1' },
          { id: 'two', apiKey: 'k2', adminKey: 'a2' },
        ],
        pollWindowMs: 500,
      },
      printApps: false,
      quiet: true,
    });
  });

  it('#12 should read the limits', () => {
    const command = parseCliArgs([
      '--max-body-bytes=1000',
      '--max-answer-bytes',
      '2000',
      '--max-bulk-changes=3',
      '--max-held-polls=4',
      '--max-connections=5',
      '--send-timeout=6000',
    ]);
    expect(command).toMatchObject({
      kind: 'run',
      options: {
        maxBodyBytes: 1000,
        maxAnswerBytes: 2000,
        maxBulkChanges: 3,
        maxHeldPollsPerUser: 4,
        maxConnections: 5,
        sendTimeoutMs: 6000,
      },
    });
  });

  it('should read the streaming limits', () => {
    const command = parseCliArgs([
      '--max-socket-message-bytes=1000',
      '--max-channels-per-socket',
      '2',
      '--max-sockets-per-user=3',
      '--socket-ping-interval=4000',
    ]);
    expect(command).toMatchObject({
      kind: 'run',
      options: {
        maxSocketMessageBytes: 1000,
        maxChannelsPerSocket: 2,
        maxSocketsPerUser: 3,
        socketPingIntervalMs: 4000,
      },
    });
  });

  it('should answer help', () => {
    expect(parseCliArgs(['--port', '1', '--help'])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['-h'])).toEqual({ kind: 'help' });
  });

  it.each([
    [['--port'], '--port needs a value'],
    [['--port', 'x'], '--port needs a whole number up to 65535'],
    [['--port', '70000'], '--port needs a whole number up to 65535'],
    [['--app', 'one:two'], '--app needs ID:APIKEY:ADMINKEY'],
    [['--app', 'a:b:c:d'], '--app needs ID:APIKEY:ADMINKEY'],
    [['--poll-window', '-5'], '--poll-window needs a whole number of ms'],
    [['--max-answer-bytes', '0'], '--max-answer-bytes needs a positive whole number'],
    [['--send-timeout', 'soon'], '--send-timeout needs a positive whole number'],
    [['--max-sockets-per-user', '0'], '--max-sockets-per-user needs a positive whole number'],
    [['--verbose'], 'unknown argument: --verbose'],
    [['serve'], 'unknown argument: serve'],
  ])('should report %p as an error', (argv, message) => {
    expect(parseCliArgs(argv)).toEqual({ kind: 'error', message });
  });
});
