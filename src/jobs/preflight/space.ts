// Does the image fit? Free space on the destination against the file size, crediting a file of the
// same name that the copy would replace, with headroom. When it only fits after deleting files,
// propose which — and say so loudly when that means the running or boot image or a configuration.
import { type DeviceFile, type DeviceFileSystem, type DeviceSnapshot, imageRoles, unknownBecause } from '../device-snapshot';
import type { CheckResult } from './check';
import { plural } from '../byte-units';
import { formatSize } from './format-size';

export interface SpaceInput {
  device: DeviceSnapshot;
  destination: DeviceFileSystem;
  destinationName: string;
  fileSizeBytes: number;
  /** Default 0.10: flash file systems need slack for metadata and the next config save. */
  headroom?: number;
}

export interface DeletionProposal {
  file: string;
  sizeBytes: number;
  /** Why this file is normally kept; absent for ordinary files. */
  protectedAs?: 'running image' | 'boot image' | 'possibly the boot image' | 'configuration';
}

// Names (any path segment on) that hold configuration or system state. Checked by segment rather than
// with one /(^|\/)(…|.*-confg|…)$/ pattern: file names are device text, and that pattern rescans the
// rest of the name from every slash.
const configNames = ['config.text', 'private-config.text', 'vlan.dat', 'multiple-fs', 'express_setup.debug', 'startup-config', 'tracelogs', 'sdwan', 'core', 'lost+found', '.installer', '.prst_sync', '.rollback_timer', '.dbpersist', 'packages.conf'];
const configPrefixes = ['nvram', 'pnp-', 'crashinfo'];
const configSuffixes = ['-confg', '.cfg', '.conf', '.pkg'];

function isConfigName(name: string): boolean {
  const n = name.toLowerCase();
  if (configSuffixes.some((x) => n.endsWith(x))) return true;
  for (let p = 0; ; ) {
    if (configPrefixes.some((x) => n.startsWith(x, p)) || configNames.some((x) => n.length - p === x.length && n.startsWith(x, p))) return true;
    const slash = n.indexOf('/', p);
    if (slash < 0) return false;
    p = slash + 1;
  }
}

function protection(device: DeviceSnapshot, fs: DeviceFileSystem, f: DeviceFile): DeletionProposal['protectedAs'] {
  const roles = imageRoles(device, fs.name, f.name);
  if (roles.running) return 'running image';
  if (roles.boot) return 'boot image';
  if (isConfigName(f.name)) return 'configuration';
  // The boot variable could not be read: any image may be the one the device boots.
  if (roles.boot === undefined && /\.(bin|pkg|tar)$|-mz\./i.test(f.name)) return 'possibly the boot image';
  return undefined;
}

export function checkSpace(input: SpaceInput): CheckResult & { proposal?: DeletionProposal[] } {
  const { device, destination: fs, destinationName, fileSizeBytes } = input;
  const headroom = input.headroom ?? 0.1;
  // The file system is named in the summary: a title ending in `flash:` reads `flash::` after its colon.
  const title = 'Free space';
  if (fs.freeBytes === undefined) {
    const why = unknownBecause(device, new RegExp(`^files of ${fs.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    return { id: 'space', title, status: 'warning', summary: `${fs.name} did not report its free space; the copy may fail with "Not enough space on device".`, facts: [`image ${formatSize(fileSizeBytes)}`, ...(why ? [why] : [])] };
  }
  const files = fs.files ?? [];
  const replaced = files.find((f) => f.name === destinationName && !f.isDirectory);
  const needed = Math.ceil(fileSizeBytes * (1 + headroom));
  // Class B flash does not reclaim a deleted or replaced file's space without erasing the partition.
  const credit = replaced && !fs.eraseBeforeCopy ? replaced.sizeBytes : 0;
  const available = fs.freeBytes + credit;
  const facts = [
    `image ${formatSize(fileSizeBytes)} + ${Math.round(headroom * 100)}% headroom = ${formatSize(needed)}`,
    `free on ${fs.name}: ${formatSize(fs.freeBytes)}${fs.totalBytes !== undefined ? ` of ${formatSize(fs.totalBytes)}` : ''}`,
    ...(credit ? [`the copy replaces ${destinationName} (${formatSize(credit)}), which is credited`] : []),
  ];
  if (available >= needed) {
    return { id: 'space', title, status: 'ok', summary: `${formatSize(fileSizeBytes)} fits on ${fs.name} (${formatSize(available - needed)} to spare after headroom).`, facts };
  }
  if (fs.eraseBeforeCopy) {
    const fitsErased = fs.totalBytes === undefined || fs.totalBytes >= fileSizeBytes;
    return {
      id: 'space',
      title,
      status: fitsErased ? 'warning' : 'blocking',
      summary: fitsErased
        ? `${fs.name} is Class B flash: the image fits only because the copy erases the whole file system first.`
        : `${formatSize(fileSizeBytes)} does not fit on ${fs.name} even after erasing it.`,
      facts,
    };
  }

  // Propose deletions: ordinary files first (largest first), then — named as such — protected ones.
  if (fs.files === undefined) {
    return { id: 'space', title, status: 'blocking', summary: `${formatSize(fileSizeBytes)} does not fit on ${fs.name}, and which files could be deleted is not known.`, facts: [...facts, unknownBecause(device, /^files of /) ?? `unknown: the listing of ${fs.name} could not be read`], remedy: 'Refresh the device; free space on it yourself.' };
  }
  const candidates = files
    .filter((f) => !f.isDirectory && f.name !== destinationName)
    .map((f) => ({ file: f.name, sizeBytes: f.sizeBytes, protectedAs: protection(device, fs, f) }));
  const ordinary = candidates.filter((c) => !c.protectedAs).sort((a, b) => b.sizeBytes - a.sizeBytes);
  const guarded = candidates.filter((c) => c.protectedAs && c.protectedAs !== 'configuration').sort((a, b) => b.sizeBytes - a.sizeBytes);
  const proposal: DeletionProposal[] = [];
  let gained = available;
  for (const c of [...ordinary, ...guarded]) {
    if (gained >= needed) break;
    proposal.push(c);
    gained += c.sizeBytes;
  }
  if (gained < needed) {
    return {
      id: 'space',
      title,
      status: 'blocking',
      summary: `${formatSize(fileSizeBytes)} does not fit on ${fs.name}, even after deleting every image on it.`,
      facts,
      remedy: 'Use a larger file system (e.g. usbflash0: or another stack member\'s flash) or a smaller image.',
    };
  }
  const touchesProtected = proposal.some((p) => p.protectedAs);
  return {
    id: 'space',
    title,
    status: 'blocking',
    summary: `${formatSize(fileSizeBytes)} fits on ${fs.name} only after deleting ${plural(proposal.length, 'file')}${touchesProtected ? ', including the image the device runs or boots' : ''}.`,
    facts: [...facts, ...proposal.map((p) => `delete ${fs.name}${p.file} (${formatSize(p.sizeBytes)})${p.protectedAs ? ` — the ${p.protectedAs}!` : ''}`)],
    remedy: touchesProtected
      ? 'The device keeps running from RAM after its image is deleted, but if the copy fails and it reloads it has nothing to boot — only do this with console access, and set the boot variable to the new image before any reload.'
      : 'Delete the proposed files first (they are not the running or boot image), then run the copy again.',
    proposal,
    ...(touchesProtected ? { confirmation: 'delete-running-image' as const } : {}),
  };
}
