import * as E from 'fp-ts/Either';
import { firstValueFrom, type Observable } from 'rxjs';
import { Auth, type AuthOptions } from '../lib/auth';
import type { SimperiumError } from '../lib/errors';
import type { RequestLogEvent } from '../lib/transport/context';
import { collect, single } from './support/collect';
import { expectLeft, expectRight } from './support/either';
import { mockFetch, type MockFetch } from './support/mock-fetch';

const API_KEY = 'apikey0123456789abcdef';
const PASSWORD = 'pw-hunter2';
const NEW_PASSWORD = 'pw-correct-horse';
const TOKEN = '84f27d20f93b414f8b7bc3441f87c9e1';
const BASE = 'https://auth.test';

const signedIn = {
  username: 'joe@example.com',
  access_token: TOKEN,
  userid: 'f5067cc81c9c26dcdca468f0cdf60508',
};
/** fetch-mock reads a top-level `status` as the HTTP status, so the body is wrapped. */
const success = { body: { status: 'success' } };

type Call = (auth: Auth) => Observable<E.Either<SimperiumError, unknown>>;

/** Every endpoint: how to call it, its path, the body it must send and a valid answer. */
const endpoints: ReadonlyArray<[string, Call, string, Record<string, string>, object]> = [
  [
    'create$',
    (a) => a.create$('joe@example.com', PASSWORD),
    'create',
    { username: 'joe@example.com', password: PASSWORD },
    signedIn,
  ],
  [
    'authorize$',
    (a) => a.authorize$('joe@example.com', PASSWORD),
    'authorize',
    { username: 'joe@example.com', password: PASSWORD },
    signedIn,
  ],
  [
    'update$',
    (a) =>
      a.update$('joe@example.com', PASSWORD, {
        newUsername: 'jo@example.com',
        newPassword: NEW_PASSWORD,
      }),
    'update',
    {
      username: 'joe@example.com',
      password: PASSWORD,
      new_username: 'jo@example.com',
      new_password: NEW_PASSWORD,
    },
    success,
  ],
  [
    'resetPassword$',
    (a) => a.resetPassword$('joe@example.com', NEW_PASSWORD),
    'reset_password',
    { username: 'joe@example.com', new_password: NEW_PASSWORD },
    success,
  ],
  [
    'delete$',
    (a) => a.delete$('joe@example.com'),
    'delete',
    { username: 'joe@example.com' },
    success,
  ],
];

const setup = (
  options: AuthOptions = {},
): { auth: Auth; mock: MockFetch; events: RequestLogEvent[] } => {
  const mock = mockFetch();
  const events: RequestLogEvent[] = [];
  const auth = new Auth('my-app', API_KEY, {
    baseUrl: BASE,
    fetch: mock.fetch,
    log: (e) => events.push(e),
    ...options,
  });
  return { auth, mock, events };
};

/** Secrets that must never show up in a URL, an error or a log event. */
const expectNoSecret = (value: unknown): void => {
  const text = JSON.stringify(value);
  for (const secret of [API_KEY, PASSWORD, NEW_PASSWORD, TOKEN]) expect(text).not.toContain(secret);
};

describe('Auth', () => {
  describe('constructor', () => {
    it('should send nothing and leave its options untouched', () => {
      const mock = mockFetch();
      const options = Object.freeze({ baseUrl: `${BASE}/`, fetch: mock.fetch, timeout: 1000 });
      new Auth('my-app', API_KEY, options);
      expect(mock.calls()).toHaveLength(0);
      expect(options).toEqual({ baseUrl: `${BASE}/`, fetch: mock.fetch, timeout: 1000 });
    });

    it('should refuse http to a remote host unless allowInsecureHttp is set', () => {
      expect(() => new Auth('my-app', API_KEY, { baseUrl: 'http://auth.test' })).toThrow(TypeError);
      expect(
        () => new Auth('my-app', API_KEY, { baseUrl: 'http://auth.test', allowInsecureHttp: true }),
      ).not.toThrow();
      expect(() => new Auth('my-app', API_KEY, { baseUrl: 'http://127.0.0.1:8080' })).not.toThrow();
    });

    it('should refuse a bad app id, and a bad key without quoting it', () => {
      expect(() => new Auth('my app', API_KEY)).toThrow(TypeError);
      expect(() => new Auth('my-app', `${API_KEY}\r\n`)).toThrow(
        expect.objectContaining({ message: expect.not.stringContaining(API_KEY) }),
      );
    });

    it('should use https://auth.simperium.com by default', async () => {
      const mock = mockFetch();
      mock.fm.route('*', signedIn);
      await collect(
        new Auth('my-app', API_KEY, { fetch: mock.fetch }).authorize$('joe@example.com', PASSWORD),
      );
      expect(mock.onlyCall().url).toBe('https://auth.simperium.com/1/my-app/authorize/');
    });
  });

  describe.each(endpoints)('%s', (_name, call, path, body, answer) => {
    it('should POST JSON to its URL with the key in X-Simperium-API-Key, on subscribe only', async () => {
      const { auth, mock } = setup();
      mock.fm.route('*', answer);
      const call$ = call(auth);
      expect(mock.calls()).toHaveLength(0);
      expectRight(await single(call$));
      const sent = mock.onlyCall();
      expect(sent.method).toBe('POST');
      expect(sent.url).toBe(`${BASE}/1/my-app/${path}/`);
      expect(sent.headers).toEqual({
        'x-simperium-api-key': API_KEY,
        'content-type': 'application/json',
      });
      expect(JSON.parse(sent.body ?? '')).toEqual(body);
    });

    it.each([400, 401, 404, 409, 412, 500])(
      'should emit Left(HttpError) for status %d',
      async (status) => {
        const { auth, mock, events } = setup();
        mock.fm.route('*', { status, body: 'nope' });
        const error = expectLeft(await single(call(auth)), 'HttpError');
        expect(error).toMatchObject({
          status,
          method: 'POST',
          url: `${BASE}/1/my-app/${path}/`,
          body: 'nope',
        });
        expectNoSecret(error);
        expectNoSecret(events);
      },
    );

    it('should emit Left(DecodeError) for a malformed answer', async () => {
      const { auth, mock } = setup();
      mock.fm.route('*', { status: 200, body: '{"access_token":"' + TOKEN + '","status":"ok"}' });
      const error = expectLeft(await single(call(auth)), 'DecodeError');
      expect(error.url).toBe(`${BASE}/1/my-app/${path}/`);
      expectNoSecret(error);
    });

    it('should decode any 2xx answer, so a token in it never lands in an error', async () => {
      const { auth, mock } = setup();
      mock.fm.route('*', { status: 201, body: '{"access_token":"' + TOKEN + '","odd":true}' });
      const result = await single(call(auth));
      if (E.isLeft(result)) expect(result.left._tag).toBe('DecodeError');
      expectNoSecret(result);
    });

    it('should emit Left(DecodeError) for a non-JSON answer', async () => {
      const { auth, mock } = setup();
      mock.fm.route('*', { status: 200, body: '<html>' });
      expectLeft(await single(call(auth)), 'DecodeError');
    });

    it('should emit Left(NetworkError) when the request fails', async () => {
      const { auth, mock } = setup();
      mock.fm.route('*', { throws: new TypeError('fetch failed') });
      expectNoSecret(expectLeft(await single(call(auth)), 'NetworkError'));
    });

    it('should abort the request when unsubscribed', () => {
      const { auth, mock, events } = setup();
      mock.fm.route('*', new Promise<number>(() => undefined));
      call(auth).subscribe().unsubscribe();
      expect(mock.onlyCall().signal?.aborted).toBe(true);
      expect(events).toEqual([expect.objectContaining({ error: 'cancelled' })]);
      expectNoSecret(events);
    });
  });

  describe('create$', () => {
    it('should emit { username, accessToken, userId } and complete', async () => {
      const { auth, mock } = setup();
      mock.fm.route(`${BASE}/1/my-app/create/`, signedIn);
      expect(await collect(auth.create$('joe@example.com', PASSWORD))).toEqual([
        E.right({ username: 'joe@example.com', accessToken: TOKEN, userId: signedIn.userid }),
      ]);
    });
  });

  describe('authorize$', () => {
    it('should emit { username, accessToken, userId } and complete', async () => {
      const { auth, mock } = setup();
      mock.fm.route(`${BASE}/1/my-app/authorize/`, signedIn);
      const result = expectRight(await single(auth.authorize$('joe@example.com', PASSWORD)));
      expect(result).toEqual({
        username: 'joe@example.com',
        accessToken: TOKEN,
        userId: signedIn.userid,
      });
    });
  });

  describe('update$', () => {
    it('should emit undefined on {"status":"success"}', async () => {
      const { auth, mock } = setup();
      mock.fm.route('*', success);
      expect(
        await collect(auth.update$('joe@example.com', PASSWORD, { newPassword: NEW_PASSWORD })),
      ).toEqual([E.right(undefined)]);
    });

    it('should send only the changes given', async () => {
      const { auth, mock } = setup();
      mock.fm.route('*', success);
      await collect(auth.update$('joe@example.com', PASSWORD, { newUsername: 'jo@example.com' }));
      expect(JSON.parse(mock.onlyCall().body ?? '')).toEqual({
        username: 'joe@example.com',
        password: PASSWORD,
        new_username: 'jo@example.com',
      });
    });

    it('should not mutate the changes object', async () => {
      const { auth, mock } = setup();
      mock.fm.route('*', success);
      const changes = Object.freeze({ newUsername: 'jo@example.com' });
      await collect(auth.update$('joe@example.com', PASSWORD, changes));
      expect(changes).toEqual({ newUsername: 'jo@example.com' });
    });

    it('should refuse an update that changes nothing, sending nothing', async () => {
      const { auth, mock } = setup();
      const error = expectLeft(
        await single(auth.update$('joe@example.com', PASSWORD)),
        'InvalidArgumentError',
      );
      expect(error.argument).toBe('changes');
      expect(mock.calls()).toHaveLength(0);
    });

    it('should refuse an empty new username, sending nothing', async () => {
      const { auth, mock } = setup();
      const error = expectLeft(
        await single(auth.update$('joe@example.com', PASSWORD, { newUsername: '' })),
        'InvalidArgumentError',
      );
      expect(error.argument).toBe('newUsername');
      expect(mock.calls()).toHaveLength(0);
    });
  });

  describe('invalid arguments', () => {
    const invalid: ReadonlyArray<[string, Call, string]> = [
      ['create$ with an empty username', (a) => a.create$('', PASSWORD), 'username'],
      [
        'authorize$ with a control character',
        (a) => a.authorize$('joe\n@example.com', PASSWORD),
        'username',
      ],
      [
        'resetPassword$ with an empty username',
        (a) => a.resetPassword$('', NEW_PASSWORD),
        'username',
      ],
      ['delete$ with an empty username', (a) => a.delete$(''), 'username'],
      [
        'create$ with a non-string password',
        (a) => a.create$('joe@example.com', undefined as unknown as string),
        'password',
      ],
    ];

    it.each(invalid)(
      'should emit Left(InvalidArgumentError) for %s, sending nothing',
      async (_name, call, argument) => {
        const { auth, mock } = setup();
        const error = expectLeft(await firstValueFrom(call(auth)), 'InvalidArgumentError');
        expect(error.argument).toBe(argument);
        expect(mock.calls()).toHaveLength(0);
        expectNoSecret(error);
      },
    );
  });
});
