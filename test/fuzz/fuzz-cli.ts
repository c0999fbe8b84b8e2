// The `npm run fuzz` runner (scripts/fuzz.mjs starts it): long runs, any seed, one input replayed.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cpuMsOf, fuzzTarget, inputAt, runOne, type FuzzFailure } from './fuzz-core';
import { allTargets } from './targets';

const { values } = parseArgs({ options: { seed: { type: 'string' }, count: { type: 'string' }, target: { type: 'string' }, index: { type: 'string' } } });
const seed = values.seed !== undefined ? Number(values.seed) : Date.now() % 1_000_000;
const count = Number(values.count ?? 100_000);
const targets = allTargets.filter((t) => !values.target || t.name === values.target || t.name.includes(values.target));
if (targets.length === 0) {
  console.error(`no target matches "${values.target}"; targets: ${allTargets.map((t) => t.name).join(', ')}`);
  process.exit(2);
}

const outDir = path.resolve(__dirname, '..', '..', 'fuzz-failures');
function save(f: FuzzFailure): string {
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${f.target.replace(/[^\w.-]+/g, '_')}-${f.seed}-${f.index}.json`);
  writeFileSync(file, `${JSON.stringify({ ...f, replay: `npm run fuzz -- --target "${f.target}" --seed ${f.seed} --index ${f.index}` }, null, 2)}\n`);
  return file;
}

if (values.index !== undefined) {
  const index = Number(values.index);
  for (const t of targets) {
    const input = index < 0 ? t.seeds()[0]! : inputAt(t, t.seeds(), seed, index);
    const f = runOne(t, input, seed, index);
    console.log(`${t.name} #${index} (seed ${seed}, ${input.length} ${typeof input === 'string' ? 'chars' : 'bytes'}): ${f ? `${f.kind}: ${f.message}` : 'ok'}`);
    console.log(JSON.stringify(typeof input === 'string' ? input.slice(0, 2000) : input.toString('base64').slice(0, 2000)));
    if (f) console.log(`saved ${save(f)}`);
  }
  process.exit(0);
}

console.log(`fuzz: seed ${seed}, ${count} inputs per target, ${targets.length} targets`);
let failed = 0;
for (const t of targets) {
  let failures: FuzzFailure[] = [];
  const ms = cpuMsOf(() => (failures = fuzzTarget(t, seed, count, 10)));
  failed += failures.length;
  console.log(`${failures.length === 0 ? 'ok  ' : 'FAIL'} ${t.name.padEnd(32)} ${count} inputs, ${(ms / 1000).toFixed(1)} s CPU`);
  for (const f of failures) console.log(`     ${f.kind} #${f.index}: ${f.message}\n     → ${save(f)}`);
}
console.log(failed === 0 ? 'no failures' : `${failed} failure(s); replay each with the command in its file`);
process.exit(failed === 0 ? 0 : 1);
