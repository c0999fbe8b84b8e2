// The install card's steps, followed from the job's events: the plan names them, stages start them,
// the installer's lines are the running step's detail, and the outcome closes the list — done when
// committed, failed where it stopped, the rollback wait as its own step.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InstallJobEvent, InstallStep } from '../../../src/jobs';
import { InstallStepTracker } from '../../../src/ui/transfers/install-steps';

const plan: InstallStep[] = [{ kind: 'save-config' }, { kind: 'copy', destination: 'flash:x.bin' }, { kind: 'add' }, { kind: 'activate', autoAbortMinutes: 30 }, { kind: 'await-reload' }, { kind: 'health-check' }, { kind: 'commit' }];
const reload = { hostname: 'SW', members: ['Switch 1'], outage: '', safetyNet: '', commands: [] };
const line = (type: 'phase' | 'failed', text: string): InstallJobEvent => ({ type: 'install', event: (type === 'phase' ? { type, phase: 'Add', status: 'passed', line: text, lineNumber: 1 } : { type, failure: { line: text, reason: text, kind: 'space', lineNumber: 1 }, line: text, lineNumber: 1 }) as never });

const view = (t: InstallStepTracker) => t.current.map((s) => `${s.status}:${s.name}${s.detail ? ` (${s.detail})` : ''}`);

test('a committed install: every step done, the device lines on the step they belong to', () => {
  const t = new InstallStepTracker();
  assert.deepEqual(view(t), ['running:Pre-flight']);
  t.apply({ type: 'plan', steps: plan, reload });
  for (const stage of ['saving', 'transferring', 'adding'] as const) t.apply({ type: 'stage', stage });
  t.apply(line('phase', 'Add: Passed on [1 2]'));
  assert.deepEqual(view(t).slice(0, 5), ['done:Pre-flight', 'done:Save the configuration (write memory)', 'done:Copy to flash:x.bin and verify /md5', 'running:install add (Add: Passed on [1 2])', 'pending:install activate auto-abort-timer 30']);
  for (const stage of ['activating', 'reloading', 'health-check', 'committing'] as const) t.apply({ type: 'stage', stage });
  t.apply({ type: 'outcome', outcome: { status: 'committed', message: 'ok' } });
  assert.ok(t.current.every((s) => s.status === 'done'), view(t).join('\n'));
});

test('a FAILED add: the add step fails with the device line, later steps stay pending; a rollback gets its own step', () => {
  const t = new InstallStepTracker();
  t.apply({ type: 'plan', steps: plan, reload });
  t.apply({ type: 'stage', stage: 'adding' });
  t.apply(line('failed', '[1] Switch 1 FAILED: /flash requires 2 KB'));
  t.apply({ type: 'outcome', outcome: { status: 'failed', message: 'x' } });
  assert.deepEqual(view(t).slice(3, 5), ['failed:install add ([1] Switch 1 FAILED: /flash requires 2 KB)', 'pending:install activate auto-abort-timer 30']);

  const r = new InstallStepTracker();
  r.apply({ type: 'plan', steps: plan, reload });
  for (const stage of ['activating', 'reloading', 'health-check', 'waiting-for-rollback'] as const) r.apply({ type: 'stage', stage });
  r.apply({ type: 'outcome', outcome: { status: 'rolled-back', message: 'x' } });
  assert.deepEqual(view(r).slice(-3), ['failed:Health check', 'pending:install commit', 'done:Wait for the auto-abort timer to roll back']);
});
