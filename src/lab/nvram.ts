// nvram: as IOS shows it: the startup configuration (its size is what `write memory` saved), the
// private and underlying configurations, and IOS's own small files, all `<no date>`.
import type { DeviceState } from './device-state';
import { renderRunningConfig } from './render';

export interface NvramFile {
  index: number;
  permissions: string;
  sizeBytes: number;
  name: string;
}

/** nvram: size when the profile does not say: IOS routers' usual 256K less the 8-byte header. */
const defaultNvramBytes = 262136;

export function nvramFiles(dev: DeviceState): NvramFile[] {
  const total = dev.profile.nvramBytes ?? defaultNvramBytes;
  const startup = Buffer.byteLength(renderRunningConfig(dev, 'Using').replace(/^Building configuration...\n\n/, ''));
  // The configuration files sit at the top of nvram (the highest 1K indexes), IOS's own files at the bottom.
  const top = Math.floor(total / 1024) - 3;
  return [
    { index: top, permissions: '-rw-', sizeBytes: startup, name: 'startup-config' },
    { index: top + 1, permissions: '----', sizeBytes: 2072, name: 'private-config' },
    { index: top + 2, permissions: '-rw-', sizeBytes: startup, name: 'underlying-config' },
    { index: 1, permissions: '----', sizeBytes: 76, name: 'persistent-data' },
    { index: 2, permissions: '-rw-', sizeBytes: 0, name: 'ifIndex-table' },
  ];
}

export function nvramUsage(dev: DeviceState): { sizeBytes: number; freeBytes: number } {
  const sizeBytes = dev.profile.nvramBytes ?? defaultNvramBytes;
  // underlying-config is the same bytes as startup-config, not a second copy.
  const used = nvramFiles(dev)
    .filter((f) => f.name !== 'underlying-config')
    .reduce((n, f) => n + f.sizeBytes, 0);
  return { sizeBytes, freeBytes: Math.max(0, sizeBytes - used) };
}
