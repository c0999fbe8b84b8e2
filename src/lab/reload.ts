// A simulated device reloading: every vty session drops, SSH is refused for the reload time, and the
// boot loader loads the first BOOT entry whose file is there and intact (a corrupt one is skipped, as
// ROMMON falls through to the next entry; with none, the first image in flash). The device comes back
// with the same host key on what it booted: `show version` names the image, its version, the mode
// (packages.conf: install mode) and why it reloaded. The running configuration is the saved one again.
import type { DeviceState } from './device-state';
import type { SimFileSystem } from './flash';
import { restartTime } from './render-version';
import { bootedSoftware, isPackagesConf } from './software';

export const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

/** Whether the boot loader finds a file corrupt (the `corruptImages` fault names it with or without its file system). */
function corrupt(dev: DeviceState, fs: SimFileSystem, name: string): boolean {
  return (dev.faults.corruptImages ?? []).some((c) => {
    const r = dev.resolve(c);
    return !('unknownPrefix' in r) && r.fs === fs && r.name === name;
  });
}

/** The release a packages.conf boot runs: the activated package (uncommitted first), if any. */
export function installedRelease(dev: DeviceState): string | undefined {
  const pkgs = dev.install?.packages ?? [];
  const p = pkgs.find((x) => x.type === 'IMG' && x.state === 'U') ?? pkgs.find((x) => x.type === 'IMG' && x.state === 'C');
  return p && p.version.split('.').slice(0, 3).join('.');
}

/**
 * What the next boot loads: the first BOOT entry that exists, is a file and is not corrupt (a
 * packages.conf counts only when something is activated), else the first intact image in the default
 * file system; undefined when nothing can boot (the box stops in ROMMON).
 */
export function chooseBootImage(dev: DeviceState): string | undefined {
  for (const entry of dev.bootVariable) {
    const r = dev.resolve(entry);
    if ('unknownPrefix' in r) continue;
    const f = r.fs.get(r.name);
    if (!f || f.isDirectory || corrupt(dev, r.fs, r.name)) continue;
    if (isPackagesConf(r.name) && !installedRelease(dev)) continue;
    return `${r.fs.name}${r.name}`;
  }
  const first = dev.defaultFs.list().find((f) => !f.deleted && !f.isDirectory && /\.bin$/i.test(f.name) && !corrupt(dev, dev.defaultFs, f.name));
  return first && `${dev.defaultFs.name}${first.name}`;
}

/** `show version`'s `System returned to ROM by …` for this reload, in the platform's own wording. */
function returnedToRom(dev: DeviceState, reason: string, at: Date): string {
  const first = dev.profile.lastReload?.returnedToRom ?? 'reload';
  // Classic IOS and the 3850 say `reload [at …]`; IOS-XE 16/17 name the reason (`Reload Command`).
  const word = /^(reload|power-on)\b/.test(first) ? 'reload' : reason;
  return first.includes(' at ') ? `${word} at ${restartTime(at)}` : word;
}

export interface ReloadOptions {
  /** `Last reload reason:` — `Reload Command`, `Image Install`. */
  reason: string;
  /** Runs while the device is down, before it boots (an install's last state change). */
  whileDown?: () => void;
}

/**
 * Reloads the device: sessions drop once the last lines have left, SSH is refused for
 * `timing.reloadMs`, then it boots. Resolves when the sessions have dropped (the boot goes on).
 */
export async function reloadDevice(dev: DeviceState, options: ReloadOptions): Promise<void> {
  const at = new Date();
  dev.power = { state: 'down', phase: 'reloading', since: at.getTime() };
  // IOS flushes what it printed before it goes down.
  await new Promise((resolve) => setTimeout(resolve, 250));
  dev.dropSessions();
  void boot(dev, options, at).catch(() => undefined);
}

async function boot(dev: DeviceState, options: ReloadOptions, at: Date): Promise<void> {
  await sleep(dev.timing.reloadMs, dev.lifetimeSignal);
  options.whileDown?.();
  // What was not saved is gone: the running configuration is the startup one again.
  dev.revertToStartup();
  const image = chooseBootImage(dev);
  if (!image) {
    dev.power = { state: 'down', phase: 'rommon', since: Date.now() };
    return;
  }
  dev.runningImage = image;
  dev.software = bootedSoftware(image, installedRelease(dev), dev.software);
  const own = options.reason === 'Reload Command' ? dev.profile.lastReload?.afterReloadCommand : undefined;
  dev.lastReload = { returnedToRom: own?.returnedToRom ?? returnedToRom(dev, options.reason, at), reason: own?.reason ?? options.reason, ...(dev.profile.lastReload?.restartedAt !== undefined ? { restartedAt: restartTime(new Date()) } : {}) };
  dev.currentBootVariable = [...dev.bootVariable];
  dev.membersDown = new Set(dev.faults.membersStayDown ?? []);
  dev.bootedAt = Date.now();
  dev.power = { state: 'up' };
}
