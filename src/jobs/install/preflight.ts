// The install job's pre-flight checks, pure functions of the install snapshot, in the push report's
// format (CheckResult): the boot mode, the image family, the version already running, the installer's
// own state (an uncommitted activation, a running auto-abort timer), the space for the image and its
// expansion on every member, and the configuration save — every stack member listed.
import { sameXeVersion } from '../../device';
import { formatBytes } from '../byte-units';
import type { DeviceFileSystem } from '../device-snapshot';
import type { CheckResult } from '../preflight/check';
import { checkImageFamily } from './image-family';
import type { InstallMember, InstallSnapshot } from './types';

/** Install or bundle mode, and what the job does about bundle mode. */
export function checkBootMode(s: InstallSnapshot, oneShotAsked: boolean): CheckResult {
  const id = 'install-mode';
  const title = 'Install mode';
  const host = s.device.hostname;
  const facts = [`running image: ${s.version.imageFile ?? s.device.runningImage ?? 'unknown'}`, ...s.members.map((m) => `${m.name}: ${m.mode ? m.mode.toUpperCase() : 'mode not printed'}`)];
  if (s.mode === 'install') {
    const bundleMembers = s.members.filter((m) => m.mode === 'bundle');
    if (bundleMembers.length) {
      return { id, title, status: 'blocking', summary: `${host} runs in install mode, but ${bundleMembers.map((m) => m.name).join(', ')} in bundle mode: a mixed stack cannot be upgraded as one.`, facts, remedy: 'Bring every member to the same mode and version first (console, `boot system flash:packages.conf`).' };
    }
    return { id, title, status: 'ok', summary: `${host} boots in install mode (packages.conf)${oneShotAsked ? '; the one-shot form was asked for' : ''}.`, facts };
  }
  if (s.mode === 'bundle') {
    return {
      id,
      title,
      status: 'warning',
      summary: `${host} boots in bundle mode: the job converts it — \`no boot system\`, \`boot system ${s.installFs?.name ?? 'flash:'}packages.conf\`, \`write memory\` — then installs with the one-shot form, the only one allowed from bundle mode (no auto-abort safety net for this conversion).`,
      facts,
      remedy: `The ${s.version.imageFile ?? 'running .bin'} stays in flash: from ROMMON it can still be booted by hand.`,
    };
  }
  return { id, title, status: 'blocking', summary: `Whether ${host} runs in install or bundle mode could not be told from \`show version\`.`, facts, remedy: 'Check `show version` on the device.' };
}

/** The image's release against what runs (`Same Image File-No Change`). */
export function checkVersion(s: InstallSnapshot, imageName: string, release: string | undefined): CheckResult {
  const id = 'install-version';
  const title = 'Not the running version';
  const running = s.version.xeVersion ?? s.version.version;
  const facts = [`running: ${running ?? 'unknown'}`, `image: ${imageName} (release ${release ?? 'not in its name'})`];
  if (!release) return { id, title, status: 'warning', summary: `The release of ${imageName} is not in its name; the job cannot tell whether ${s.device.hostname} already runs it.`, facts };
  if (!running) return { id, title, status: 'warning', summary: `The version ${s.device.hostname} runs could not be read.`, facts };
  if (sameXeVersion(running, release)) {
    return { id, title, status: 'blocking', summary: `${s.device.hostname} already runs ${running}: the installer would answer "Same Image File-No Change".`, facts, remedy: 'Nothing to do, or pick another release.' };
  }
  return { id, title, status: 'ok', summary: `${s.device.hostname} runs ${running}; the image is ${release}.`, facts };
}

/** What the installer holds now: an uncommitted activation or a running auto-abort timer blocks a new one. */
export function checkInstallState(s: InstallSnapshot): CheckResult {
  const id = 'install-state';
  const title = 'Installer state';
  const host = s.device.hostname;
  if (s.mode !== 'install') return { id, title, status: 'info', summary: `${host} is not in install mode yet: nothing is installed.`, facts: [] };
  if (!s.summary) return { id, title, status: 'warning', summary: `\`show install summary\` could not be read on ${host}.`, facts: [s.summaryProblem ?? 'no output'] };
  const facts = s.summary.locations.flatMap((l) => l.packages.map((p) => `[${l.label}] ${p.type} ${p.stateCode} ${p.filenameOrVersion}`));
  const timer = s.summary.autoAbortTimer;
  if (timer) facts.push(`auto-abort timer: ${timer.active ? `active${timer.armedBy ? ` on ${timer.armedBy}` : ''}${timer.remainingSeconds !== undefined ? `, ${Math.round(timer.remainingSeconds / 60)} min before rollback` : ''}` : 'inactive'}`);
  if (timer?.active) {
    return { id, title, status: 'blocking', summary: `An auto-abort timer is running on ${host}: an earlier activation waits for its commit, and the device rolls back when the timer expires.`, facts, remedy: 'Commit it ("Commit") or abort it ("Abort") first.' };
  }
  const uncommitted = s.summary.locations.flatMap((l) => l.packages).filter((p) => p.state === 'activated-uncommitted' || p.state === 'deactivated-uncommitted');
  if (uncommitted.length) {
    return { id, title, status: 'blocking', summary: `${host} has an uncommitted activation (${uncommitted.map((p) => p.filenameOrVersion).join(', ')}).`, facts, remedy: 'Commit it ("Commit") or abort it ("Abort") first.' };
  }
  return { id, title, status: 'ok', summary: `Nothing uncommitted on ${host}, no auto-abort timer running.`, facts };
}

/** Why the figure is about twice the image: said in the report, not left for the reader to guess. */
export const expansionEstimate =
  'image + its expansion ≈ 2 × the image: `install add` expands the .bin into .pkg files that add up to about the image itself (a Catalyst 9200 asked for 462,703 KB free to add a 463 MB image), and keeps the .bin';

export interface SpaceNeed {
  member: InstallMember;
  fileSystem?: DeviceFileSystem;
  needBytes: number;
  freeBytes?: number;
  /** Bytes `install remove inactive` would free on this member, from the listing's sizes. */
  freedBytes: number;
}

/** Each member's need: the expansion, plus the image where it is not there yet. */
export function spaceNeeds(s: InstallSnapshot, imageName: string, imageBytes: number): SpaceNeed[] {
  const removable = new Set((s.removable?.remove ?? []).map((r) => r.file.slice(r.file.lastIndexOf('/') + 1)));
  return s.members.map((member) => {
    const fs = member.fileSystem;
    const has = fs?.files?.some((f) => f.name === imageName && f.sizeBytes === imageBytes) ?? false;
    const freedBytes = (fs?.files ?? []).filter((f) => removable.has(f.name)).reduce((n, f) => n + f.sizeBytes, 0);
    return { member, ...(fs ? { fileSystem: fs } : {}), needBytes: imageBytes + (has ? 0 : imageBytes), ...(fs?.freeBytes !== undefined ? { freeBytes: fs.freeBytes } : {}), freedBytes };
  });
}

/** Space for the image and its expansion on every member; short: propose `install remove inactive` with the device's own list. */
export function checkInstallSpace(s: InstallSnapshot, imageName: string, imageBytes: number): { check: CheckResult; probe: boolean; removeHelps: boolean } {
  const id = 'install-space';
  const title = 'Space for the image and its expansion';
  const needs = spaceNeeds(s, imageName, imageBytes);
  const facts = [`estimate: ${expansionEstimate}`, ...needs.map((n) => `${n.member.name} (${n.fileSystem?.name ?? 'file system unknown'}): needs ${formatBytes(n.needBytes)}, free ${n.freeBytes === undefined ? 'unknown' : formatBytes(n.freeBytes)}`)];
  const short = needs.filter((n) => n.freeBytes !== undefined && n.freeBytes < n.needBytes);
  const unknown = needs.filter((n) => n.freeBytes === undefined);
  if (short.length === 0) {
    if (unknown.length) return { check: { id, title, status: 'warning', summary: `Free space on ${unknown.map((n) => n.member.name).join(', ')} is not known; the installer checks it itself and fails the add if short.`, facts }, probe: false, removeHelps: false };
    return { check: { id, title, status: 'ok', summary: `Every member has room for the image and its expansion (about ${formatBytes(2 * imageBytes)}).`, facts }, probe: false, removeHelps: false };
  }
  const what = short.map((n) => `${n.member.name} has ${formatBytes(n.freeBytes!)} free of the ${formatBytes(n.needBytes)} needed`).join('; ');
  if (s.mode === 'install' && !s.removable) return { check: { id, title, status: 'blocking', summary: `Not enough space: ${what}.`, facts }, probe: true, removeHelps: false };
  const list = s.removable?.remove ?? [];
  if (list.length) facts.push(`\`install remove inactive\` would delete (the device's own list): ${list.map((r) => `${r.member ? `${r.member}: ` : ''}${r.file}`).join(', ')}`);
  if (s.removable?.problem) facts.push(`\`install remove inactive\` could not list its files: ${s.removable.problem}`);
  const removeHelps = list.length > 0 && short.every((n) => n.freeBytes! + n.freedBytes >= n.needBytes);
  if (removeHelps) {
    return {
      check: { id, title, status: 'blocking', summary: `Not enough space: ${what}. \`install remove inactive\` would free enough by deleting ${list.length} file(s) not in use.`, facts, remedy: 'Confirm removing the inactive files (--yes-remove-inactive), or delete files by hand.', confirmation: 'remove-inactive' },
      probe: false,
      removeHelps,
    };
  }
  return { check: { id, title, status: 'blocking', summary: `Not enough space: ${what}${list.length ? '; removing the inactive files would not free enough' : ''}.`, facts, remedy: 'Delete files that are not needed (old images, crash files) on every member.' }, probe: false, removeHelps: false };
}

/** Every member listed; they must run one version, in one mode. */
export function checkMembers(s: InstallSnapshot): CheckResult {
  const id = 'install-members';
  const title = s.members.length > 1 ? 'Stack members' : 'Member';
  const facts = s.members.map((m) => `${m.name}: ${m.model ?? 'model unknown'}, ${m.version ?? 'version unknown'}${m.mode ? `, ${m.mode.toUpperCase()}` : ''}, ${m.fileSystem?.name ?? 'no file system found'}`);
  const versions = new Set(s.members.map((m) => m.version).filter((v): v is string => v !== undefined));
  if (versions.size > 1) return { id, title, status: 'blocking', summary: `The members of ${s.device.hostname} run different versions (${[...versions].join(', ')}).`, facts, remedy: 'Bring every member to one version first (`software auto-upgrade`, or by hand).' };
  const noFs = s.members.filter((m) => !m.fileSystem);
  if (noFs.length) return { id, title, status: 'warning', summary: `${noFs.map((m) => m.name).join(', ')}: its flash was not found in \`show file systems\`; its space cannot be checked.`, facts };
  return { id, title, status: 'ok', summary: s.members.length > 1 ? `${s.members.length} members, every one is installed and reloads: ${s.members.map((m) => m.name).join(', ')}.` : `${s.device.hostname} installs and reloads as one unit.`, facts };
}

/** The configuration is saved before the install: the installer refuses or asks about unsaved changes. */
export function checkConfigSave(s: InstallSnapshot): CheckResult {
  return {
    id: 'install-config-save',
    title: 'Configuration saved first',
    status: 'info',
    summary: `The job saves the running configuration of ${s.device.hostname} with \`write memory\` before installing: the installer refuses (or asks about) unsaved changes, and the reload would lose them.`,
    facts: [],
  };
}

export function installChecks(s: InstallSnapshot, imageName: string, imageBytes: number, release: string | undefined, oneShotAsked: boolean) {
  const space = checkInstallSpace(s, imageName, imageBytes);
  const checks: CheckResult[] = [
    checkBootMode(s, oneShotAsked),
    checkMembers(s),
    checkImageFamily(s.device.hostname, imageName, s.members.map((m) => ({ member: m.name, ...(m.model ? { model: m.model } : {}) }))),
    checkVersion(s, imageName, release),
    checkInstallState(s),
    space.check,
    checkConfigSave(s),
  ];
  return { checks, probe: space.probe, removeHelps: space.removeHelps };
}
