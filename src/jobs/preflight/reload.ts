// The checks before "Reload into New Image": the boot variable names the new image first, the file is
// there and hashes right, a fallback entry stays behind it, and what the reload costs (the outage).
// Pure: the device's MD5 of the image is read by the job and passed in.
import { bootSyntax } from '../boot-syntax';
import { type DeviceSnapshot, devicePathOn, fileSystemOf, normalizeDevicePath, splitDevicePath, unknownBecause } from '../device-snapshot';
import type { ReloadTiming as WaitTiming } from '../flash-load-helper';
import { formatDuration } from '../protocol-choice';
import { blockers, type CheckResult } from './check';

/** The Flash Load Helper's wait (deadline, retries), and how long the device may take to go down. */
export interface ReloadTiming extends WaitTiming {
  /** After `[confirm]`: how long the session may stay up before the job says the device did not go down. */
  downMs: number;
}

export interface ReloadPlanRequest {
  /** The image the device should come back on; default: the first entry of its boot variable. */
  image?: string;
  /** The MD5 the image must have (the local file's after a push, or Cisco's published one). */
  expectedMd5?: string;
  /** The person allowed saving the configuration when IOS says it has unsaved changes. */
  saveConfig?: boolean;
  timing?: Partial<ReloadTiming>;
}

export interface ReloadPlan {
  hostname: string;
  /** The image running now, as `show version` named it. */
  from?: string;
  /** The image the reload should boot. */
  to: string;
  /** The boot entry after it: what IOS boots when `to` cannot be loaded. */
  fallback?: string;
  bootVariable: string[];
  /** Typical outage for this kind of device, in words (not measured on this one). */
  outage: string;
  timing: ReloadTiming;
  saveConfig: boolean;
  checks: CheckResult[];
  blocked: CheckResult[];
}

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

/** Default: 15 minutes, room for a slow router and a Catalyst stack; a shorter deadline tries more often. */
export function reloadIntoImageTiming(given: Partial<ReloadTiming> = {}): ReloadTiming {
  const timeoutMs = given.timeoutMs ?? 15 * 60_000;
  return {
    timeoutMs,
    retryMs: given.retryMs ?? clamp(timeoutMs / 20, 1_000, 10_000),
    firstTryMs: given.firstTryMs ?? clamp(timeoutMs / 10, 1_000, 15_000),
    downMs: given.downMs ?? 120_000,
  };
}

/** First entry of a boot variable: `flash:/x.bin,1` (old switch syntax with a count) names `flash:/x.bin`. */
const entryPath = (entry: string) => normalizeDevicePath(entry.split(',')[0]!.trim());

/** The image the reload is meant to boot: the one asked for, else the first boot entry. */
export function reloadTarget(device: DeviceSnapshot, image?: string): string | undefined {
  if (image) return normalizeDevicePath(image);
  const first = device.bootVariable?.[0];
  return first ? entryPath(first) : undefined;
}

/** Typical times from the platforms' own documentation and field reports; said as such. */
function typicalOutage(device: DeviceSnapshot): string {
  const syntax = bootSyntax(device.platform ?? '', device.fileSystems.map((f) => f.name));
  if (syntax === 'catalyst-stack') return 'typically 8–15 minutes for a Catalyst stack (every member reloads; more when microcode is updated)';
  if (syntax === 'catalyst') return 'typically 5–10 minutes for a Catalyst switch';
  return 'typically 3–6 minutes for a router (longer when the new image is expanded or microcode is updated)';
}

/**
 * Routers use the `boot system` entries only when the configuration register's boot field (its low
 * four bits) is 2–F: 0 stops in ROMMON, 1 boots the boot ROM image (or the first image in flash).
 * Bit 6 (0x40) makes the router ignore its saved configuration. Catalyst switches boot from their
 * BOOT variable whatever the register says, so they are not checked.
 */
function configRegisterCheck(device: DeviceSnapshot, register: string): CheckResult | undefined {
  if (bootSyntax(device.platform ?? '', device.fileSystems.map((f) => f.name)) !== 'router') return undefined;
  const value = Number.parseInt(register, 16);
  if (!Number.isFinite(value)) return undefined;
  const field = value & 0xf;
  const title = 'Configuration register';
  const facts = [`configuration register at the next reload: ${register}`];
  if (field === 0) return { id: 'config-register', title, status: 'blocking', summary: `The configuration register's boot field is 0 (${register}): ${device.hostname} would stop in ROMMON, not boot the new image.`, facts, remedy: 'config-register 0x2102, save, then reload.' };
  if (field === 1) return { id: 'config-register', title, status: 'blocking', summary: `The configuration register's boot field is 1 (${register}): ${device.hostname} would ignore its boot system entries and boot the boot ROM image or the first image in flash.`, facts, remedy: 'config-register 0x2102, save, then reload.' };
  if (value & 0x40) return { id: 'config-register', title, status: 'warning', summary: `The configuration register (${register}) tells ${device.hostname} to ignore its saved configuration at boot: it would come back unconfigured (no SSH).`, facts, remedy: 'config-register 0x2102 unless that is what you mean.' };
  return { id: 'config-register', title, status: 'ok', summary: `The configuration register (${register}) lets the boot system entries decide.`, facts };
}

export function planReload(device: DeviceSnapshot, request: ReloadPlanRequest, md5OnDevice: { md5?: string } | undefined, configRegister?: string): ReloadPlan {
  const host = device.hostname;
  const timing = reloadIntoImageTiming(request.timing);
  const boot = (device.bootVariable ?? []).map(entryPath);
  const to = reloadTarget(device, request.image) ?? '';
  const same = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && devicePathOn(device, a) === devicePathOn(device, b);
  const fallback = boot.length > 1 && same(boot[0], to) ? boot[1] : undefined;
  const checks: CheckResult[] = [];

  // The boot variable decides what boots: the new image must be its first entry.
  if (device.bootVariable === undefined) {
    checks.push({ id: 'boot-variable', title: 'Boot variable', status: 'blocking', summary: `${unknownBecause(device, /^boot variable$/) ?? 'the boot variable could not be read'}: the job cannot tell what ${host} would boot.`, facts: [] });
  } else if (!to || !same(boot[0], to)) {
    checks.push({
      id: 'boot-variable',
      title: 'Boot variable',
      status: 'blocking',
      summary: boot.length ? `${host} boots ${boot[0]} first${to ? `, not ${to}` : ''}: a reload would not load the new image.` : `${host} has no boot variable: it would boot the first image IOS finds in flash.`,
      facts: boot.map((b, i) => `boot entry ${i + 1}: ${b}`),
      remedy: 'Set the new image as the boot image first (push --set-boot, or Set as Boot Image… on the file), then reload.',
    });
  } else {
    checks.push({ id: 'boot-variable', title: 'Boot variable', status: 'ok', summary: `${host} boots ${to} first.`, facts: boot.map((b, i) => `boot entry ${i + 1}: ${b}`) });
  }

  // packages.conf boots whatever was activated: a new version there is the install job's activation, not a reload.
  if (/(^|[:/])packages\.conf$/.test(to)) {
    checks.push({
      id: 'install-mode',
      title: 'Install mode',
      status: 'blocking',
      summary: `${host} boots ${to} (install mode): what a reload runs is what \`install activate\` activated, so this job cannot tell a new image from the old.`,
      facts: [],
      remedy: 'Upgrade it with Install Image… (install add / activate / commit), which reloads and checks the new version itself.',
    });
  }
  if (to && same(device.runningImage, to)) {
    checks.push({ id: 'already-running', title: 'Running image', status: 'blocking', summary: `${host} already runs ${to}: a reload would not change its image.`, facts: [`System image file is "${device.runningImage}"`] });
  }

  // The file must be there, whole: IOS skips a boot entry it cannot load.
  if (to) {
    const { fileSystem, name } = splitDevicePath(to);
    const fs = fileSystemOf(device, fileSystem);
    const file = fs?.files?.find((f) => f.name === name && !f.isDirectory);
    if (fs?.files === undefined) {
      checks.push({ id: 'image-present', title: 'New image on flash', status: 'warning', summary: `The listing of ${fileSystem} could not be read: whether ${name} is there is unknown.`, facts: [] });
    } else if (!file) {
      checks.push({ id: 'image-present', title: 'New image on flash', status: 'blocking', summary: `${to} is not on ${host}: copy it first.`, facts: [`${fs.name} holds: ${fs.files.map((f) => f.name).join(', ') || 'nothing'}`] });
    } else {
      checks.push({ id: 'image-present', title: 'New image on flash', status: 'ok', summary: `${to} is there (${file.sizeBytes} bytes).`, facts: [] });
      const md5 = md5OnDevice?.md5;
      if (md5OnDevice && !md5) {
        checks.push({ id: 'image-verified', title: 'New image verified', status: 'warning', summary: `This IOS has no verify /md5: ${to} cannot be hashed on ${host}.`, facts: [], remedy: 'Compare its size with the image you downloaded before reloading.' });
      } else if (md5 && request.expectedMd5 && md5 !== request.expectedMd5.toLowerCase()) {
        checks.push({
          id: 'image-verified',
          title: 'New image verified',
          status: 'blocking',
          summary: `${to} on ${host} has MD5 ${md5}, not ${request.expectedMd5}: it is not the image you meant (or it is damaged).`,
          facts: [],
          remedy: 'Delete it and copy the image again.',
        });
      } else if (md5 && request.expectedMd5) {
        checks.push({ id: 'image-verified', title: 'New image verified', status: 'ok', summary: `verify /md5 on ${host}: ${md5}, as expected.`, facts: [] });
      } else if (md5) {
        checks.push({ id: 'image-verified', title: 'New image verified', status: 'warning', summary: `${host} read ${to} whole (MD5 ${md5}), but there is no checksum to compare it with.`, facts: [], remedy: "Give the image's published MD5 (--md5) to compare." });
      }
    }
  }

  // What IOS falls back to when the new image does not load.
  if (to && same(boot[0], to)) {
    if (!fallback) {
      checks.push({
        id: 'fallback',
        title: 'Fallback entry',
        status: 'warning',
        summary: `No second boot entry: if ${to} does not load, ${host} boots the first image it finds in flash, or stops in ROMMON (console needed).`,
        facts: [],
        remedy: 'Keep the running image as a second boot entry (set-boot does, unless the copy replaced it).',
      });
    } else {
      const where = splitDevicePath(fallback);
      const fs = fileSystemOf(device, where.fileSystem);
      const gone = fs?.files !== undefined && !fs.files.some((f) => f.name === where.name);
      checks.push(
        gone
          ? { id: 'fallback', title: 'Fallback entry', status: 'warning', summary: `The second boot entry ${fallback} is not on ${host}: it cannot be a fallback.`, facts: [] }
          : { id: 'fallback', title: 'Fallback entry', status: 'ok', summary: `If ${to} does not load, IOS falls through to ${fallback}${same(device.runningImage, fallback) ? ' (running now)' : ''}.`, facts: [] },
      );
    }
  }

  const register = configRegister ? configRegisterCheck(device, configRegister) : undefined;
  if (register) checks.push(register);

  checks.push({
    id: 'unsaved-config',
    title: 'Unsaved configuration',
    status: 'info',
    summary: request.saveConfig
      ? `If IOS says the configuration has unsaved changes, the job answers yes to its "Save?" question (the same as write memory).`
      : `If IOS says the configuration has unsaved changes, the job stops without reloading: nothing is saved or lost.`,
    facts: ['IOS asks "System configuration has been modified. Save? [yes/no]:" at the reload when there are unsaved changes'],
  });
  checks.push({
    id: 'outage',
    title: 'Reload',
    status: 'info',
    summary: `${host} reloads: from ${device.runningImage ?? 'an unnamed image'} to ${to || 'no image'}; it is unreachable while it boots, ${typicalOutage(device)}.`,
    facts: [`the job waits up to ${formatDuration(timing.timeoutMs / 1000)} for SSH to answer again, with the same host key only`],
  });

  return {
    hostname: host,
    ...(device.runningImage ? { from: device.runningImage } : {}),
    to,
    ...(fallback ? { fallback } : {}),
    bootVariable: boot,
    outage: typicalOutage(device),
    timing,
    saveConfig: request.saveConfig === true,
    checks,
    blocked: blockers(checks),
  };
}
