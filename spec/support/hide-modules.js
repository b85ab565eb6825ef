/**
 * Preloaded (`node --require`) by specs that run a program as if some packages were not
 * installed: requiring a package named in `HIDE_MODULES` (comma-separated) fails with
 * `MODULE_NOT_FOUND`, exactly as it does when the package is absent.
 */
'use strict';
const Module = require('node:module');

const hidden = new Set((process.env.HIDE_MODULES || '').split(',').filter(Boolean));
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (hidden.has(request)) {
    const error = new Error(`Cannot find module '${request}'`);
    error.code = 'MODULE_NOT_FOUND';
    throw error;
  }
  return resolveFilename.call(this, request, ...rest);
};
