// `show flash all` on Class B flash (2500, 1600): the partition table whose `Copy Mode` says how a
// copy reaches the partition — `RXBOOT-FLH` (the Flash Load Helper) while IOS runs from it, `Direct`
// otherwise — then the directory with each file's address and checksums, and the flash chips.
import type { DeviceState } from './device-state';
import type { SimFileSystem } from './flash';

const kib = (bytes: number) => `${Math.round(bytes / 1024)}K`;

export function renderShowFlashAll(dev: DeviceState, fs: SimFileSystem): string {
  const readOnly = fs.flags === 'ro';
  const bankBytes = 4 * 1024 * 1024;
  const lines = [
    'Partition   Size    Used      Free      Bank-Size  State          Copy Mode',
    `  1         ${kib(fs.sizeBytes).padEnd(8)}${kib(fs.usedBytes()).padEnd(10)}${kib(fs.freeBytes()).padEnd(10)}${kib(bankBytes).padEnd(11)}${(readOnly ? 'Read ONLY' : 'Read/Write').padEnd(15)}${readOnly && dev.profile.runFromFlash ? 'RXBOOT-FLH' : 'Direct'}`,
    '',
    'System flash directory:',
    'File  Length   Name/status',
    '        addr      fcksum  ccksum',
  ];
  let addr = 0x40;
  let n = 0;
  for (const f of fs.list()) {
    if (f.isDirectory) continue;
    n++;
    // A stand-in checksum: the lab does not keep IOS's per-file sums.
    const sum = `0x${((f.sizeBytes ^ (f.sizeBytes >>> 16)) & 0xffff).toString(16).toUpperCase().padStart(4, '0')}`;
    lines.push(`  ${String(n).padEnd(3)} ${String(f.sizeBytes).padEnd(8)} ${f.name}${f.deleted ? ' [deleted]' : ''}`);
    lines.push(`        0x${addr.toString(16).toUpperCase().padEnd(8)}${sum.padEnd(8)}${sum}`);
    addr += f.sizeBytes + 0x40;
  }
  if (n === 0) lines.push('  No files in System flash');
  lines.push(`[${fs.usedBytes()} bytes used, ${fs.freeBytes()} available, ${fs.sizeBytes} total]`);
  lines.push(`${kib(fs.sizeBytes)} bytes of processor board System flash (${readOnly ? 'Read ONLY' : 'Read/Write'})`, '');
  lines.push('Chip    Bank    Code      Size      Name');
  const chips = Math.max(1, Math.round(fs.sizeBytes / (2 * 1024 * 1024)));
  for (let c = 1; c <= chips; c++) lines.push(`   ${c}    ${Math.ceil((c * 2 * 1024 * 1024) / bankBytes)}       89A0      2048KB    INTEL 28F016SA`);
  if (readOnly && dev.profile.runFromFlash) lines.push('', 'Executing current image from System flash');
  return lines.join('\n') + '\n\n';
}
