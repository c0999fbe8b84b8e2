// `npm test`: builds the bundles, then runs every test/**/*.test.ts with Node's built-in runner
// (Node 20's `--test` has no glob support, so the files are listed here). Arguments narrow the run
// to files or folders: `npm test -- test/unit/engine`.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

function testFiles(p) {
  if (statSync(p).isFile()) return p.endsWith('.test.ts') ? [p] : [];
  return readdirSync(p)
    .sort()
    .flatMap((name) => (name === 'node_modules' ? [] : testFiles(path.join(p, name))));
}

const targets = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const flags = process.argv.slice(2).filter((a) => a.startsWith('-'));
const files = (targets.length ? targets : ['test']).flatMap((t) => testFiles(path.resolve(root, t)));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

const build = spawnSync(process.execPath, [path.join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const run = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--import', './test/setup.mjs', '--test', '--test-reporter=spec', ...flags, ...files.map((f) => path.relative(root, f))],
  { cwd: root, stdio: 'inherit' },
);
process.exit(run.status ?? 1);
