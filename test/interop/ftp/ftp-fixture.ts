// Shared set-up for the FTP interop tests: an engine with an FTP server on a free loopback port,
// temp folders, random files, a curl runner and a minimal raw control-connection client (for the
// hostile inputs no real client sends). Everything is torn down with the test.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { type EngineOptions, type RunningServer, TransferEngine, type TransferEvent } from '../../../src/engine';
import type { FtpServerOptions } from '../../../src/engine/ftp/server';
import { tempDir } from '../../helpers/temp-dir';

export interface FtpFixture {
  engine: TransferEngine;
  server: RunningServer;
  port: number;
  dir: string;
  root: string;
  inbox: string;
  events: TransferEvent[];
  /** Writes `bytes` random bytes to `name` under dir/files and returns the path and content. */
  file(name: string, bytes: number): { path: string; data: Buffer };
}

export interface FixtureOptions {
  engine?: EngineOptions;
  server?: Partial<FtpServerOptions>;
  /** CLI mode: serve dir/root and accept uploads into dir/inbox for this static login. */
  cliLogin?: { username: string; password: string };
}

export async function startFtp(t: TestContext, options: FixtureOptions = {}): Promise<FtpFixture> {
  const dir = tempDir(t, 'iim-ftp-');
  const root = path.join(dir, 'root');
  const inbox = path.join(dir, 'inbox');
  mkdirSync(root);
  mkdirSync(inbox);
  mkdirSync(path.join(dir, 'files'));
  const cli = options.cliLogin ? { root, inbox, credentials: { ftp: options.cliLogin } } : {};
  const engine = new TransferEngine({ ...options.engine, ...cli });
  const events: TransferEvent[] = [];
  engine.events.subscribe((e) => {
    if (e.type !== 'progress') events.push(e);
  });
  const server = await engine.startFtp({ port: 0, loginFailureDelayMs: 20, ...options.server });
  t.after(() => engine.close());
  return {
    engine,
    server,
    port: server.port,
    dir,
    root,
    inbox,
    events,
    file(name, bytes) {
      const data = randomBytes(bytes);
      const p = path.join(dir, 'files', name);
      writeFileSync(p, data);
      return { path: p, data };
    },
  };
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a client tool with a hard time limit; never rejects. */
export function runTool(cmd: string, args: string[], timeoutMs = 30_000): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, killSignal: 'SIGKILL', encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** curl against the fixture, quiet but with errors shown. */
export function curl(args: string[]): Promise<RunResult> {
  return runTool('curl', ['-sS', '--max-time', '20', ...args]);
}

export interface FtpReplyLine {
  code: number;
  text: string;
}

/** A bare control connection for inputs real clients never send. */
export class RawControl {
  private buffer = '';
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor(readonly socket: net.Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      this.buffer += d;
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static async connect(t: TestContext, port: number, localAddress = '127.0.0.1'): Promise<RawControl> {
    const socket = net.connect({ host: '127.0.0.1', port, localAddress });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const c = new RawControl(socket);
    t.after(() => socket.destroy());
    await c.reply(); // greeting
    return c;
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** The next complete reply (multi-line aware), or undefined once the server closed. */
  async reply(timeoutMs = 10_000): Promise<FtpReplyLine | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = /^(\d{3}) ([^\r\n]*)\r\n/m.exec(this.buffer);
      if (m) {
        const first = /^(\d{3})-/.exec(this.buffer);
        const end = m.index + m[0].length;
        if (!first || first[1] === m[1]) {
          this.buffer = this.buffer.slice(end);
          return { code: Number(m[1]), text: m[2] };
        }
      }
      if (this.closed) return undefined;
      if (Date.now() > deadline) throw new Error(`no reply within ${timeoutMs} ms; buffer: ${JSON.stringify(this.buffer)}`);
      await new Promise<void>((r) => {
        const timer = setTimeout(r, 100);
        this.waiters.push(() => {
          clearTimeout(timer);
          r();
        });
      });
    }
  }

  send(line: string | Buffer): void {
    this.socket.write(line);
  }

  async command(line: string): Promise<FtpReplyLine | undefined> {
    this.send(`${line}\r\n`);
    return this.reply();
  }

  async login(user: string, pass: string): Promise<void> {
    const u = await this.command(`USER ${user}`);
    if (u?.code !== 331) throw new Error(`USER: ${JSON.stringify(u)}`);
    const p = await this.command(`PASS ${pass}`);
    if (p?.code !== 230) throw new Error(`PASS: ${JSON.stringify(p)}`);
  }

  /** PASV, then a data connection to the announced port from `localAddress`. */
  async passiveData(t: TestContext, localAddress = '127.0.0.1'): Promise<{ port: number; socket: net.Socket }> {
    const r = await this.command('PASV');
    const m = r && /\((\d+),(\d+),(\d+),(\d+),(\d+),(\d+)\)/.exec(r.text);
    if (!m) throw new Error(`PASV: ${JSON.stringify(r)}`);
    const port = Number(m[5]) * 256 + Number(m[6]);
    const socket = net.connect({ host: '127.0.0.1', port, localAddress });
    socket.on('error', () => undefined);
    t.after(() => socket.destroy());
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    return { port, socket };
  }
}

/** Resolves when the socket closes (or after timeoutMs, with false). */
export function closedWithin(socket: net.Socket, timeoutMs: number): Promise<boolean> {
  if (socket.destroyed) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
    socket.resume();
  });
}

/** Waits until `predicate` holds, polling; throws after timeoutMs. */
export async function eventually(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Whether a TCP connect to the port succeeds (a closed passive listener refuses). */
export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
