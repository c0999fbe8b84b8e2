// The UI's job path end to end under the vscode fake: the Simulated lab started by LabHost (its own
// engine, devices in settings, secrets stored, host keys trusted), an image pushed from a card of
// the Transfers panel, and an erase-on-copy that waits for the typed hostname before it goes on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { created, type FakeWebviewPanel } from '../../fakes/vscode';
import { sampleImages, writeSampleImage } from '../../../src/lab/sample-image';
import { labDeviceName, labGroup } from '../../../src/ui/lab/lab-host';
import { pushJob } from '../../../src/ui/transfers/transfer-jobs';
import { CardState } from '../../../src/ui/transfers/card-state';
import type { HostToWebview, JobCard } from '../../../src/ui/transfers/protocol';
import { labCtx } from './lab-ctx';

function lastPanel(): FakeWebviewPanel {
  return created.panels[created.panels.length - 1];
}

/** The cards as the webview holds them, from everything the panel posted (batches, nulls and all). */
function cards(panel: FakeWebviewPanel): Map<string, JobCard> {
  const state = new CardState();
  for (const m of panel.posted as HostToWebview[]) state.apply(m);
  return state.jobs;
}

test('lab devices get an image through a Transfers card; an erase waits for the typed hostname', { timeout: 120_000 }, async (t) => {
  const { ctx, dir } = labCtx(t);
  await ctx.lab.start();
  const devices = ctx.config.devices().devices;
  assert.ok(devices.length >= 5 && devices.every((d) => d.group === labGroup), JSON.stringify(devices));
  assert.equal(await ctx.credentials.get(labDeviceName('c2960x'), 'password') !== undefined, true);

  const sw = devices.find((d) => d.name === labDeviceName('c2960x'))!;
  const image = await writeSampleImage(dir, sampleImages.c2960x, 1024 * 1024, 3);
  const outcome = await pushJob(ctx, sw, image.path, 'tftp');
  assert.equal(outcome.status, 'succeeded', outcome.message);
  const panel = lastPanel();
  panel.sendFromWebview({ type: 'ready' });
  const card = [...cards(panel).values()].find((c) => c.device === sw.name)!;
  assert.equal(card.status, 'succeeded');
  assert.equal(card.bytes, 1024 * 1024);
  assert.ok(card.checks.length > 0, 'pre-flight shown');
  assert.match(card.output, /copy tftp:/, 'the commands and device output are on the card');
  assert.doesNotMatch(card.output, /password/i);

  // Auto: the job measures the link and picks; the card shows what it took (HTTP on the lab's engine).
  const next = await writeSampleImage(dir, { ...sampleImages.c2960x, name: 'c2960x-universalk9-mz.152-7.E5.bin' }, 512 * 1024, 5);
  const auto = await pushJob(ctx, sw, next.path, 'auto');
  assert.equal(auto.status, 'succeeded', auto.message);
  lastPanel().sendFromWebview({ type: 'ready' }); // a fresh snapshot: deltas are batched
  const autoCard = [...cards(lastPanel()).values()].find((c) => c.device === sw.name && c.file === 'c2960x-universalk9-mz.152-7.E5.bin')!;
  assert.equal(autoCard.protocol, 'http');
  assert.ok(autoCard.checks.some((c) => c.id === 'protocol' && /^HTTP chosen/.test(c.summary)));
  assert.match(autoCard.output, /copy http:\/\/127\.0\.0\.1:\d+\/\*{5}\//, 'the secret folder is redacted on the card');

  // The 2500 runs from flash: the copy erases it, so the job waits on the card for the hostname.
  const r2500 = devices.find((d) => d.name === labDeviceName('c2500-run-from-flash'))!;
  const old = await writeSampleImage(dir, sampleImages['c2500-run-from-flash'], 256 * 1024, 4);
  const erase = pushJob(ctx, r2500, old.path, 'tftp');
  let waiting: JobCard | undefined;
  for (let i = 0; i < 600 && !waiting; i++) {
    await new Promise((r) => setTimeout(r, 50));
    waiting = [...cards(lastPanel()).values()].find((c) => c.device === r2500.name && c.status === 'waiting');
  }
  assert.ok(waiting?.pending, 'the card waits for confirmation');
  assert.equal(waiting.pending.kind, 'typed');
  assert.ok(waiting.pending.confirmations.includes('erase-flash'));
  lastPanel().sendFromWebview({ type: 'confirm', id: waiting.id, typedHostname: 'not-the-hostname' });
  assert.equal(ctx.jobs.card(waiting.id)?.status, 'waiting', 'a wrong hostname does not confirm');
  lastPanel().sendFromWebview({ type: 'confirm', id: waiting.id, typedHostname: waiting.pending.hostname });
  const confirmed = await erase;
  assert.equal(confirmed.status, 'succeeded', confirmed.message);
  // The panel posts at most ten times a second: the last deltas follow within 100 ms.
  await new Promise((r) => setTimeout(r, 150));
  const done = cards(lastPanel()).get(waiting.id)!;
  assert.equal(done.status, 'succeeded');
  assert.equal(done.pending, undefined);
  assert.ok(done.checks.some((c) => c.confirmation === 'erase-flash' && c.status === 'warning' && c.facts.some((f) => /confirmed by the user/.test(f))), 'the re-run carried the erase confirmation');
});
