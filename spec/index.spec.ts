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

  it('should export the functional core by name, each a function', () => {
    const names = [
      'createApiContext',
      'createAuthContext',
      'getObject$',
      'postObject$',
      'newObject$',
      'deleteObject$',
      'shareObject$',
      'listBuckets$',
      'createUser$',
      'authorizeUser$',
      'updateUser$',
      'resetPassword$',
      'deleteUser$',
      'changes$',
      'all$',
      'index$',
      'indexPages$',
      'protocolError',
      'isProtocolError',
    ];
    for (const name of names)
      expect(typeof (api as Record<string, unknown>)[name]).toBe('function');
  });

  it('should export exactly the names it lists, each defined', () => {
    const exported = Object.keys(api).sort();
    for (const name of exported) expect((api as Record<string, unknown>)[name]).toBeDefined();
    expect(exported).toEqual([
      'Api',
      'Auth',
      'AuthResponse',
      'BucketList',
      'JsonObject',
      'OE',
      'ObjectDiff',
      'StatusResponse',
      'all$',
      'authorizeUser$',
      'changeCodec',
      'changes$',
      'createApiContext',
      'createAuthContext',
      'createUser$',
      'decodeError',
      'defaultFeedRetry',
      'defaultOneShotRetry',
      'deleteObject$',
      'deleteUser$',
      'getObject$',
      'httpError',
      'index$',
      'indexPageCodec',
      'indexPages$',
      'indexedDbStore',
      'invalidArgumentError',
      'isDecodeError',
      'isHttpError',
      'isInvalidArgumentError',
      'isNetworkError',
      'isProtocolError',
      'isRetryable',
      'isSimperiumError',
      'isTimeoutError',
      'isUnknownCursorError',
      'listBuckets$',
      'memoryStore',
      'networkError',
      'newObject$',
      'postObject$',
      'protocolError',
      'resetPassword$',
      'shareObject$',
      'timeoutError',
      'unknownCursorError',
      'updateUser$',
    ]);
  });
});
