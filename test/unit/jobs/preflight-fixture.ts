// A 2960-X as the checks see it: one image running from flash:, booting from it, little free space.
import type { DeviceSnapshot } from '../../../src/jobs/device-snapshot';

export const mib = 1024 * 1024;

export function c2960x(overrides: Partial<DeviceSnapshot> = {}): DeviceSnapshot {
  return {
    hostname: 'SW1',
    platform: 'WS-C2960X-48FPD-L',
    version: '15.2(7)E3',
    runningImage: 'flash:c2960x-universalk9-mz.152-7.E3.bin',
    bootVariable: ['flash:/c2960x-universalk9-mz.152-7.E3.bin'],
    fileSystems: [
      {
        name: 'flash:',
        totalBytes: 122 * mib,
        freeBytes: 60 * mib,
        isDefault: true,
        files: [
          { name: 'c2960x-universalk9-mz.152-7.E3.bin', sizeBytes: 26 * mib },
          { name: 'old-c2960x-universalk9-mz.152-4.E8.bin', sizeBytes: 25 * mib },
          { name: 'config.text', sizeBytes: 4000 },
          { name: 'vlan.dat', sizeBytes: 1000 },
          { name: 'html', sizeBytes: 0, isDirectory: true },
        ],
      },
    ],
    config: {},
    unknown: [],
    loginUser: 'admin',
    ...overrides,
  };
}
