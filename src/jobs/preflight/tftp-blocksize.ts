// TFTP at IOS's default 512-byte blocks: images over 32 MB roll the 16-bit block number over and
// take long on any latency. Suggest `ip tftp blocksize` where the platform has it (IOS 12.4+ /
// IOS-XE); the job records any configuration it changes and puts it back afterwards.
import type { DeviceSnapshot } from '../device-snapshot';
import type { CheckResult } from './check';
import { formatSize } from './format-size';

const rolloverBytes = 65535 * 512;

/** The block size the pre-flight advises for a large image where the platform has the command. */
export const advisedTftpBlocksize = 8192;

/**
 * Whether the pre-flight advises `ip tftp blocksize 8192` for this copy: a large image at 512-byte
 * blocks on an IOS that has the command. The extension asks before the copy with this.
 */
export function advisesTftpBlocksize(device: Pick<DeviceSnapshot, 'version'>, configuredBlocksize: number | undefined, fileSizeBytes: number): boolean {
  return (configuredBlocksize ?? 512) <= 512 && fileSizeBytes > rolloverBytes && platformHasTftpBlocksize(device);
}

export function platformHasTftpBlocksize(device: Pick<DeviceSnapshot, 'version'>): boolean {
  // `ip tftp blocksize` arrived in 12.4; IOS-XE has it; pre-12.4 trains and run-from-flash boxes do not.
  const m = /^(\d+)\.(\d+)/.exec(device.version ?? '');
  if (!m) return false;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major > 12 || (major === 12 && minor >= 4);
}

export function checkTftpBlocksize(device: DeviceSnapshot, fileSizeBytes: number): CheckResult {
  const id = 'tftp-blocksize';
  const title = 'TFTP block size';
  const blocksize = device.config.tftpBlocksize ?? 512;
  const facts = [`ip tftp blocksize: ${device.config.tftpBlocksize ?? 'not set (512)'}`, `image ${formatSize(fileSizeBytes)}`];
  if (blocksize > 512 || fileSizeBytes <= rolloverBytes) {
    return { id, title, status: 'ok', summary: `Block size ${blocksize} is fine for this image.`, facts };
  }
  facts.push(`${Math.ceil(fileSizeBytes / 512)} blocks: the block number rolls over past 65535 (the bundled server handles it)`);
  if (!platformHasTftpBlocksize(device)) {
    return { id, title, status: 'info', summary: 'Large image at 512-byte blocks; this IOS has no `ip tftp blocksize`, so expect a slow copy (FTP or RCP is faster).', facts };
  }
  return {
    id,
    title,
    status: 'warning',
    summary: 'Large image at 512-byte blocks: the copy will be slow. `ip tftp blocksize 8192` makes it several times faster.',
    facts,
    remedy: `Let the job set \`ip tftp blocksize ${advisedTftpBlocksize}\` for this copy (it is put back afterwards), or use FTP/RCP.`,
  };
}
