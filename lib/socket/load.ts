/**
 * Loads the streaming transport's code (`hub.js`) on first use, once: every later feed and write
 * gets the same module without asking the module loader again.
 *
 * @since 0.1.0
 */
import { onDemand, type ObservableEither } from '../observable-either.js';
import type * as Hub from './hub.js';

let hub: Promise<typeof Hub> | undefined;

/**
 * The Observable `use` makes of the streaming hub module, which is imported the first time one is
 * subscribed to (by a path through its folder, `../socket/hub.js`, which the bundle budget's
 * on-demand list names).
 */
export const withHub = <E, A>(
  use: (module: typeof Hub) => ObservableEither<E, A>,
): ObservableEither<E, A> => onDemand(() => (hub ??= import('../socket/hub.js')), use);
