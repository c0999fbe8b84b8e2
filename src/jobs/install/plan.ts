// What the install job will do, decided before it does anything: pure planInstall(snapshot,
// request) gives the pre-flight checks, what still blocks (and the confirmation that would lift it),
// a probe when space is short (what `install remove inactive` would delete), the steps, and what the
// reload confirmation must show. The executor (run.ts) carries the steps out.
import { applyConfirmations, blockers } from '../preflight/check';
import { checkChecksum } from '../preflight/checksum';
import { imageRelease } from './image-family';
import { installChecks } from './preflight';
import type { InstallPlan, InstallRequest, InstallSnapshot, InstallStep, ReloadSummary } from './types';

/** The auto-abort timer IOS accepts, in minutes. */
export const autoAbortRange = { min: 30, max: 1200, default: 120 } as const;

/** The conversion from bundle mode: boot from packages.conf, saved. */
export function conversionCommands(fileSystem: string): string[] {
  return ['configure terminal', 'no boot system', `boot system ${fileSystem}packages.conf`, 'end', 'write memory'];
}

/** The expected outage, from the real captures (fixtures/iosxe README: 1–13 minutes before the reload, then the boot). */
function outage(s: InstallSnapshot): string {
  const stack = s.members.length > 1;
  const cat9k = /^C9[2-6]/i.test(s.members[0]?.model ?? s.version.platform ?? '');
  const before = stack || cat9k ? '1–13 minutes of installing before the reload (the longest on Catalyst 9300 stacks updating microcode)' : 'a few minutes of installing before the reload';
  return `traffic through ${s.device.hostname} stops while it reloads: ${before}, then the boot, typically 5–10 minutes more${stack ? ' — every member reloads at once' : ''}`;
}

export function planInstall(snapshot: InstallSnapshot, request: InstallRequest): InstallPlan {
  const image = request.image.kind === 'local' ? { name: request.image.local.name, sizeBytes: request.image.local.sizeBytes } : request.image;
  const release = imageRelease(image.name);
  const fromBundle = snapshot.mode === 'bundle';
  const oneShot = request.oneShot || fromBundle;
  const { checks: raw, probe, removeHelps } = installChecks(snapshot, image.name, image.sizeBytes, release, request.oneShot);
  if (request.image.kind === 'local') raw.push(checkChecksum(request.image.local.digests, request.image.local.published));
  const checks = applyConfirmations(raw, new Set(request.confirmations));
  const blocked = blockers(checks);
  const fs = snapshot.installFs?.name ?? 'flash:';
  const onDevice = request.image.kind === 'device';
  const target = request.image.kind === 'device' ? request.image.path : `${fs}${image.name}`;
  const source = onDevice || request.transfer === 'copy' ? target : undefined;
  const steps: InstallStep[] = [];
  if (fromBundle) steps.push({ kind: 'convert-to-install', commands: conversionCommands(fs) });
  else steps.push({ kind: 'save-config' });
  if (removeHelps && request.confirmations.includes('remove-inactive')) steps.push({ kind: 'remove-inactive' });
  if (!onDevice) steps.push(request.transfer === 'copy' ? { kind: 'copy', destination: target } : { kind: 'offer-direct' });
  if (oneShot) steps.push({ kind: 'one-shot', fromBundle }, { kind: 'await-reload' }, { kind: 'health-check' });
  else steps.push({ kind: 'add' }, { kind: 'activate', autoAbortMinutes: request.autoAbortMinutes }, { kind: 'await-reload' }, { kind: 'health-check' }, { kind: 'commit' });
  const commands = [
    ...(fromBundle ? conversionCommands(fs) : ['write memory']),
    ...(oneShot ? [`install add file ${source ?? '<engine URL>'} activate commit`] : [`install add file ${source ?? '<engine URL>'}`, `install activate auto-abort-timer ${request.autoAbortMinutes}`, 'install commit (after the health check)']),
  ];
  const from = snapshot.version.xeVersion ?? snapshot.version.version;
  const reload: ReloadSummary = {
    hostname: snapshot.device.hostname,
    ...(from ? { from } : {}),
    ...(release ? { to: release } : {}),
    members: snapshot.members.map((m) => m.name),
    outage: outage(snapshot),
    safetyNet: oneShot
      ? fromBundle
        ? `none for the conversion: the one-shot form commits at once and is the only one allowed from bundle mode. ${snapshot.version.imageFile ?? 'The running .bin'} stays in flash and can be booted by hand from ROMMON.`
        : 'none: the one-shot form commits at once, so no timer rolls it back. If the new version misbehaves, roll back by hand ("Roll Back…", `install rollback to id N`).'
      : `\`install activate auto-abort-timer ${request.autoAbortMinutes}\`: the job commits only after ${snapshot.device.hostname} is back and healthy (answers SSH with the same host key, runs ${release ?? 'the new version'}, every member back, the activation uncommitted). If it is not, the device rolls itself back to ${from ?? 'the running version'} when the timer expires, ${request.autoAbortMinutes} minutes after the activation.`,
    commands,
  };
  return { request, snapshot, checks, blocked, ...(probe ? { probe: 'removable' as const } : {}), steps, target, ...(source ? { source } : {}), ...(release ? { release } : {}), reload, oneShot };
}
