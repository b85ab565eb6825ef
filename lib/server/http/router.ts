/**
 * Maps a request path to a route. Paths are `/1/{app}/…` for both the auth and the data API
 * (served on one port); a trailing slash is optional; app ids and bucket names are
 * case-insensitive and normalised to lower case. Object ids may name a shared object as
 * `{ownerUserId}/{id}`, either as two raw path segments or percent-encoded (`%2F`).
 */
import { fail } from '../domain/failure';
import { isAppId, isBucketName } from '../domain/names';

export const AUTH_ACTIONS = ['create', 'authorize', 'update', 'reset_password', 'delete'] as const;
export type AuthAction = (typeof AUTH_ACTIONS)[number];

export type Route =
  | { readonly kind: 'auth'; readonly app: string; readonly action: AuthAction }
  | { readonly kind: 'buckets'; readonly app: string }
  | {
      readonly kind: 'index' | 'changes' | 'all';
      readonly app: string;
      readonly bucket: string;
    }
  | {
      readonly kind: 'object';
      readonly app: string;
      readonly bucket: string;
      readonly key: string;
      /** The raw `/v/{n}` segment, when present. */
      readonly version?: string;
    }
  | {
      readonly kind: 'share';
      readonly app: string;
      readonly bucket: string;
      readonly key: string;
      readonly username: string;
    };

/** The methods each kind of route answers; any other method gets a 405. */
export const ALLOWED_METHODS: Readonly<Record<Route['kind'], ReadonlyArray<string>>> = {
  auth: ['POST'],
  buckets: ['GET'],
  index: ['GET'],
  changes: ['GET', 'POST'],
  all: ['GET'],
  object: ['GET', 'POST', 'DELETE'],
  share: ['POST', 'DELETE'],
};

/** The endpoints under a bucket: a path `/1/{app}/{bucket}/{second}…` names a bucket. */
const BUCKET_ENDPOINTS = new Set(['index', 'changes', 'all', 'i']);

/**
 * A path segment with its percent-escapes decoded. An escape that is malformed (`%ZZ`, `a%`) or
 * that decodes to something other than UTF-8 (`%FF`, `%E2%82`, a surrogate's `%ED%A0%80`) is a
 * 400: read as it stands, `/i/%FF` and `/i/%25FF` would name the same object.
 */
const decode = (segment: string): string => {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return fail(400, 'malformed percent-escape in the path');
  }
};

const isAuthAction = (s: string): s is AuthAction =>
  (AUTH_ACTIONS as ReadonlyArray<string>).includes(s);

const objectRoute = (
  app: string,
  bucket: string,
  rest: ReadonlyArray<string>,
): Route | undefined => {
  const [a, b, c, d] = rest;
  if (a === undefined || a === '') return undefined;
  const tail = (
    key: string,
    marker: string | undefined,
    arg: string | undefined,
  ): Route | undefined => {
    if (arg === undefined || arg === '') return undefined;
    if (marker === 'v') return { kind: 'object', app, bucket, key, version: arg };
    if (marker === 'share') return { kind: 'share', app, bucket, key, username: arg };
    return undefined;
  };
  switch (rest.length) {
    case 1:
      return { kind: 'object', app, bucket, key: a };
    case 2:
      return b === undefined || b === ''
        ? undefined
        : { kind: 'object', app, bucket, key: `${a}/${b}` };
    case 3:
      return tail(a, b, c);
    case 4:
      return b === undefined || b === '' ? undefined : tail(`${a}/${b}`, c, d);
    default:
      return undefined;
  }
};

/**
 * The route for a URL path (without its query), or `undefined` when no route matches. Throws a
 * 400 `HttpFailure` for a malformed percent-escape, and for an invalid bucket name in a path
 * that names a bucket endpoint (`/1/{app}/{bucket}/index`, `…/changes`, `…/all`, `…/i/…`).
 */
export const parseRoute = (pathname: string): Route | undefined => {
  const raw = pathname.split('/').slice(1);
  if (raw.length > 1 && raw[raw.length - 1] === '') raw.pop();
  const [version, rawApp, first, second, ...rest] = raw.map(decode);
  if (version !== '1' || rawApp === undefined || first === undefined) return undefined;
  const app = rawApp.toLowerCase();
  if (!isAppId(app)) return undefined;
  if (second === undefined) {
    if (first === 'buckets') return { kind: 'buckets', app };
    return isAuthAction(first) ? { kind: 'auth', app, action: first } : undefined;
  }
  if (!BUCKET_ENDPOINTS.has(second)) return undefined;
  const bucket = first.toLowerCase();
  if (!isBucketName(bucket)) return fail(400, 'invalid bucket name');
  if (rest.length === 0 && (second === 'index' || second === 'changes' || second === 'all')) {
    return { kind: second, app, bucket };
  }
  return second === 'i' ? objectRoute(app, bucket, rest) : undefined;
};
