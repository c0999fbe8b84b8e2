// The walkthrough tells the truth: its first step is ticked whenever the lab runs (also when it
// started with the extension, not from the command), and its picture shows the lab's devices with
// the versions the lab reports.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/run-cli';

interface Step {
  id: string;
  completionEvents?: string[];
}

test('the lab step completes on the lab running, however it was started', () => {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { walkthroughs: { steps: Step[] }[] } };
  const step = manifest.contributes.walkthroughs[0].steps.find((s) => s.id === 'startLab')!;
  assert.ok(step.completionEvents?.includes('onContext:iosImageManager.labRunning'), JSON.stringify(step));
});

test('the lab picture lists every lab device, with the ISR 4331 at the version its profile reports', () => {
  const svg = readFileSync(path.join(repoRoot, 'media', 'walkthrough', 'lab.svg'), 'utf8');
  const profiles = readdirSync(path.join(repoRoot, 'src', 'lab', 'profiles')).filter((f) => f.endsWith('.json'));
  for (const f of profiles) assert.ok(svg.includes(`lab-${path.basename(f, '.json')}`), f);
  const isr = JSON.parse(readFileSync(path.join(repoRoot, 'src', 'lab', 'profiles', 'isr4331.json'), 'utf8')) as { description: string };
  const version = /IOS-XE (\d+\.\d+\.\d+)/.exec(isr.description)![1];
  assert.match(svg, new RegExp(`ISR4331/K9 · ${version.replace(/\./g, '\\.')}\\b`));
  assert.match(svg, new RegExp(`${profiles.length} devices`));
});
