// One FTP control connection: frames the peer's bytes into commands, steps the pure session with
// them and executes its actions (replies, login checks, data listeners, file operations) in order.
// One close path: close() ends the socket, any listener, any transfer and the idle timer.
import type net from 'node:net';
import type { EngineContext } from '../context';
import type { LoginThrottle } from '../login-throttle';
import { normalizeAddress } from '../peer';
import { type FramingState, frameCommands, initialFraming } from './commands';
import { connectActive, PassiveListener } from './data-channel';
import { runFileOp } from './file-ops';
import { type FtpReply, formatReply } from './replies';
import { createSession, type FileOp, type FtpSessionState, greeting, type SessionAction, type SessionInput, step } from './session';

export interface ControlOptions {
  passivePorts?: [number, number];
  controlIdleTimeoutMs: number;
  dataIdleTimeoutMs: number;
  dataConnectTimeoutMs: number;
  commitGraceMs: number;
  maxLoginFailures: number;
  loginFailureDelayMs: number;
  /** Closed (421) unless logged in within this. */
  loginTimeoutMs: number;
  /** Shared by the server's connections: spaces login attempts per address after failures. */
  throttle: LoginThrottle;
}

export interface ControlHooks {
  /** The connection has logged in (it stops counting as waiting to log in). */
  loggedIn(): void;
}

/** Unanswered reply bytes after which we stop reading commands (a client that never reads). */
const maxUnreadReplyBytes = 64 * 1024;

type Running = { op: FileOp; abort: AbortController; done: Promise<void> };

export class ControlConnection {
  private session: FtpSessionState;
  private framing: FramingState = initialFraming;
  private inputs: Promise<void> = Promise.resolve();
  private passive: PassiveListener | undefined;
  private running: Running | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private loginTimer: NodeJS.Timeout | undefined;
  private closed = false;
  readonly peer: string;
  readonly peerPort: number;
  /** Settles when the connection is closed and any operation in flight has ended. */
  readonly finished: Promise<void>;
  private settle!: () => void;

  constructor(
    private readonly ctx: EngineContext,
    private readonly socket: net.Socket,
    private readonly options: ControlOptions,
    private readonly hooks: ControlHooks = { loggedIn: () => undefined },
  ) {
    this.peer = normalizeAddress(socket.remoteAddress ?? '');
    this.peerPort = socket.remotePort ?? 0;
    this.finished = new Promise((r) => (this.settle = r));
    this.session = createSession({ peer: this.peer, maxLoginFailures: options.maxLoginFailures, loginFailureDelayMs: options.loginFailureDelayMs });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => socket.resume());
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
    this.armIdle();
    this.loginTimer = setTimeout(() => this.feed({ type: 'login-timeout' }), options.loginTimeoutMs);
    this.loginTimer.unref();
    this.enqueue(() => this.execute(greeting()));
  }

  /** Ends everything this connection owns. Idempotent; an upload in flight is discarded. */
  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      clearTimeout(this.idleTimer);
      clearTimeout(this.loginTimer);
      this.passive?.close();
      this.passive = undefined;
      this.running?.abort.abort();
      this.socket.end();
      // Give the last reply a moment to leave, then make sure the socket is gone.
      setTimeout(() => this.socket.destroy(), 1000).unref();
      void (this.running?.done ?? Promise.resolve()).then(() => this.settle());
    }
    return this.finished;
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    this.armIdle();
    const { state, items } = frameCommands(this.framing, chunk);
    this.framing = state;
    for (const item of items) {
      const input: SessionInput = item.kind === 'command' ? { type: 'command', command: item.command } : item.kind === 'too-long' ? { type: 'too-long' } : { type: 'invalid', reason: item.reason };
      this.feed(input);
    }
  }

  private armIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.feed({ type: 'idle-timeout' });
      if (!this.closed) this.armIdle();
    }, this.options.controlIdleTimeoutMs);
    this.idleTimer.unref();
  }

  /** Inputs are handled strictly one after another, actions included (a login delay holds the rest). */
  private feed(input: SessionInput): void {
    this.enqueue(async () => {
      const { state, actions } = step(this.session, input);
      this.session = state;
      await this.execute(actions);
    });
  }

  private enqueue(task: () => Promise<void>): void {
    this.inputs = this.inputs.then(() => (this.closed ? undefined : task())).catch((err) => {
      this.ctx.log(`ftp ${this.peer}: ${err instanceof Error ? err.message : String(err)}`);
      void this.close();
    });
  }

  private send(r: FtpReply): void {
    if (this.closed || this.socket.destroyed) return;
    if (!this.socket.write(formatReply(r)) || this.socket.writableLength > maxUnreadReplyBytes) this.socket.pause();
  }

  private async execute(actions: SessionAction[]): Promise<void> {
    for (const a of actions) {
      if (this.closed) return;
      switch (a.type) {
        case 'reply':
          this.send(a.reply);
          break;
        case 'authenticate': {
          // After repeated failures from this address, attempts wait their turn (from any connection).
          const holdMs = this.options.throttle.reserve(this.peer);
          if (holdMs > 0) {
            this.ctx.log(`ftp ${this.peer}: login attempt held ${holdMs} ms (${this.options.throttle.failures(this.peer)} failed logins from this address)`);
            await new Promise((r) => setTimeout(r, holdMs).unref());
            if (this.closed) return;
          }
          const ok = this.ctx.access.authenticate('ftp', this.peer, a.user, a.password);
          this.options.throttle.record(this.peer, ok);
          if (ok) {
            clearTimeout(this.loginTimer);
            this.hooks.loggedIn();
          }
          this.feed({ type: 'auth-result', ok });
          break;
        }
        case 'delay':
          await new Promise((r) => setTimeout(r, a.ms));
          break;
        case 'open-passive':
          await this.openPassive();
          break;
        case 'close-data':
          this.passive?.close();
          this.passive = undefined;
          break;
        case 'run':
          this.startOp(a.op);
          break;
        case 'abort-transfer':
          this.running?.abort.abort();
          break;
        case 'refuse':
          this.ctx.events.emit({ type: 'refused', protocol: 'ftp', peer: this.peer, file: a.file, reason: a.reason, message: a.message });
          break;
        case 'close':
          await this.close();
          break;
      }
    }
  }

  private async openPassive(): Promise<void> {
    const local = normalizeAddress(this.socket.localAddress ?? '');
    try {
      this.passive = await PassiveListener.open({
        address: local,
        ...(this.options.passivePorts ? { portRange: this.options.passivePorts } : {}),
        peer: this.peer,
        onForeignPeer: (address) =>
          this.ctx.events.emit({ type: 'refused', protocol: 'ftp', peer: address, file: '', reason: 'wrong-peer', message: `data connection from ${address} refused: the control connection is from ${this.peer}` }),
      });
      if (this.closed) this.passive.close();
      this.feed({ type: 'passive-ready', address: local, port: this.passive.port });
    } catch (err) {
      this.ctx.log(`ftp ${this.peer}: ${err instanceof Error ? err.message : String(err)}`);
      this.feed({ type: 'passive-failed' });
    }
  }

  /** File operations run beside the input queue, so ABOR and QUIT are heard while data flows. */
  private startOp(op: FileOp): void {
    const abort = new AbortController();
    const usesData = op.kind === 'retr' || op.kind === 'stor' || op.kind === 'list';
    // Only a transfer takes the passive listener (SIZE or CWD between PASV and RETR leave it be).
    const passive = usesData ? this.passive : undefined;
    if (usesData) this.passive = undefined;
    const openData = (): Promise<net.Socket> => {
      if (!usesData) return Promise.reject(new Error('no data connection for this command'));
      if (op.data.kind === 'passive') return passive ? passive.accept(this.options.dataConnectTimeoutMs) : Promise.reject(new Error('the passive data port is gone'));
      return connectActive(op.data.host, op.data.port, normalizeAddress(this.socket.localAddress ?? ''), this.options.dataConnectTimeoutMs);
    };
    const done = runFileOp(op, {
      ctx: this.ctx,
      peer: this.peer,
      peerPort: this.peerPort,
      send: (r) => this.send(r),
      openData,
      signal: abort.signal,
      dataIdleTimeoutMs: this.options.dataIdleTimeoutMs,
      commitGraceMs: this.options.commitGraceMs,
      controlAlive: () => !this.closed && !this.socket.destroyed && !this.socket.readableEnded,
    }).then((succeeded) => {
      // The listener serves one command, whatever its outcome (never left listening after a failure).
      passive?.close();
      this.running = undefined;
      this.feed({ type: 'op-done', succeeded });
    });
    this.running = { op, abort, done };
  }
}
