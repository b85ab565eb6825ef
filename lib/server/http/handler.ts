/**
 * The request handler: routes each request, runs its handler and turns failures into answers.
 * Expected failures (`HttpFailure`) become short plain-text 4xx answers; anything else is a
 * defect and is answered with a bare 500, never with details.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleAuth } from './auth-routes';
import { readBody } from './body';
import { handleBulkChanges } from './bulk-changes';
import { applyCors } from './cors';
import type { Exchange, ServerState } from './exchange';
import { handleAll, handleBuckets, handleChanges } from './feed-routes';
import { HttpFailure, fail } from '../domain/failure';
import { sendFailure, sendText } from './http-util';
import { handleIndex } from './index-route';
import { handleObject, handleShare } from './object-routes';
import { parseForm } from './query';
import type { RequestLog } from './request-log';
import { ALLOWED_METHODS, parseRoute, type Route } from './router';

const dispatch = (ex: Exchange, route: Route): Promise<void> | void => {
  switch (route.kind) {
    case 'auth':
      return handleAuth(ex, route.action);
    case 'buckets':
      return handleBuckets(ex);
    case 'index':
      return handleIndex(ex, route.bucket);
    case 'changes':
      if (ex.req.method === 'POST') return handleBulkChanges(ex, route.bucket);
      return handleChanges(ex, route.bucket);
    case 'all':
      return handleAll(ex, route.bucket);
    case 'object':
      return handleObject(ex, route.bucket, route.key, route.version);
    case 'share':
      return handleShare(ex, route.bucket, route.key, route.username);
  }
};

const route = async (
  state: ServerState,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> => {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const found = parseRoute(q < 0 ? url : url.slice(0, q)) ?? fail(404, 'not found');
  const app = state.apps.find(found.app) ?? fail(404, 'unknown app');
  const allowed = ALLOWED_METHODS[found.kind];
  if (!allowed.includes(req.method ?? '')) {
    return fail(405, 'method not allowed', { Allow: allowed.join(', ') });
  }
  const ex: Exchange = {
    state,
    app,
    req,
    res,
    query: parseForm(q < 0 ? '' : url.slice(q + 1)),
    body: () => readBody(req, state.limits.maxBodyBytes),
  };
  await dispatch(ex, found);
};

/**
 * Handles one request to completion (or until it is held as a long-poll). Never rejects.
 * `log` records the request (see `request-log.ts`).
 */
export const handleRequest = async (
  state: ServerState,
  req: IncomingMessage,
  res: ServerResponse,
  log?: RequestLog,
): Promise<void> => {
  log?.(req, res);
  try {
    if (state.cors && applyCors(req, res)) return;
    await route(state, req, res);
  } catch (err) {
    if (err instanceof HttpFailure) sendFailure(res, err);
    else sendText(res, 500, 'internal error');
  }
};
