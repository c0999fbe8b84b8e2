// A file of the same name on the destination: the same image already there (skip the copy), or a
// different one the copy would overwrite (needs confirmation; refused outright for the running image
// unless that is confirmed too).
import { type DeviceFileSystem, type DeviceSnapshot, imageRoles, unknownBecause } from '../device-snapshot';
import type { CheckResult } from './check';
import { formatSize } from './format-size';

export interface ExistingFileInput {
  device: DeviceSnapshot;
  destination: DeviceFileSystem;
  destinationName: string;
  localSizeBytes: number;
  localMd5: string;
  /** `verify /md5` of the device's file, when it was run (same name and size). */
  deviceMd5?: string;
}

export function checkExistingFile(input: ExistingFileInput): CheckResult {
  const { device, destination: fs, destinationName, localSizeBytes, localMd5, deviceMd5 } = input;
  const id = 'existing-file';
  const title = 'File already on the device';
  const target = `${fs.name}${destinationName}`;
  if (fs.files === undefined) {
    return {
      id,
      title,
      status: 'warning',
      summary: `Whether ${target} already exists is not known.`,
      facts: [unknownBecause(device, /^files of /) ?? `unknown: the listing of ${fs.name} could not be read`],
      remedy: 'If IOS asks to overwrite an existing file, the job stops there: nothing is overwritten without your confirmation.',
    };
  }
  const existing = fs.files.find((f) => f.name === destinationName && !f.isDirectory);
  if (!existing) return { id, title, status: 'ok', summary: `${target} does not exist yet.`, facts: [] };
  const facts = [`${target}: ${formatSize(existing.sizeBytes)} on the device`, `local file: ${formatSize(localSizeBytes)}, MD5 ${localMd5}`];
  if (deviceMd5) facts.push(`device MD5 (verify /md5): ${deviceMd5}`);
  if (existing.sizeBytes === localSizeBytes && deviceMd5 && deviceMd5.toLowerCase() === localMd5.toLowerCase()) {
    return { id, title, status: 'ok', summary: `${device.hostname} already has this image at ${target} with the same MD5; no copy is needed.`, facts, skipCopy: true };
  }
  const roles = imageRoles(device, fs.name, destinationName);
  const role = roles.running ? 'the running image' : roles.boot ? 'the boot image' : undefined;
  // Same size and no device MD5 (this IOS has no verify /md5): nothing was compared, so say only that.
  const sameSize = existing.sizeBytes === localSizeBytes;
  const what = sameSize && !deviceMd5 ? `${target} exists with the same size (${existing.sizeBytes} bytes); its contents were not compared (this IOS has no verify /md5)` : `${target} exists and differs from the local file`;
  if (sameSize && !deviceMd5) facts.push('device MD5: not available (no verify /md5 on this IOS)');
  return {
    id,
    title,
    status: 'blocking',
    summary: `${what}; the copy would overwrite it${role ? ` — it is ${role}` : ''}.`,
    facts,
    remedy: role ? `Copy under another name, or confirm overwriting ${role} (if the copy fails the device may not boot).` : 'Copy under another name, or confirm the overwrite.',
    confirmation: roles.running ? 'delete-running-image' : 'overwrite',
  };
}
