// `npm run try`: the packaged extension in real VS Code in your browser, with no VS Code installed.
// Installs code-server (cached in .cache/code-server, exactly as `npm run test:e2e` does), packages
// the .vsix, installs it into a profile kept between runs in .cache/try/, and serves the workbench on
// 127.0.0.1 without a password. TypeScript run by tsx, like the e2e harness whose code-server logic
// it shares (test/ui/harness/code-server.ts).
//
// The simulated lab is started inside VS Code (the profile sets iosImageManager.lab.startOnActivation,
// so it starts when the Devices view first opens), not here: only the
// extension's own lab puts its devices' passwords in SecretStorage (which code-server keeps in the
// browser, out of reach of this script) and maps its engine's ports to 69/21/514. A lab started
// from the CLI would ask for every password and fail every copy at the reachability check.
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  harnessSettings,
  installVsix,
  killGroup,
  listeningBase,
  packagedVsix,
  profileArgs,
  profileEnv,
  readInstall,
  repoRoot,
  serveFlags,
} from '../test/ui/harness/code-server';
import { sampleImages, writeSampleImage, type SampleImageSpec } from '../src/lab/sample-image';

const usage = `usage: npm run try [-- [--port N] [--fresh] [--no-package] [--dry-run]]

Starts VS Code (code-server) on 127.0.0.1 with the packaged IOS Image Manager and prints the URL.
  --port N      serve on 127.0.0.1:N (default: a free port)
  --fresh       start from an empty profile (drops .cache/try: settings, workspace, installed extension)
  --no-package  install the ios-image-manager.vsix already built instead of packaging again
  --dry-run     print what would be done, do nothing
Ctrl-C stops code-server and the simulated lab running in it.`;

const labGroup = 'Simulated lab'; // src/ui/lab/lab-host.ts: the group the extension's lab devices get
const tryDir = path.join(repoRoot, '.cache', 'try');
const workspace = path.join(tryDir, 'workspace');
const settingsFile = path.join(tryDir, 'ud', 'User', 'settings.json');
const logFile = path.join(tryDir, 'code-server.log');
const startTimeoutMs = 90_000;

// Over the e2e harness's offline settings: the lab starts with the extension, and the Welcome page
// lists the extension's walkthrough ("Try IOS Image Manager without hardware").
const trySettings: Record<string, unknown> = { ...harnessSettings, 'workbench.startupEditor': 'welcomePage', 'iosImageManager.lab.startOnActivation': true };

// Images to right-click → "Upload to Device…" in the Explorer, as the e2e test does.
const samples: [SampleImageSpec, number, number][] = [
  [sampleImages.c2960x, 3 * 1024 * 1024, 11],
  [sampleImages['c2500-run-from-flash'], 512 * 1024, 12],
];

function fail(message: string): never {
  console.error(`try: ${message}`);
  process.exit(1);
}

interface Options {
  port: number;
  fresh: boolean;
  noPackage: boolean;
  dryRun: boolean;
}

function options(): Options {
  let values;
  try {
    values = parseArgs({
      options: { port: { type: 'string' }, fresh: { type: 'boolean' }, 'no-package': { type: 'boolean' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }).values;
  } catch (err) {
    fail(`${(err as Error).message}\n${usage}`);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port takes a port number 0–65535, not '${values.port}'`);
  return { port, fresh: values.fresh ?? false, noPackage: values['no-package'] ?? false, dryRun: values['dry-run'] ?? false };
}

function printPlan(o: Options): void {
  const rel = (p: string): string => path.relative(repoRoot, p);
  console.log(
    [
      'try: would',
      '  1. bash scripts/install-code-server.sh        (code-server + its Node 24, cached in .cache/code-server)',
      o.noPackage ? '  2. (no packaging: the .vsix already built)' : '  2. npm run --silent package                   (ios-image-manager.vsix)',
      ...(o.fresh ? [`  -  remove ${rel(tryDir)}`] : []),
      `  3. install ${rel(packagedVsix)} into ${rel(tryDir)}/ext (profile ${rel(tryDir)}/ud)`,
      `  4. write ${rel(settingsFile)} (offline settings; stale "${labGroup}" devices dropped)`,
      `  5. put sample images in ${rel(workspace)}: ${samples.map(([spec]) => spec.name).join(', ')}`,
      `  6. serve the workbench on 127.0.0.1:${o.port || '(a free port)'} with ${serveFlags.join(' ')}; log in ${rel(logFile)}`,
    ].join('\n'),
  );
}

function step(label: string, command: string, args: string[]): void {
  const started = Date.now();
  const r: SpawnSyncReturns<Buffer> = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) fail(`${label} failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`})`);
  console.error(`try: ${label} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Settings of an earlier run with ours laid over them; undefined when the file is not plain JSON. */
function mergedSettings(): Record<string, unknown> | undefined {
  if (!existsSync(settingsFile)) return { ...trySettings };
  let current: unknown;
  try {
    current = JSON.parse(readFileSync(settingsFile, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
  const merged: Record<string, unknown> = { ...current, ...trySettings };
  // A lab device outlives its lab when code-server stops with the lab running; its ports are dead.
  const devices = merged['iosImageManager.devices'];
  if (Array.isArray(devices)) merged['iosImageManager.devices'] = devices.filter((d: { group?: unknown } | null) => d?.group !== labGroup);
  return merged;
}

async function prepareProfile(o: Options): Promise<void> {
  if (o.fresh) rmSync(tryDir, { recursive: true, force: true });
  mkdirSync(path.dirname(settingsFile), { recursive: true });
  mkdirSync(workspace, { recursive: true });
  const settings = mergedSettings();
  if (settings) writeFileSync(settingsFile, `${JSON.stringify(settings, null, 2)}\n`);
  else console.error(`try: ${settingsFile} is not plain JSON (comments?), so it is left as it is`);
  for (const [spec, size, seed] of samples) {
    if (!existsSync(path.join(workspace, spec.name))) await writeSampleImage(workspace, spec, size, seed);
  }
}

function banner(base: string): string {
  return [
    '',
    `  IOS Image Manager in VS Code: ${base}/?folder=${encodeURIComponent(workspace)}`,
    '',
    '  Open the IOS Image Manager view in the activity bar: the simulated lab starts with it (this',
    '  profile sets iosImageManager.lab.startOnActivation) and seven devices appear under "Simulated',
    '  lab"; expand one for its flash, and right-click a sample image in the Explorer → "Upload to',
    '  Device…". The Welcome page\'s "Try IOS Image Manager without hardware" walks through the same.',
    '',
    `  Profile and workspace: ${path.relative(repoRoot, tryDir)}/   log: ${path.relative(repoRoot, logFile)}`,
    '  Ctrl-C stops code-server and the simulated lab.',
    '',
  ].join('\n');
}

/** Serves the workbench until a signal or code-server's own exit; resolves with the exit code. */
function serve(o: Options): Promise<number> {
  const install = readInstall();
  const bindAddr = `127.0.0.1:${o.port}`;
  const log = createWriteStream(logFile, { flags: 'a' });
  log.write(`\n--- try: ${new Date().toISOString()} serving on ${bindAddr}\n`);
  // Its own process group, so stopping reaches its server, extension host (and the lab in it) and pty host.
  const server = spawn(install.node, [install.entry, ...profileArgs(tryDir), ...serveFlags, '--bind-addr', bindAddr, workspace], {
    env: profileEnv(tryDir),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const pid = server.pid;
  // Whatever ends this script (an exception included) must not leave code-server running unseen.
  process.on('exit', () => {
    if (pid !== undefined && server.exitCode === null && server.signalCode === null) killGroup(pid, 'SIGKILL');
  });

  return new Promise((resolve) => {
    let stopping: string | undefined; // why: a signal's name, or 'timeout'
    const stop = (reason: string): void => {
      if (stopping || pid === undefined) return;
      stopping = reason;
      console.error(`\ntry: ${reason}: stopping code-server and the simulated lab…`);
      killGroup(pid, 'SIGTERM');
      setTimeout(() => killGroup(pid, 'SIGKILL'), 5_000).unref();
    };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(signal));

    let output = '';
    let announced = false;
    const timer = setTimeout(() => {
      console.error(`try: code-server printed no address within ${startTimeoutMs / 1000} s; its output:\n${output}`);
      stop('timeout');
    }, startTimeoutMs);
    const onData = (chunk: Buffer): void => {
      log.write(chunk);
      if (announced) return;
      output += chunk.toString('utf8');
      const base = listeningBase(output);
      if (!base) return;
      announced = true;
      clearTimeout(timer);
      console.log(banner(base));
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.once('error', (err) => {
      clearTimeout(timer);
      console.error(`try: code-server did not start: ${err.message}`);
      resolve(1);
    });
    server.once('exit', (code, signal) => {
      clearTimeout(timer);
      log.end();
      if (stopping) {
        console.error('try: stopped');
        return resolve(stopping === 'timeout' ? 1 : 0);
      }
      if (!announced) console.error(output);
      console.error(`try: code-server exited (${code ?? signal}); log: ${logFile}`);
      resolve(1);
    });
  });
}

async function main(): Promise<number> {
  const o = options();
  if (o.dryRun) {
    printPlan(o);
    return 0;
  }
  // The first run installs code-server (minutes); the script says what it does as it goes.
  if (!existsSync(path.join(repoRoot, '.cache', 'code-server', 'install.json'))) console.error('try: first run: installing code-server and Chromium (about 3–6 minutes; later runs start in seconds)…');
  step('install code-server', 'bash', [path.join(repoRoot, 'scripts', 'install-code-server.sh')]);
  if (!o.noPackage) step('package', 'npm', ['run', '--silent', 'package']);
  else if (!existsSync(packagedVsix)) fail(`--no-package: ${packagedVsix} is not there; run npm run package`);
  await prepareProfile(o);
  try {
    // --force: every run packages the same version with new contents.
    installVsix(readInstall(), tryDir, packagedVsix, 120_000, true);
  } catch (err) {
    fail((err as Error).message);
  }
  return serve(o);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => fail(err instanceof Error ? (err.stack ?? err.message) : String(err)),
);
