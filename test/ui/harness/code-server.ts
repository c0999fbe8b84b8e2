// Starts real VS Code (code-server, installed by scripts/install-code-server.sh) on 127.0.0.1 with a
// fresh user-data dir and our packaged .vsix installed, and tears all of it down after the test.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const installDir = path.join(repoRoot, '.cache', 'code-server');
export const packagedVsix = path.join(repoRoot, 'ios-image-manager.vsix');

/** Paths written by scripts/install-code-server.sh into .cache/code-server/install.json. */
export interface CodeServerInstall {
  codeServerVersion: string;
  node: string;
  entry: string;
  chromium: string;
}

export class CodeServerError extends Error {
  readonly code: 'not-installed' | 'install-extension-failed' | 'start-failed' | 'start-timeout';
  constructor(code: CodeServerError['code'], message: string) {
    super(message);
    this.name = 'CodeServerError';
    this.code = code;
  }
}

export function readInstall(): CodeServerInstall {
  const marker = path.join(installDir, 'install.json');
  if (!existsSync(marker)) {
    throw new CodeServerError('not-installed', `code-server is not installed (${marker} missing): run bash scripts/install-code-server.sh`);
  }
  const raw = JSON.parse(readFileSync(marker, 'utf8')) as CodeServerInstall;
  return { ...raw, node: path.resolve(installDir, raw.node), entry: path.resolve(installDir, raw.entry) };
}

export interface CodeServerOptions {
  /** The .vsix to install first; default: the packaged ios-image-manager.vsix. */
  vsix?: string;
  /** Folder opened as the workspace; default: an empty temp folder. */
  workspace?: string;
  /** Extra user settings, merged over the harness's own (trust off, no telemetry or updates). */
  settings?: Record<string, unknown>;
  /** Bound on installing the extension and on the server printing its address. */
  startTimeoutMs?: number;
}

export interface CodeServer {
  /** Workbench URL with the workspace folder opened. */
  url: string;
  workspace: string;
  /** Holds ud/ (user data), ext/ (extensions), and code-server's config and logs. */
  dir: string;
  install: CodeServerInstall;
  /** Everything code-server printed so far (for failure messages). */
  output(): string;
  /** Kills the server's process group and removes its temp folder; idempotent. */
  stop(): Promise<void>;
}

// Settings that keep a test run offline and deterministic: Restricted Mode would disable the
// extension; telemetry, update and extension-gallery checks would reach outside 127.0.0.1.
// `npm run try` (scripts/try.mjs) starts its code-server with these too.
export const harnessSettings: Record<string, unknown> = {
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  // The workspace lies inside this repository's checkout: no "repository found in the parent
  // folders" question. The lab's and the engine's ports are not for forwarding: no Ports badge.
  'git.openRepositoryInParentFolders': 'never',
  'remote.autoForwardPorts': false,
};

// The pieces below are shared with `npm run try` (scripts/try.mjs), which keeps a profile folder
// across runs instead of a temp folder per test.

/** code-server's flags for a profile folder: its config file, user data (ud/) and extensions (ext/). */
export function profileArgs(dir: string): string[] {
  return ['--config', path.join(dir, 'config.yaml'), '--user-data-dir', path.join(dir, 'ud'), '--extensions-dir', path.join(dir, 'ext')];
}

/** code-server writes a config file and logs under XDG dirs; keep them in the profile folder. */
export function profileEnv(dir: string): NodeJS.ProcessEnv {
  return { ...process.env, XDG_CONFIG_HOME: path.join(dir, 'config'), XDG_DATA_HOME: path.join(dir, 'data'), XDG_CACHE_HOME: path.join(dir, 'cache') };
}

/** Installs a .vsix into the profile; `force` replaces an installed build of the same version. */
export function installVsix(install: CodeServerInstall, dir: string, vsix: string, timeoutMs: number, force = false): void {
  const args = [install.entry, ...profileArgs(dir), '--install-extension', vsix, ...(force ? ['--force'] : [])];
  const installed = spawnSync(install.node, args, { env: profileEnv(dir), encoding: 'utf8', timeout: timeoutMs });
  if (installed.status !== 0 || !/successfully installed/.test(installed.stdout)) {
    throw new CodeServerError(
      'install-extension-failed',
      `code-server --install-extension ${vsix} failed (status ${installed.status}, ${installed.error?.message ?? 'no spawn error'}):\n${installed.stdout}${installed.stderr}`,
    );
  }
}

/** Serving flags: no password (callers bind to 127.0.0.1 only) and nothing that reaches outside hosts. */
export const serveFlags = ['--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override'];

/** The base URL once code-server has printed that it listens (it prints the port it really got). */
export function listeningBase(output: string): string | undefined {
  return /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(output)?.[1];
}

/** Starts code-server for one test; stopped by t.after even when the test fails. */
export async function startCodeServer(t: TestContext, options: CodeServerOptions = {}): Promise<CodeServer> {
  const install = readInstall();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'iim-code-server-'));
  // Filled once the server is spawned; stop() may run before that (a failed extension install).
  const running: { child?: ChildProcess } = {};
  let log = '';
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    const child = running.child;
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      const pid = child.pid;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      killGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  t.after(stop);

  const userData = path.join(dir, 'ud');
  const workspace = options.workspace ?? path.join(dir, 'workspace');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  mkdirSync(workspace, { recursive: true });
  writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...harnessSettings, ...options.settings }, null, 2));

  const timeout = options.startTimeoutMs ?? 60_000;
  installVsix(install, dir, options.vsix ?? packagedVsix, timeout);

  // Port 0: the kernel picks a free port and code-server prints the one it got.
  const c = spawn(install.node, [install.entry, ...profileArgs(dir), ...serveFlags, '--bind-addr', '127.0.0.1:0', workspace], {
    env: profileEnv(dir),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  running.child = c;
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new CodeServerError('start-timeout', `code-server printed no address within ${timeout} ms:\n${log}`)), timeout);
    const onData = (chunk: Buffer): void => {
      log += chunk.toString('utf8');
      const listening = listeningBase(log);
      if (listening) {
        clearTimeout(timer);
        resolve(listening);
      }
    };
    c.stdout!.on('data', onData);
    c.stderr!.on('data', onData);
    c.once('error', (err) => {
      clearTimeout(timer);
      reject(new CodeServerError('start-failed', `code-server did not start: ${err.message}`));
    });
    c.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new CodeServerError('start-failed', `code-server exited (${code ?? signal}) before listening:\n${log}`));
    });
  });

  return {
    url: `${base}/?folder=${encodeURIComponent(workspace)}`,
    workspace,
    dir,
    install,
    output: () => log,
    stop,
  };
}

// code-server forks its own children (the server, extension hosts, pty hosts); we started it as a
// process-group leader, so signalling the group reaches all of them and nothing else.
export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
