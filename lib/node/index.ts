/**
 * `simperium-rx/node`: what only Node can do, apart from the browser-safe main entry.
 *
 * @since 0.1.0
 * @module simperium-rx/node
 */
export { fileStore } from './file-store.js';
