// `npm run bench`: runs every bench/*.bench.ts (or those named) one after another with tsx.
// Benchmarks are not tests: they print figures and ratios against a peer measured in the same run.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const wanted = process.argv.slice(2);
const files = readdirSync(path.join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  // By name: `npm run bench -- ftp` runs ftp.bench.ts only (not tftp.bench.ts).
  .filter((f) => wanted.length === 0 || wanted.some((w) => f === `${w}.bench.ts` || f === w))
  .sort();
if (files.length === 0) {
  console.error('no benchmarks found');
  process.exit(1);
}
const build = spawnSync(process.execPath, [path.join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join('bench', f)], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
