// `npm run fuzz`: 100,000 mutated inputs per target (test/fuzz/targets.ts) from a seed.
//   npm run fuzz -- [--seed N] [--count N] [--target NAME]   (NAME: a target's name or a part of it)
//   npm run fuzz -- --target NAME --seed S --index I          replays input I and prints it
// Failures are written to fuzz-failures/<target>-<seed>-<index>.json (the input and how to replay it).
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const r = spawnSync(process.execPath, ['--import', 'tsx', path.join('test', 'fuzz', 'fuzz-cli.ts'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
