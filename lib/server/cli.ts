#!/usr/bin/env node
/**
 * `simperium-rx-server`: the same as `simperium-rx serve`, the local Simperium-compatible server
 * (`--help` lists the options). Stops cleanly on SIGINT or SIGTERM.
 */
import { serveCommand } from '../cli/commands/serve.js';
import { runAsProcess } from '../cli/main.js';

const serve = serveCommand('simperium-rx-server');

runAsProcess((argv, io) => serve.run(argv, io));
