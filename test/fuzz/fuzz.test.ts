// `npm test` fuzzes every codec and parser a little (FUZZ_COUNT inputs each, fixed seed, so a failure
// here fails again on the next run); `npm run fuzz` runs 100,000 per target with any seed. A failure
// names the target, seed and index: `npm run fuzz -- --target "<name>" --seed S --index I` replays it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fuzzTarget } from './fuzz-core';
import { allTargets } from './targets';

const seed = 15;
const count = Number(process.env.FUZZ_COUNT ?? 2000);

for (const t of allTargets) {
  test(`fuzz ${t.name}: ${count} mutated inputs, only the documented error, invariants hold, none over 50 ms`, () => {
    const failures = fuzzTarget(t, seed, count, 3);
    assert.deepEqual(
      failures.map((f) => `${f.kind} at index ${f.index}: ${f.message} — replay: npm run fuzz -- --target "${f.target}" --seed ${f.seed} --index ${f.index}`),
      [],
    );
  });
}
