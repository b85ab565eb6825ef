/**
 * The commands a channel runs once its `init` succeeded: `i` (an index page), `cv` (catching up
 * from a cv), `c` (a change) and `e` (an object at a version). Anything else is answered
 * `<ch>:?`, which the clients ignore.
 */
import type { StreamChannel } from './channel';
import { changeCommand } from './change-command';
import type { StreamContext } from './context';
import { cvCommand } from './cv-command';
import { indexCommand } from './index-command';
import { versionCommand } from './version-command';

/** Runs `command` with `payload` on `channel`. */
export const runCommand = (
  ctx: StreamContext,
  channel: StreamChannel,
  command: string,
  payload: string,
): void => {
  switch (command) {
    case 'i':
      return indexCommand(ctx, channel, payload);
    case 'cv':
      return cvCommand(ctx, channel, payload);
    case 'c':
      return changeCommand(ctx, channel, payload);
    case 'e':
      return versionCommand(ctx, channel, payload);
    default:
      return channel.refuse();
  }
};
