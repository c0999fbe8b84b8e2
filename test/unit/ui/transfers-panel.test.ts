// The Transfers panel with the vscode fake: its HTML's CSP and nonce, `ready` → snapshot → deltas
// (batched, and JSON-safe: a cleared field crosses as null), invalid messages ignored, and the
// confirmation flow of a blocked job (typed hostname for erase, a plain confirm for overwrite,
// decline, cancel while waiting) as the webview's own card state sees it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as vscodeTypes from 'vscode';
import { created, type FakeWebviewPanel, registered, Uri } from '../../fakes/vscode';
import type { JobEvent } from '../../../src/jobs/job-events';
import type { CheckResult, Confirmation } from '../../../src/jobs/preflight/check';
import { JobStore } from '../../../src/ui/transfers/job-store';
import { type JobFunction, runJob } from '../../../src/ui/transfers/job-runner';
import { TransfersPanel } from '../../../src/ui/transfers/panel';
import { CardState } from '../../../src/ui/transfers/card-state';
import type { HostToWebview, JobCard } from '../../../src/ui/transfers/protocol';

const eraseCheck: CheckResult = { id: 'erase', title: 'Erase before copy', status: 'blocking', summary: 'The copy erases flash: first.', facts: ['flash: holds c2500-js-l.122.bin (running)'], confirmation: 'erase-flash' };
const overwriteCheck: CheckResult = { id: 'existing', title: 'Existing file', status: 'blocking', summary: 'flash:x.bin exists with other content.', facts: [], confirmation: 'overwrite' };
const spaceCheck: CheckResult = { id: 'space', title: 'Space', status: 'blocking', summary: 'Does not fit.', facts: [] };

function openPanel(store: JobStore): { panel: TransfersPanel; fake: FakeWebviewPanel } {
  const before = created.panels.length;
  const panel = TransfersPanel.createOrShow({ extensionUri: Uri.file('/ext') as unknown as vscodeTypes.Uri, store, showLog: () => undefined });
  const fake = created.panels[created.panels.length - 1];
  assert.equal(created.panels.length, before + 1);
  return { panel, fake };
}

/** Every message the webview got, batches opened. */
function posted(fake: FakeWebviewPanel): HostToWebview[] {
  const open = (m: HostToWebview): HostToWebview[] => (m.type === 'batch' ? m.messages.flatMap(open) : [m]);
  return (fake.posted as HostToWebview[]).flatMap(open);
}

/** The cards as the webview holds them. */
function cards(fake: FakeWebviewPanel): Map<string, JobCard> {
  const state = new CardState();
  for (const m of fake.posted as HostToWebview[]) state.apply(m);
  return state.jobs;
}

const tick = (ms = 150) => new Promise((r) => setTimeout(r, ms));

/**
 * A job that is blocked by `checks` until their confirmations are given, then succeeds; as the jobs
 * layer's executor does, it asks through `confirm` and goes on with the answer, and its log ends with
 * "outcome: blocked" only when the block is final. Records the confirmations it held each time it
 * looked at its checks.
 */
function blockedJob(checks: CheckResult[], attempts: Confirmation[][]): JobFunction {
  return async (confirm, _signal, onEvent) => {
    const confirmations = new Set<Confirmation>();
    for (;;) {
      attempts.push([...confirmations].sort());
      const open = checks.filter((c) => !confirmations.has(c.confirmation!) || !c.confirmation);
      const ev: JobEvent = { type: 'checks', checks: checks.map((c) => (open.includes(c) ? c : { ...c, status: 'warning' })) };
      onEvent(ev);
      if (!open.length) break;
      const blocked = () => {
        onEvent({ type: 'log', text: `outcome: blocked — ${open.map((c) => c.summary).join(' ')}` });
        return { outcome: { status: 'blocked' as const, message: open.map((c) => c.summary).join(' '), checks: open } };
      };
      if (open.some((c) => !c.confirmation)) return blocked();
      const given = await confirm(open, 'R2500');
      if (!given) return blocked();
      for (const c of given) confirmations.add(c);
    }
    onEvent({ type: 'progress', bytes: 100, totalBytes: 100, source: 'engine' });
    onEvent({ type: 'log', text: '> copy tftp://127.0.0.1/x.bin flash:x.bin' });
    return { outcome: { status: 'succeeded', bytes: 100, md5: 'abc', seconds: 1, verified: true, message: 'copied' } };
  };
}

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(cond(), 'condition reached');
}

test('the panel HTML has a strict CSP whose nonce is the script tag\u2019s, and only local resources', (t) => {
  const { panel, fake } = openPanel(new JobStore());
  t.after(() => panel.dispose());
  const html = fake.webview.html;
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  assert.match(csp, /^default-src 'none'; /);
  const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
  assert.ok(nonce && nonce.length >= 16, csp);
  assert.ok(html.includes(`<script nonce="${nonce}" src="vscode-webview://fake/ext/dist/media/transfers.js">`));
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
  assert.equal(fake.options.retainContextWhenHidden, undefined);
  const roots = (fake.options.localResourceRoots as { fsPath: string }[]).map((u) => u.fsPath);
  assert.deepEqual(roots, ['/ext/dist/media', '/ext/media']);
  // A second panel gets a different nonce.
  panel.dispose();
  const again = openPanel(new JobStore());
  t.after(() => again.panel.dispose());
  assert.ok(!again.fake.webview.html.includes(nonce));
});

test('ready → snapshot, then deltas, batched into one post per interval; invalid messages are ignored', async (t) => {
  const store = new JobStore();
  store.add({ device: 'sw1', file: 'a.bin', protocol: 'tftp', direction: 'to-device' });
  const { panel, fake } = openPanel(store);
  t.after(() => panel.dispose());
  fake.sendFromWebview({ type: 'ready' });
  const snap = fake.posted[0] as HostToWebview;
  assert.equal(snap.type, 'snapshot');
  assert.equal(snap.type === 'snapshot' && snap.jobs.length, 1);
  const { id } = store.add({ device: 'sw2', file: 'b.bin', protocol: 'ftp', direction: 'to-device' });
  store.apply(id, { type: 'progress', bytes: 50, totalBytes: 200, bytesPerSecond: 25, etaSeconds: 6, source: 'engine' });
  store.apply(id, { type: 'progress', bytes: 60, totalBytes: 200, bytesPerSecond: 25, etaSeconds: 6, source: 'engine' });
  store.apply(id, { type: 'log', text: 'Loading b.bin from 127.0.0.1 (via Vlan1): ! × 20', live: true });
  store.apply(id, { type: 'log', text: 'Loading b.bin from 127.0.0.1 (via Vlan1): ! × 40', live: true });
  assert.equal(fake.posted.length, 1, 'deltas wait for the interval after the snapshot');
  await tick();
  assert.equal(fake.posted.length, 2, 'then go as one post');
  assert.deepEqual(
    posted(fake).slice(1).map((m) => m.type),
    ['job-added', 'job-updated', 'job-output'],
    'two updates merged into one patch, two live lines into one',
  );
  assert.deepEqual(posted(fake)[2], { type: 'job-updated', id, patch: { bytes: 60, totalBytes: 200, bytesPerSecond: 25, etaSeconds: 6 } });
  assert.equal(cards(fake).get(id)?.liveLine, 'Loading b.bin from 127.0.0.1 (via Vlan1): ! × 40');
  store.apply(id, { type: 'log', text: 'Loading b.bin from 127.0.0.1 (via Vlan1): ! × 41\n[OK - 200 bytes]' });
  await tick();
  const card = cards(fake).get(id)!;
  assert.equal(card.liveLine, undefined, 'the final line replaced the live one');
  assert.equal(card.output, 'Loading b.bin from 127.0.0.1 (via Vlan1): ! × 41\n[OK - 200 bytes]\n');
  const count = fake.posted.length;
  for (const bad of [{ type: 'cancel', id: 7 }, { type: 'eval', code: '1' }, null, 'ready']) fake.sendFromWebview(bad);
  await tick();
  assert.equal(fake.posted.length, count, 'nothing answered to invalid messages');
  assert.equal(store.card(id)?.status, 'running');
  fake.sendFromWebview({ type: 'cancel', id });
  assert.equal(store.card(id)?.status, 'running', 'cancel only signals the job; its outcome comes from the job');
  assert.equal(store.card(id)?.cancelling, true, 'the card says cancelling at once');
  await tick();
  assert.equal(cards(fake).get(id)?.phase, 'cancelling…');
});

test('an erase needs the hostname typed; a wrong one is refused; then the job runs again with erase-flash', async (t) => {
  const store = new JobStore();
  const { panel, fake } = openPanel(store);
  t.after(() => panel.dispose());
  fake.sendFromWebview({ type: 'ready' });
  const attempts: Confirmation[][] = [];
  const done = runJob(store, { device: 'lab-2500', file: 'c2500.bin', protocol: 'tftp', direction: 'to-device' }, blockedJob([eraseCheck], attempts));
  await until(() => posted(fake).some((m) => m.type === 'job-updated' && m.patch.pending !== undefined));
  const waiting = posted(fake).find((m) => m.type === 'job-updated' && m.patch.pending)!;
  assert.ok(waiting.type === 'job-updated');
  assert.deepEqual(waiting.patch.pending, { kind: 'typed', confirmations: ['erase-flash'], hostname: 'R2500', checks: [eraseCheck] });
  const id = waiting.id;
  registered.messages.length = 0;
  fake.sendFromWebview({ type: 'confirm', id });
  fake.sendFromWebview({ type: 'confirm', id, typedHostname: 'r2500' });
  assert.equal(store.card(id)?.status, 'waiting', 'still waiting after a wrong hostname');
  assert.equal(registered.messages.length, 2);
  assert.match(registered.messages[0], /R2500/);
  fake.sendFromWebview({ type: 'confirm', id, typedHostname: ' R2500 ' });
  const outcome = await done;
  assert.equal(outcome.status, 'succeeded');
  assert.deepEqual(attempts, [[], ['erase-flash']]);
  assert.equal(store.card(id)?.status, 'succeeded');
  assert.equal(store.card(id)?.pending, undefined);
  await tick();
  // What the webview holds: the confirmation is gone (it crossed as null), the card says succeeded.
  const card = cards(fake).get(id)!;
  assert.equal(card.pending, undefined, 'the confirmation box goes once answered');
  assert.equal(card.status, 'succeeded');
  assert.doesNotMatch(card.output, /outcome: blocked/, 'a block that was confirmed is not an outcome');
  assert.match(card.output, /waiting for your confirmation on the card \(erase-flash\)/);
});

test('declined: the box goes, the card says declined (not failed), and why, in one line', async (t) => {
  const store = new JobStore();
  const { panel, fake } = openPanel(store);
  t.after(() => panel.dispose());
  fake.sendFromWebview({ type: 'ready' });
  const done = runJob(store, { device: 'lab-2500', file: 'c2500.bin', protocol: 'tftp', direction: 'to-device' }, blockedJob([eraseCheck], []));
  await until(() => [...cards(fake).values()].some((c) => c.status === 'waiting'));
  const waiting = [...cards(fake).values()].find((c) => c.status === 'waiting')!;
  assert.equal(waiting.totalBytes, undefined, 'no bytes to show on a waiting card');
  assert.doesNotMatch(waiting.output, /outcome: blocked/, 'a waiting card does not say blocked');
  fake.sendFromWebview({ type: 'decline', id: waiting.id });
  const outcome = await done;
  assert.equal(outcome.status, 'blocked', 'for a group summary a decline is not a copy');
  await tick();
  const card = cards(fake).get(waiting.id)!;
  assert.equal(card.status, 'declined');
  assert.equal(card.pending, undefined);
  assert.equal(card.message, 'Not copied: you chose not to erase flash. The copy did not start; R2500 is as it was.');
  assert.match(card.output, /outcome: declined — Not copied/);
  assert.doesNotMatch(card.output, /outcome: blocked/);
});

test('overwrite takes a plain confirm; decline ends blocked; cancel while waiting ends cancelled; an unconfirmable block ends at once', async () => {
  const store = new JobStore();
  const attempts: Confirmation[][] = [];
  const init = { device: 'sw1', file: 'x.bin', protocol: 'ftp', direction: 'to-device' } as const;

  const plain = runJob(store, init, blockedJob([overwriteCheck], attempts));
  await until(() => [...Array(10).keys()].some((i) => store.card(`job-${i}`)?.pending?.kind === 'plain'));
  const plainId = store.snapshot().type === 'snapshot' ? (store.snapshot() as { jobs: { id: string }[] }).jobs[0].id : '';
  assert.equal(store.confirm(plainId, undefined), undefined);
  assert.equal((await plain).status, 'succeeded');
  assert.deepEqual(attempts.at(-1), ['overwrite']);

  const declined = runJob(store, init, blockedJob([overwriteCheck], []));
  await until(() => store.activeCount === 1 && (store.snapshot() as { jobs: { status: string }[] }).jobs.some((j) => j.status === 'waiting'));
  const waitingId = (store.snapshot() as { jobs: { id: string; status: string }[] }).jobs.find((j) => j.status === 'waiting')!.id;
  store.decline(waitingId);
  const d = await declined;
  assert.equal(d.status, 'blocked');
  assert.match(d.message, /^Not copied: you chose not to overwrite the file already there/);
  assert.equal(store.card(waitingId)?.status, 'declined');

  const cancelled = runJob(store, init, blockedJob([eraseCheck], []));
  await until(() => (store.snapshot() as { jobs: { status: string }[] }).jobs.some((j) => j.status === 'waiting'));
  store.cancel((store.snapshot() as { jobs: { id: string; status: string }[] }).jobs.find((j) => j.status === 'waiting')!.id);
  assert.equal((await cancelled).status, 'cancelled');

  const calls: Confirmation[][] = [];
  const unfixable = await runJob(store, init, blockedJob([spaceCheck, overwriteCheck], calls));
  assert.equal(unfixable.status, 'blocked');
  assert.equal(calls.length, 1, 'a block no confirmation lifts is final');
  assert.equal(store.activeCount, 0);
  store.clearFinished();
  assert.equal((store.snapshot() as { jobs: unknown[] }).jobs.length, 0);
});
