// `npm run test:vscode`: the extension in desktop VS Code (Electron) with @vscode/test-electron, for
// machines that can download VS Code. It builds the extension, bundles test/vscode/suite/ for the
// Extension Development Host, gets VS Code (cached in .cache/vscode-test; VSCODE_VERSION picks one,
// default stable) or uses VSCODE_EXECUTABLE, and runs the suite in a fresh profile.
// Offline, `npm run test:e2e` runs the packaged extension in real VS Code through code-server instead.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { downloadAndUnzipVSCode, runTests, SilentReporter, TestRunFailedError } from '@vscode/test-electron';
import * as esbuild from 'esbuild';

const root = path.resolve(__dirname, '..', '..');
const cache = path.join(root, '.cache', 'vscode-test');
const suiteBundle = path.join(cache, 'suite.js');
// An idle timeout: a slow download that keeps moving is fine, a stalled or unreachable one is not.
const downloadIdleMs = Number(process.env.VSCODE_DOWNLOAD_TIMEOUT_MS ?? 15_000);

function fail(message: string): never {
  console.error(`test:vscode: ${message}`);
  process.exit(1);
}

function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s+/g, ' ').trim();
}

async function vscodeExecutable(): Promise<string> {
  const given = process.env.VSCODE_EXECUTABLE;
  if (given) return given;
  const version = process.env.VSCODE_VERSION ?? 'stable';
  console.error(`test:vscode: getting VS Code ${version} (cached in ${path.relative(root, cache)})`);
  try {
    // Silent: the console reporter's progress and retries would bury the one line that matters.
    return await downloadAndUnzipVSCode({ version, cachePath: cache, timeout: downloadIdleMs, reporter: new SilentReporter() });
  } catch (err) {
    fail(
      `cannot download VS Code ${version} (${oneLine(err)}); these tests need update.code.visualstudio.com, ` +
        'or set VSCODE_EXECUTABLE to an installed VS Code; offline, npm run test:e2e runs real VS Code through code-server',
    );
  }
}

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, [path.join(root, 'esbuild.mjs'), 'extension', 'webview'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) fail(`build failed (exit ${build.status ?? build.signal})`);
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'suite', 'index.ts')],
    outfile: suiteBundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    external: ['vscode'],
    logLevel: 'warning',
  });

  const vscodeExecutablePath = await vscodeExecutable();
  // A fresh profile each run: the lab test writes the user's device settings.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'iim-vscode-test-'));
  const userData = path.join(dir, 'ud');
  const workspace = path.join(dir, 'workspace');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  mkdirSync(workspace);
  writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify({ 'security.workspace.trust.enabled': false, 'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'extensions.autoCheckUpdates': false }),
  );
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: root,
      extensionTestsPath: suiteBundle,
      launchArgs: [
        workspace,
        '--user-data-dir', userData,
        '--extensions-dir', path.join(dir, 'ext'),
        '--disable-extensions', // every other extension; the one under test still loads
        '--password-store=basic', // SecretStorage without a desktop keyring (CI, containers)
      ],
    });
  } catch (err) {
    if (err instanceof TestRunFailedError) fail(`tests failed (VS Code exited ${err.code ?? err.signal})`);
    fail(`VS Code did not run the tests: ${oneLine(err)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => fail(oneLine(err)),
);
