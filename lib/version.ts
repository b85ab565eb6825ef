/**
 * The package's version, as the streaming protocol's `init` reports it (a spec holds it equal to
 * package.json's).
 *
 * @since 0.1.0
 */
export const VERSION = '0.1.0';
