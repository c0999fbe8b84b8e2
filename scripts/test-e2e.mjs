// `npm run test:e2e`: real VS Code end to end. Installs code-server and Chromium (cached in
// .cache/code-server), packages the .vsix, then runs test/ui/**/*.e2e.ts one file at a time (each
// starts its own code-server and browser; two at once would starve a small machine).
// Arguments narrow the run to files or folders: `npm run test:e2e -- test/ui/devices-view.e2e.ts`.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

function e2eFiles(p) {
  if (statSync(p).isFile()) return p.endsWith('.e2e.ts') ? [p] : [];
  return readdirSync(p)
    .sort()
    .flatMap((name) => (name === 'node_modules' ? [] : e2eFiles(path.join(p, name))));
}

function step(label, command, args) {
  const started = Date.now();
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`test:e2e: ${label} failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`}) after ${seconds} s`);
    process.exit(r.status || 1);
  }
  console.error(`test:e2e: ${label} done in ${seconds} s`);
}

const targets = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const flags = process.argv.slice(2).filter((a) => a.startsWith('-'));
const files = (targets.length ? targets : ['test/ui']).flatMap((t) => e2eFiles(path.resolve(root, t)));
if (files.length === 0) {
  console.error('no e2e test files found');
  process.exit(1);
}

step('install code-server', 'bash', [path.join(root, 'scripts', 'install-code-server.sh')]);
step('package', 'npm', ['run', '--silent', 'package']);
const run = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...flags, ...files.map((f) => path.relative(root, f))],
  { cwd: root, stdio: 'inherit' },
);
process.exit(run.status ?? 1);
