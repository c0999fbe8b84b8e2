// `install rollback to base | committed | id N | label L [prompt-level none]`, `install label N
// label-name L | description TEXT` and `show install rollback` on a simulated IOS-XE device.
//
// The one capture (fixtures/iosxe 09, a C9300 stack rolled back to base) rolls back SMUs only: no
// reload question, `SMU_ROLLBACK package(s)` on every member (all start, then all finish), `Rollback:
// Passed on [...]`, `Finished Rollback operation`, SUCCESS. The lab prints exactly that when the point's
// image is the one running (the lab's devices carry no SMUs, so nothing else changes). No capture shows
// a rollback to another image: the lab follows the activate and abort dialogues (fixtures 08, 52) — the
// unsaved-configuration question, `This operation may require a reload of the system. Do you want to
// proceed? [y/n]`, the Rollback phase, SUCCESS, then the reload into the point's image — and marks each
// line of its own wording below.
//
// Rollback points (29 lists them: ID, Label, Description): the image committed when the lab first needs
// one is id 1, and each commit adds the next id (installer.ts). `base` is read as the oldest point the
// device keeps (the lab's reading: on a real box it is the base image without SMUs, which for the lab's
// SMU-free devices is the image it was first installed with); `committed` as the newest.
import { activePackage, memberFlash, rollBack, rollbackPoints, type InstallPackage } from './installer';
import { configSaved, installDate, type InstallRun } from './install-run';
import { reloadDevice } from './reload';
import { InvalidInput } from './shell';
import type { DeviceState } from './device-state';

type Point = NonNullable<NonNullable<DeviceState['install']>['rollbackPoints']>[number];

/** The words after `install rollback`: which point, and `prompt-level none`. */
function rollbackTarget(words: string[]): { spec: string; pick: (points: Point[]) => Point | undefined; promptLevelNone: boolean } {
  const word = (i: number, choices: string[]) => {
    const w = words[i]?.toLowerCase();
    const hit = w === undefined ? undefined : choices.find((c) => c === w) ?? (choices.filter((c) => c.startsWith(w)).length === 1 ? choices.find((c) => c.startsWith(w)) : undefined);
    if (!hit) throw new InvalidInput(words[i] ?? words[i - 1] ?? 'rollback');
    return hit;
  };
  word(1, ['to']);
  const kind = word(2, ['base', 'committed', 'id', 'label']);
  let next = 3;
  let spec: string = kind;
  let pick: (points: Point[]) => Point | undefined = kind === 'base' ? (p) => p[0] : (p) => p.at(-1);
  if (kind === 'id') {
    const n = words[next++];
    if (n === undefined || !/^\d+$/.test(n)) throw new InvalidInput(n ?? 'id');
    spec = `id ${n}`;
    pick = (p) => p.find((x) => x.id === Number(n));
  } else if (kind === 'label') {
    const l = words[next++];
    if (l === undefined) throw new InvalidInput('label');
    spec = `label ${l}`;
    pick = (p) => p.find((x) => x.label === l);
  }
  let promptLevelNone = false;
  if (words[next] !== undefined) {
    word(next, ['prompt-level']);
    word(next + 1, ['none']);
    promptLevelNone = true;
    if (words[next + 2] !== undefined) throw new InvalidInput(words[next + 2]!);
  }
  return { spec, pick, promptLevelNone };
}

export async function runInstallRollback(run: InstallRun, words: string[]): Promise<void> {
  const { spec, pick, promptLevelNone } = rollbackTarget(words);
  const dev = run.dev;
  run.say(`install_rollback: START ${installDate()}`, `install_rollback: Rolling back to ${spec}`);
  const point = pick(rollbackPoints(dev));
  // No capture: the lab's wording for a point the device does not list.
  if (!point) return run.say(`FAILED: install_rollback : Rollback point ${spec} does not exist (see show install rollback)`);
  const running = activePackage(dev);
  if (running?.version === point.version) return smuRollback(run);
  const target = dev.install?.packages.find((p) => p.type === 'IMG' && p.version === point.version);
  const missing = missingFiles(run, target);
  // No capture: the lab's wording when `install remove inactive` took the point's packages away.
  if (!target || missing.length) return run.say(`FAILED: install_rollback : Packages of rollback point ${spec} (${point.version}) are not on the device: ${missing.join(' ') || 'not added'}`);
  const saved = await configSaved(run, promptLevelNone);
  if (saved === 'stop') return;
  if (saved === 'fail') return run.say('FAILED: install_rollback : System configuration has been modified. Please save configuration and resubmit command.');
  if (!promptLevelNone) {
    run.say('');
    const yes = await run.yesNo('This operation may require a reload of the system. Do you want to proceed? [y/n]');
    // As `install abort` declined (no capture): nothing changes.
    if (!yes) return run.say('FAILED: install_rollback : Operation aborted by user');
    run.say('');
  }
  // No capture of an image rollback's member lines: fixture 09's shape with the phase's own name.
  await members(run, 'Rollback');
  rollBack(dev, run.installer, target);
  run.say(`SUCCESS: install_rollback ${installDate()}`);
  await reloadDevice(dev, { reason: 'Image Install' });
  run.shell.term.close();
}

/** Fixture 09: the point's image is the running one; only SMUs would change (none in the lab). No reload. */
async function smuRollback(run: InstallRun): Promise<void> {
  await members(run, 'SMU_ROLLBACK');
  run.say(`SUCCESS: install_rollback ${installDate()}`);
}

/** Fixture 09's phase: every member starts, then every member finishes (last first), then the status lines. */
async function members(run: InstallRun, verb: string): Promise<void> {
  run.say('--- Starting Rollback ---', 'Performing Rollback on all members');
  for (const m of run.members) run.say(` [${m}] ${verb} package(s) on ${run.who(m)}`);
  await run.pause(run.members.length);
  for (const m of [...run.members].reverse()) run.say(` [${m}] Finished ${verb} package(s) on ${run.who(m)}`);
  run.say(`Checking status of Rollback on ${run.bracket}`, `Rollback: Passed on ${run.bracket}`, 'Finished Rollback operation', '');
}

/** The point's package files that some member's flash lacks (`/flash/cat9k-rpbase….pkg`). */
function missingFiles(run: InstallRun, target: InstallPackage | undefined): string[] {
  if (!target) return [];
  const out = new Set<string>();
  for (const { fs } of memberFlash(run.dev)) for (const f of target.files ?? []) if (!fs.get(f)) out.add(`${run.installer.listPath}/${f}`);
  return [...out];
}

/** `install label N label-name L` / `install label N description TEXT` (no capture: the lab's START/SUCCESS lines). */
export function runInstallLabel(run: InstallRun, words: string[]): void {
  const id = words[1];
  const what = words[2]?.toLowerCase();
  if (id === undefined || !/^\d+$/.test(id)) throw new InvalidInput(id ?? 'label');
  if (what === undefined || !['label-name', 'description'].some((c) => c.startsWith(what))) throw new InvalidInput(words[2] ?? id);
  const text = words.slice(3).join(' ');
  if (!text) throw new InvalidInput(words[2]!);
  run.say(`install_label: START ${installDate()}`);
  const point = rollbackPoints(run.dev).find((p) => p.id === Number(id));
  if (!point) return run.say(`FAILED: install_label : Rollback point id ${id} does not exist`);
  if ('label-name'.startsWith(what)) point.label = words[3]!;
  else point.description = text;
  run.say(`SUCCESS: install_label ${installDate()}`);
}

/** `show install rollback` (fixture 29): the points, newest first; undefined where no install state exists. */
export function renderShowInstallRollback(dev: DeviceState): string | undefined {
  if (!dev.install) return undefined;
  return ['', `${'ID'.padEnd(8)}${'Label'.padEnd(33)}Description`, '-'.repeat(55), ...[...rollbackPoints(dev)].reverse().map((p) => `${String(p.id).padEnd(8)}${(p.label ?? 'No Label').padEnd(33)}${p.description ?? 'No Description'}`), ''].join('\n');
}
