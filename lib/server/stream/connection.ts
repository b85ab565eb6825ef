/**
 * One socket's session: its channels, each message run in the order it came (every command runs
 * to completion synchronously, storage included, so none overtakes another), heartbeats, and the
 * checks that end a socket: a malformed message, no channel authenticated in time, silence
 * through a ping interval (see `endpoint.ts`).
 */
import type { KnownApp } from '../domain/apps';
import { REVOKED } from './auth';
import { StreamChannel, type ChannelSocket } from './channel';
import { runCommand } from './commands';
import type { StreamContext } from './context';
import { channelMessage, commandError, heartbeatAnswer, parseInbound } from './grammar';
import { InitRefused, admitChannel, readInit } from './init-command';
import { CLOSE, type StreamSocket } from './socket';

export class StreamConnection implements ChannelSocket {
  private readonly channels = new Map<number, StreamChannel>();
  /** Whether anything (a message, a pong) came since the last ping. */
  private heard = true;
  private ended = false;
  private readonly authTimer: NodeJS.Timeout;

  constructor(
    private readonly ctx: StreamContext,
    private readonly app: KnownApp,
    private readonly socket: StreamSocket,
  ) {
    this.authTimer = setTimeout(() => {
      this.end(CLOSE.policyViolation, 'no channel authenticated in time');
    }, ctx.limits.socketAuthTimeoutMs);
    this.authTimer.unref();
  }

  /** How many channels are open. */
  get channelCount(): number {
    return this.channels.size;
  }

  /** Runs one text message. Never throws: a defect closes the socket (1011). */
  receive(text: string): void {
    this.heard = true;
    if (this.ended) return;
    try {
      const message = parseInbound(text);
      if (message.kind === 'heartbeat') this.send(heartbeatAnswer(message.count));
      else if (message.kind === 'invalid') this.end(CLOSE.protocolError, message.reason);
      else if (message.kind === 'channel') {
        this.onChannel(message.channel, message.command, message.payload);
      }
    } catch (err) {
      this.defect(err);
    }
  }

  /** Notes a pong. */
  pong(): void {
    this.heard = true;
  }

  /**
   * Called every ping interval: a socket silent since the last ping is dropped (`false`); any
   * other is pinged again.
   */
  beat(): boolean {
    if (!this.heard) {
      this.socket.terminate();
      return false;
    }
    this.heard = false;
    this.socket.ping();
    return true;
  }

  /** Ends the session with a close code (the socket's `close` then calls `closed`). */
  end(code: number, reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.socket.close(code, reason);
  }

  /** Releases everything once the socket has closed. */
  closed(): void {
    this.ended = true;
    clearTimeout(this.authTimer);
    for (const channel of [...this.channels.values()]) this.drop(channel);
  }

  send(text: string): void {
    if (!this.ended) this.socket.send(text);
  }

  defect(_err: unknown): void {
    this.end(CLOSE.internalError, 'internal error');
  }

  drop(channel: StreamChannel): void {
    if (this.channels.get(channel.number) !== channel) return;
    this.channels.delete(channel.number);
    channel.stop();
    this.releaseIfUnused(channel.auth.user);
  }

  private releaseIfUnused(user: string): void {
    for (const other of this.channels.values()) if (other.auth.user === user) return;
    this.ctx.holders.release(this.app.id, user, this);
  }

  private onChannel(number: number, command: string, payload: string): void {
    if (command === 'init') return this.init(number, payload);
    const channel = this.channels.get(number);
    if (channel === undefined) return this.send(commandError(number));
    if (!channel.authorized()) {
      channel.send('auth', REVOKED);
      return this.drop(channel);
    }
    runCommand(this.ctx, channel, command, payload);
  }

  private init(number: number, payload: string): void {
    const previous = this.channels.get(number);
    if (previous !== undefined) this.drop(previous);
    const { holders } = this.ctx;
    try {
      const request = readInit(this.ctx, this.app, payload);
      admitChannel(this.ctx, this.channels.size, () =>
        holders.admit(this.app.id, request.auth.user, this),
      );
      const channel = new StreamChannel(number, request.auth, this.ctx, this);
      this.channels.set(number, channel);
      clearTimeout(this.authTimer);
      channel.send('auth', request.username);
      if (request.cmd === undefined) return;
      const cmd = parseInbound(`${number}:${request.cmd}`);
      if (cmd.kind === 'channel' && cmd.command !== 'init')
        runCommand(this.ctx, channel, cmd.command, cmd.payload);
      else channel.refuse();
    } catch (err) {
      if (!(err instanceof InitRefused)) throw err;
      this.send(
        channelMessage(number, 'auth', JSON.stringify({ msg: err.message, code: err.code })),
      );
    }
  }
}
