// The Flash Load Helper of run-from-flash routers (2500, 1600, AS5200): IOS cannot write the flash
// it runs from, so once the copy's questions are answered it reloads into the boot ROM image, which
// erases flash, loads the image from the server and reloads into it. Every vty session drops at the
// first reload and SSH is refused until IOS is back (the boot image has no SSH). A failed copy after
// the erase leaves the router in its boot image with nothing to boot. What the boot image printed
// is kept for `more flh:logfile` (IOS 11.3AA and later), as it is on the console only.
import type { DeviceState } from './device-state';
import type { SimFileSystem } from './flash';
import { loadQuietly, type NetTarget } from './net-transfer';
import { chooseBootImage, sleep } from './reload';
import { renderShowFlash } from './render';
import { bootedSoftware } from './software';
import type { Shell } from './shell';

/**
 * The notice IOS prints before it asks to go ahead. Its first lines and `Proceed? [confirm]` are as
 * IOS prints them; the body is a shorter paraphrase of Cisco's (the copy options are taken, then IOS
 * stops, the boot ROM image copies, remote sessions end, the console shows the result).
 */
export function flhNotice(otherUsers: boolean): string {
  return [
    '',
    '                         ****  NOTICE  ****',
    'Flash load helper v1.0',
    'The copy options are taken now; then this system image stops and the',
    'ROM based image performs the copy. No routing during that time.',
    'Remote (vty) sessions are terminated; the console shows the result.',
    '                         ---- ******** ----',
    ...(otherUsers ? ['[There are active users logged into the system]'] : []),
    '',
  ].join('\n');
}

export interface FlhRequest {
  target: NetTarget;
  /** As IOS prints it in `Accessing …` and errors. */
  url: string;
  fs: SimFileSystem;
  prefix: string;
  name: string;
  erase: boolean;
}

/**
 * The end of the copy command: the reload is announced, every session drops (this one too, with
 * no prompt after it), and the boot ROM image takes over in the background.
 */
export async function startFlashLoadHelper(shell: Shell, req: FlhRequest): Promise<void> {
  const dev = shell.dev;
  shell.term.write('\n%SYS-5-RELOAD: Reload requested\n');
  dev.power = { state: 'down', phase: 'reloading', since: Date.now() };
  // The last lines leave before the connection goes, as IOS flushes before it shuts down.
  await new Promise((resolve) => setTimeout(resolve, 250));
  dev.dropSessions();
  shell.term.close();
  void bootImageCopy(dev, req).catch(() => undefined);
}

async function bootImageCopy(dev: DeviceState, req: FlhRequest): Promise<void> {
  const signal = dev.lifetimeSignal;
  const { target, fs, prefix, name } = req;
  const log: string[] = [];
  const write = (text: string) => log.push(text);
  await sleep(dev.reloadMs, signal);
  dev.power = { state: 'down', phase: 'flh-copy', since: Date.now() };
  // The boot image does not run from flash: it may write it.
  fs.flags = 'rw';
  write(`%FLH: ${target.path} from ${target.host} to ${prefix} ...\n`);
  write(renderShowFlash(dev, fs, prefix));
  write(`Accessing file '${target.path}' on ${target.host}...\n`);
  let ok = false;
  if (dev.faults.flhCopyFails) {
    await sleep(1000, signal);
    if (req.erase) erase(fs, write);
    write(`%Error opening ${req.url} (Timed out)\n`);
  } else {
    if (req.erase) erase(fs, write);
    const loading = target.protocol === 'tftp' ? `Loading ${target.path} from ${target.host} (via ${dev.profile.interface}): ` : `Loading ${target.path} `;
    write(loading);
    const r = await loadQuietly(dev, target, fs, name, signal);
    const perMark = target.protocol === 'tftp' ? 10 * 512 : 10 * 4096;
    write('!'.repeat(r.bytes > 0 ? 1 + Math.floor(r.bytes / perMark) : 0));
    if (r.ok) {
      const secs = Math.round(r.elapsedMs / 1000);
      const hms = `${Math.floor(secs / 3600)}:${String(Math.floor(secs / 60) % 60).padStart(2, '0')}:${String(secs % 60).padStart(2, '0')}`;
      write(`\n[OK - ${r.bytes}/${fs.sizeBytes} bytes]\n\nVerifying checksum...  OK (0x${r.checksum.toString(16).toUpperCase().padStart(4, '0')})\nFlash copy took ${hms} [hh:mm:ss]\n`);
      ok = true;
    } else write(`\n%Error ${r.bytes > 0 ? 'reading' : 'opening'} ${req.url} (${r.cause})\n`);
  }
  write(ok ? '%FLH: Re-booting system after download\n' : '%FLH: Flash download failed\n');
  dev.flhLog = log.join('');
  const image = chooseBootImage(dev);
  if (!image) {
    // Nothing left to boot: the router stays in its boot ROM image, reachable from the console only.
    dev.power = { state: 'down', phase: 'boot-image', since: Date.now() };
    return;
  }
  dev.power = { state: 'down', phase: 'reloading', since: Date.now() };
  await sleep(dev.reloadMs, signal);
  if (dev.profile.runFromFlash && image.startsWith(fs.name)) fs.flags = 'ro';
  dev.runningImage = image;
  dev.software = bootedSoftware(image, undefined, dev.software);
  dev.lastReload = { ...dev.lastReload, returnedToRom: 'reload' };
  dev.bootedAt = Date.now();
  dev.power = { state: 'up' };
}

function erase(fs: SimFileSystem, write: (text: string) => void): void {
  write(`Erasing device... ${'e'.repeat(Math.max(1, Math.round(fs.sizeBytes / (256 * 1024))))} ...erased\n`);
  fs.erase();
}
