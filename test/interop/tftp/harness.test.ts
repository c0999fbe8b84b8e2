// The TFTP harness's waits, which the race fixes of the download and loss tests rest on: `ended(n)`
// answers only once n transfers have ended, and `settled` finds an end that came before it was asked.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { needTool } from '../../helpers/tools';
import { randomFile, runClient, startHarness } from './harness';

test('harness: ended(2) waits for the second transfer to end; settled() finds one already there', { timeout: 60_000 }, async (t) => {
  const tftp = needTool(t, 'tftp', 'tftp-hpa');
  if (!tftp) return;
  const h = await startHarness(t);
  randomFile(h.root, 'a.bin', 20_000);
  const get = (out: string) => runClient(tftp, ['127.0.0.1', String(h.server.port), '-m', 'binary', '-c', 'get', 'a.bin', path.join(h.dir, out)]);
  let answered: unknown[] | undefined;
  const both = h.ended(2).then((ends) => (answered = ends));
  assert.equal((await get('one')).code, 0);
  const first = await h.settled((e) => e.type === 'finished');
  assert.equal(first.type, 'finished');
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(answered, undefined, 'one transfer has ended, not two');
  assert.equal((await get('two')).code, 0);
  const ends = await both;
  assert.deepEqual(
    ends.map((e) => e.type),
    ['finished', 'finished'],
  );
  assert.equal(await h.settled((e) => e.type === 'finished'), first, 'settled answers with the first end it finds');
});
