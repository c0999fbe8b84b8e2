// One test per real output in ../shared/fixtures/corpus: the project's parser reads it, and every
// field the project models equals what genieparser / ntc-templates expect for that file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Comparator } from './compare';
import { comparatorKey, corpusMissing, corpusRecords, loadCase } from './corpus';
import { comparators } from './comparators';

const records = corpusMissing ? [] : corpusRecords();

if (corpusMissing) test('corpus', { skip: corpusMissing }, () => undefined);

test('the corpus holds the 98 outputs its README counts', { skip: corpusMissing }, () => {
  assert.equal(records.length, 98);
});

for (const r of records) {
  const compare: Comparator | undefined = comparators[comparatorKey(r)];
  const c = loadCase(r);
  // Asked once for the test's name; a throw here is reported by the test itself below.
  let probe: ReturnType<Comparator> | undefined;
  try {
    probe = compare?.(c);
  } catch {
    probe = undefined;
  }
  const why = probe && 'notComparable' in probe ? ` — not compared: ${probe.notComparable}` : '';
  const name = `corpus ${r.local_path} (${r.command})${why}`;
  if (!compare) {
    test(name, { todo: `no comparator for ${comparatorKey(r)} yet` }, () => undefined);
    continue;
  }
  test(name, () => {
    const res = compare(c);
    if ('compared' in res) assert.ok(res.compared.length > 0, 'nothing was compared');
  });
}
