// An interactive IOS CLI over one SSH shell: finds the prompt, turns paging off, enters enable mode,
// and runs commands one at a time (a queue per device) through the pure exchange machine, executing
// its actions: writes, streamed output, timers for the timeout and for "the device went quiet".
import type { ClientChannel } from 'ssh2';
import { ctrlC, type DialogueRule, passwordRule, Refuse } from './dialogue';
import { ConnectionLostError, DeviceError, DialogueRefusedError, EnableError, PromptNotFoundError, SessionClosedError } from './errors';
import { type AfterFailure, type ExchangeAction, type ExchangeInput, type ExchangeSpec, type ExchangeState, startExchange, stepExchange } from './exchange';
import { anyExecPrompt, type ExecMode, type ExecPrompt, execPromptFor, lastLine, looksLikeQuestion, matchExecPrompt, questionPrompt } from './prompts';
import { keepaliveRoundTrip } from './keepalive';
import { appendTerminalText } from './terminal-text';
import { type NegotiatedAlgorithms, type SshConnectOptions, type SshConnection, sshConnect } from './ssh-connect';

export interface DeviceSessionOptions extends SshConnectOptions {
  /** Sent at `Password:` when the login lands in user EXEC (`host>`); omit to stay there. */
  enableSecret?: string;
  /** Default per-command timeout; default 60 s. */
  commandTimeoutMs?: number;
  /** How long the device must be silent before a question at the end counts as unanswered; default 1.5 s. */
  promptIdleMs?: number;
  /** Time to see the first prompt after login; default 15 s. */
  loginTimeoutMs?: number;
}

export interface RunOptions {
  timeoutMs?: number;
  /** Also fail when the device prints nothing for this long (ExchangeSpec.silenceTimeoutMs). */
  silenceTimeoutMs?: number;
  /** Rules for the prompts this command raises (see dialogue.ts). */
  rules?: readonly DialogueRule[];
  /** Output as it arrives (normalised text, echo excluded), for long commands such as `copy`. */
  onOutput?: (text: string) => void;
}

export interface DeviceFacts {
  label: string;
  hostname: string;
  /** The current prompt, e.g. `R1#`. */
  prompt: string;
  mode: ExecMode;
  algorithms: NegotiatedAlgorithms;
  /** Whether legacy algorithms were needed for this device, and which were negotiated. */
  legacy: { used: boolean; algorithms: string[] };
  serverSoftware?: string;
  hostKey: { type: string; fingerprint: string };
  /** This machine's address on the SSH connection (direct connections only; see SshConnection). */
  localAddress?: string;
  /** The device's address as seen from here (direct connections only). */
  remoteAddress?: string;
}

type SessionState = { kind: 'ready' } | { kind: 'resync' } | { kind: 'closed'; reason?: Error };

/** Connects, finds the prompt, sets `terminal length 0` / `terminal width 0`, and enables if asked. */
export async function connectDevice(o: DeviceSessionOptions): Promise<DeviceSession> {
  const connection = await sshConnect(o);
  try {
    const channel = await openShell(connection);
    const session = new DeviceSession(connection, channel, o);
    await session.start(o.enableSecret);
    return session;
  } catch (err) {
    connection.close();
    throw err;
  }
}

function openShell(c: SshConnection): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    // A pty as a terminal would ask for: IOS vtys expect one. Width is set to 0 (no wrap) right after.
    c.client.shell({ term: 'vt100', cols: 200, rows: 24 }, (err, channel) => {
      if (err) reject(new DeviceError('E_SHELL', c.label, `${c.label} refused an interactive shell: ${err.message}`, undefined, undefined, { cause: err }));
      else resolve(channel);
    });
  });
}

export class DeviceSession {
  private state: SessionState = { kind: 'ready' };
  private current: Running | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private prompt: ExecPrompt = { hostname: '', mode: 'user', text: '' };
  /** What arrived while no command ran (late output after a timeout, syslog lines); for resync. */
  private stray = '';
  private lastFailure: AfterFailure | undefined;
  readonly label: string;

  /** Use connectDevice(). */
  constructor(
    private readonly connection: SshConnection,
    private readonly channel: ClientChannel,
    private readonly options: Pick<DeviceSessionOptions, 'commandTimeoutMs' | 'promptIdleMs' | 'loginTimeoutMs'>,
  ) {
    this.label = connection.label;
    const onData = (data: Buffer) => {
      const chunk = data.toString('latin1');
      if (this.current) this.current.feed({ type: 'data', chunk });
      else this.stray = appendTerminalText(this.stray, chunk).slice(-4096);
    };
    channel.on('data', onData);
    channel.stderr.on('data', onData);
    const lost = (cause?: unknown) => {
      if (this.state.kind !== 'closed') this.state = { kind: 'closed', reason: new ConnectionLostError(this.label, undefined, '', { cause }) };
      this.current?.feed({ type: 'closed', cause });
    };
    channel.on('close', () => lost());
    connection.client.on('close', () => lost());
    connection.client.on('error', (err: Error) => lost(err));
  }

  /** Login: the first prompt, paging off, enable. */
  async start(enableSecret?: string): Promise<void> {
    await this.enqueue(async () => {
      const timeoutMs = this.options.loginTimeoutMs ?? 15_000;
      const first = await this.exchange({ device: this.label, command: '', send: '', prompt: anyExecPrompt, rules: [], timeoutMs }).catch((err: unknown) => {
        throw err instanceof DeviceError && err.code === 'E_TIMEOUT' ? new PromptNotFoundError(this.label, err.output ?? '') : err;
      });
      if (!first.prompt) throw new PromptNotFoundError(this.label, first.output);
      this.prompt = first.prompt;
    });
    // IOS accepts both in user EXEC; a device that rejects them still works through the --More-- rule.
    await this.run('terminal length 0').catch(ignoreRejection);
    await this.run('terminal width 0').catch(ignoreRejection);
    if (enableSecret !== undefined) await this.enable(enableSecret);
  }

  /** Runs one command after those queued before it; resolves with its output (echo and prompt removed). */
  run(command: string, opts: RunOptions = {}): Promise<string> {
    return this.enqueue(async () => {
      if (this.state.kind === 'resync') await this.resync(command);
      // `hostname X` in config mode changes the prompt this very command ends with.
      const prompt = /^\s*hostname\s+\S/.test(command) ? anyExecPrompt : execPromptFor(this.prompt.hostname);
      const spec: ExchangeSpec = {
        device: this.label,
        command,
        prompt,
        rules: opts.rules ?? [],
        timeoutMs: opts.timeoutMs ?? this.options.commandTimeoutMs ?? 60_000,
        ...(opts.silenceTimeoutMs ? { silenceTimeoutMs: opts.silenceTimeoutMs } : {}),
      };
      const r = await this.exchange(spec, opts.onOutput);
      if (r.prompt) this.prompt = r.prompt;
      return r.output;
    });
  }

  /** Enters privileged EXEC with `secret`; a no-op when already there. Throws EnableError. */
  async enable(secret: string): Promise<void> {
    if (this.prompt.mode !== 'user') return;
    let output = '';
    try {
      output = await this.run('enable', { rules: [passwordRule(secret, 'enable secret')], timeoutMs: 15_000 });
    } catch (err) {
      if (err instanceof DialogueRefusedError) throw new EnableError(this.label, 'wrong enable secret (the device asked for it again)', err.output ?? '');
      throw err;
    }
    if (this.prompt.mode === 'user') {
      const said = output.split('\n').find((l) => l.startsWith('%'));
      throw new EnableError(this.label, said ? `the device said "${said.trim()}"` : 'still in user EXEC', output);
    }
  }

  facts(): DeviceFacts {
    const c = this.connection;
    return {
      label: this.label,
      hostname: this.prompt.hostname,
      prompt: this.prompt.text,
      mode: this.prompt.mode,
      algorithms: c.algorithms,
      legacy: c.legacy,
      serverSoftware: c.serverSoftware,
      hostKey: c.hostKey,
      ...(c.localAddress ? { localAddress: c.localAddress } : {}),
      ...(c.remoteAddress ? { remoteAddress: c.remoteAddress } : {}),
    };
  }

  /**
   * The local end of the SSH connection: the address this device reaches us on, for the transfer
   * servers. Undefined through a jump host (the caller falls back to the routing table).
   */
  get localAddress(): string | undefined {
    return this.connection.localAddress;
  }

  /** The device's address as seen from here (direct connections only). */
  get remoteAddress(): string | undefined {
    return this.connection.remoteAddress;
  }

  /**
   * The round trip to the device in milliseconds: the least of `samples` SSH keep-alives, sent one
   * after another (the least is the one no queue delayed). Through a jump host it includes that hop.
   */
  async roundTripMs(samples = 5): Promise<number> {
    let best = Infinity;
    for (let i = 0; i < samples; i++) best = Math.min(best, await keepaliveRoundTrip(this.connection.client));
    return best;
  }

  get isClosed(): boolean {
    return this.state.kind === 'closed';
  }

  /** Ends the shell and the connection; queued commands fail with SessionClosedError. Idempotent. */
  close(): void {
    if (this.state.kind !== 'closed') this.state = { kind: 'closed' };
    this.channel.end();
    this.connection.close();
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * After a timeout or an unanswered prompt: get a clean prompt back, or give the session up.
   * Only Ctrl-C is sent, and only at a question (IOS aborts a pending question with it); Enter
   * could accept a default.
   */
  private async resync(command: string): Promise<void> {
    const prompt = execPromptFor(this.prompt.hostname);
    const seen = matchExecPrompt(this.stray, prompt);
    if (seen) {
      // The late reply (or the answer to our Ctrl-C) already ended with the prompt.
      this.prompt = seen;
      this.state = { kind: 'ready' };
      return;
    }
    const backOut: DialogueRule = { name: 'resync', prompt: questionPrompt, answer: (ctx) => (ctx.count < 3 ? ctrlC : new Refuse('still asking')), continue: true };
    // A command that outlived its timeout may still be running (a long copy): wait for its prompt,
    // and only break into a question, never into running output.
    const send = looksLikeQuestion(lastLine(this.stray)) ? ctrlC : '';
    const spec: ExchangeSpec = { device: this.label, command: '', send, prompt, rules: [backOut], timeoutMs: 15_000 };
    try {
      const r = await this.exchange(spec);
      if (r.prompt) this.prompt = r.prompt;
    } catch (err) {
      // A refused destructive question that ended at the prompt is a successful back-out.
      if (err instanceof DialogueRefusedError && this.lastFailure === 'ready') {
        this.state = { kind: 'ready' };
        return;
      }
      this.close();
      throw new DeviceError('E_DESYNC', this.label, `${this.label}: cannot run '${command}': the CLI did not return to its prompt after the previous failure; reconnect`, command, undefined, { cause: err });
    }
  }

  private exchange(spec: ExchangeSpec, onOutput?: (text: string) => void): Promise<{ output: string; prompt?: ExecPrompt }> {
    if (this.state.kind === 'closed') return Promise.reject(this.state.reason instanceof ConnectionLostError ? this.state.reason : new SessionClosedError(this.label, spec.command || '(login)'));
    return new Promise((resolve, reject) => {
      const running = new Running(spec, this.options.promptIdleMs ?? 1500, {
        write: (text) => {
          if (this.state.kind !== 'closed') this.channel.write(text);
        },
        output: (text) => onOutput?.(text),
        done: (output, prompt) => {
          this.current = undefined;
          if (this.state.kind === 'resync') this.state = { kind: 'ready' };
          resolve({ output, prompt });
        },
        fail: (error, after) => {
          this.current = undefined;
          this.lastFailure = after;
          // Where the device stood (e.g. a question still open) is what resync starts from.
          this.stray = running.text.slice(-4096);
          this.after(after);
          reject(error);
        },
      });
      this.current = running;
      this.stray = '';
      running.begin();
    });
  }

  private after(after: AfterFailure): void {
    if (this.state.kind === 'closed') return;
    if (after === 'close') this.close();
    else if (after === 'resync') this.state = { kind: 'resync' };
  }
}

function ignoreRejection(err: unknown): void {
  if (!(err instanceof DeviceError && err.code === 'E_REJECTED')) throw err;
}

interface RunningSink {
  write(text: string): void;
  output(text: string): void;
  done(output: string, prompt?: ExecPrompt): void;
  fail(error: DeviceError, after: AfterFailure): void;
}

/** One exchange in flight: owns its two timers and feeds the pure machine. One close path (`end`). */
class Running {
  private state: ExchangeState;
  private timeout: NodeJS.Timeout | undefined;
  private silence: NodeJS.Timeout | undefined;
  private quiet: NodeJS.Timeout | undefined;
  private pending: ExchangeAction[];

  constructor(
    private readonly spec: ExchangeSpec,
    private readonly quietMs: number,
    private readonly sink: RunningSink,
  ) {
    const first = startExchange(spec);
    this.state = first.state;
    this.pending = first.actions.filter((a) => !(a.type === 'write' && a.text === ''));
  }

  get text(): string {
    return this.state.text;
  }

  begin(): void {
    this.timeout = setTimeout(() => this.feed({ type: 'timeout' }), this.spec.timeoutMs);
    this.armSilence();
    this.armQuiet();
    this.apply(this.pending);
  }

  feed(input: ExchangeInput): void {
    if (this.state.phase === 'over') return;
    if (input.type === 'data') {
      this.armQuiet();
      this.armSilence();
    }
    const step = stepExchange(this.spec, this.state, input);
    this.state = step.state;
    this.apply(step.actions);
  }

  private armSilence(): void {
    if (!this.spec.silenceTimeoutMs) return;
    clearTimeout(this.silence);
    this.silence = setTimeout(() => this.feed({ type: 'silence' }), this.spec.silenceTimeoutMs);
  }

  private armQuiet(): void {
    clearTimeout(this.quiet);
    this.quiet = setTimeout(() => this.feed({ type: 'quiet' }), this.quietMs);
  }

  private apply(actions: ExchangeAction[]): void {
    for (const a of actions) {
      switch (a.type) {
        case 'write':
          this.sink.write(a.text);
          break;
        case 'output':
          this.sink.output(a.text);
          break;
        case 'done':
          this.end();
          this.sink.done(a.output, a.prompt);
          break;
        case 'fail':
          this.end();
          this.sink.fail(a.error, a.after);
          break;
      }
    }
  }

  private end(): void {
    clearTimeout(this.timeout);
    clearTimeout(this.silence);
    clearTimeout(this.quiet);
  }
}
