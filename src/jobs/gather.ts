// Reads what a job needs to know about a device over its session: the inventory (show version,
// boot variable, file systems and files) and the few running-config settings that change how its
// copy client behaves. The mapping to DeviceSnapshot is pure and tested on its own.
import { type DeviceInventory, type DeviceSession, inspectDevice, parseRunningConfigSettings, type RunningConfigSettings } from '../device';
import type { DeviceSnapshot } from './device-snapshot';
import { flashTraits } from './flash-class';

export function snapshotFromInventory(inv: DeviceInventory, settings: RunningConfigSettings, loginUser: string): DeviceSnapshot {
  return {
    hostname: settings.hostname ?? inv.hostname,
    platform: inv.platform,
    version: inv.version,
    runningImage: inv.image || undefined,
    bootVariable: inv.bootVariable.length ? inv.bootVariable : settings.bootSystem.flatMap((b) => (b.image ? [b.image] : [])),
    fileSystems: inv.fileSystems.map((fs) => {
      const traits = flashTraits({ platform: inv.platform, version: inv.version, runningImage: inv.image, fileSystem: fs.name, dirFormat: fs.format, dirReadOnly: fs.readOnly });
      return {
        name: fs.name,
        ...(fs.total !== null ? { totalBytes: fs.total } : {}),
        ...(fs.free !== null ? { freeBytes: fs.free } : {}),
        files: fs.files.map((f) => ({ name: f.name, sizeBytes: f.size, ...(f.permissions.startsWith('d') ? { isDirectory: true } : {}) })),
        isDefault: fs.isDefault,
        ...(traits.eraseBeforeCopy ? { eraseBeforeCopy: true } : {}),
        ...(traits.readOnly ? { readOnly: true } : {}),
      };
    }),
    config: {
      ...(settings.rcmdRemoteUsername ? { rcmdRemoteUsername: settings.rcmdRemoteUsername } : {}),
      ...(settings.ftpUsername ? { ftpUsername: settings.ftpUsername } : {}),
      ...(settings.ftpPassword?.type === 0 ? { ftpPassword: settings.ftpPassword.value } : {}),
      ...(settings.tftpBlocksizeBytes ? { tftpBlocksize: settings.tftpBlocksizeBytes } : {}),
      ...(settings.filePrompt === 'quiet' ? { filePromptQuiet: true } : {}),
    },
    loginUser,
  };
}

export async function gatherSnapshot(session: DeviceSession, loginUser: string): Promise<DeviceSnapshot> {
  const inventory = await inspectDevice(session);
  const settings = parseRunningConfigSettings(await session.run('show running-config', { timeoutMs: 120_000 }));
  return snapshotFromInventory(inventory, settings, loginUser);
}
