import * as api from 'simperium-rx';

describe('simperium-rx', () => {
  it('should export the endpoints, codecs, error constructors and guards by name', () => {
    const names = [
      'Auth',
      'Api',
      'AuthResponse',
      'StatusResponse',
      'BucketList',
      'JsonObject',
      'httpError',
      'networkError',
      'timeoutError',
      'decodeError',
      'invalidArgumentError',
      'unknownCursorError',
      'isHttpError',
      'isNetworkError',
      'isTimeoutError',
      'isDecodeError',
      'isInvalidArgumentError',
      'isUnknownCursorError',
      'isSimperiumError',
      'OE',
    ];
    for (const name of names) expect(api).toHaveProperty(name);
  });

  it('should export the stream codecs and the retry policy by name', () => {
    const names = [
      'changeCodec',
      'indexPageCodec',
      'ObjectDiff',
      'defaultFeedRetry',
      'defaultOneShotRetry',
      'isRetryable',
    ];
    for (const name of names) expect(api).toHaveProperty(name);
  });

  it('should keep the stream factories internal', () => {
    for (const name of [
      'longPoll',
      'pages',
      'entries',
      'retryEither',
      'BucketStreams',
      'changesFeed',
    ])
      expect(api).not.toHaveProperty(name);
  });

  it('should keep the transport internal', () => {
    for (const name of ['execute', 'request', 'Bucket', 'clientContext'])
      expect(api).not.toHaveProperty(name);
  });
});
