// Reads what a job needs to know about a device over its session: the inventory (show version,
// boot variable, file systems and files) and the few running-config settings that change how its
// copy client behaves. The mapping to DeviceSnapshot is pure and tested on its own; what the
// inventory could not read becomes the snapshot's `unknown` facts.
import { type DeviceInventory, type DeviceSession, type InspectProblem, inspectDevice, parseRunningConfigSettings, type RunningConfigSettings } from '../device';
import type { DeviceSnapshot, UnknownFact } from './device-snapshot';
import { flashTraits } from './flash-class';

export function snapshotFromInventory(inv: DeviceInventory, settings: RunningConfigSettings, loginUser: string): DeviceSnapshot {
  const unknown: UnknownFact[] = [];
  const problemOf = (command: RegExp) => inv.problems.find((p) => command.test(p.command));
  const note = (fact: string, p: InspectProblem | undefined, fallback: string) =>
    unknown.push({ fact, command: p?.command ?? fallback, reason: p?.message ?? 'the output did not say' });
  if (inv.platform === undefined) note('platform', problemOf(/^show version$/), 'show version');
  if (inv.version === undefined) note('version', problemOf(/^show version$/), 'show version');
  if (inv.image === undefined) note('running image', problemOf(/^show version$/), 'show version');
  // The running config's `boot system` lines stand in for an unreadable `show boot`.
  const configBoot = settings.bootSystem.flatMap((b) => (b.image ? [b.image] : []));
  const bootVariable = inv.bootVariable?.length ? inv.bootVariable : inv.bootVariable === undefined && configBoot.length === 0 ? undefined : configBoot;
  if (bootVariable === undefined) note('boot variable', problemOf(/^show boot/), 'show boot');
  const snapshot: DeviceSnapshot = {
    hostname: settings.hostname ?? inv.hostname,
    fileSystems: inv.fileSystems.map((fs) => {
      const traits = flashTraits({ platform: inv.platform, version: inv.version, runningImage: inv.image, fileSystem: fs.name, dirFormat: fs.format ?? undefined, dirReadOnly: fs.readOnly });
      if (fs.files === null) note(`files of ${fs.name}`, problemOf(new RegExp(`^dir ${fs.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)), `dir ${fs.name}`);
      return {
        name: fs.name,
        ...(fs.aliases.length ? { aliases: fs.aliases } : {}),
        ...(fs.total !== null ? { totalBytes: fs.total } : {}),
        ...(fs.free !== null ? { freeBytes: fs.free } : {}),
        ...(fs.files !== null ? { files: fs.files.map((f) => ({ name: f.name, sizeBytes: f.size, ...(f.permissions.startsWith('d') ? { isDirectory: true } : {}) })) } : {}),
        isDefault: fs.isDefault,
        ...(traits.eraseBeforeCopy ? { eraseBeforeCopy: true } : {}),
        ...(traits.readOnly ? { readOnly: true } : {}),
        ...(traits.unknown ? { flashClassUnknown: true } : {}),
      };
    }),
    config: {
      ...(settings.rcmdRemoteUsername ? { rcmdRemoteUsername: settings.rcmdRemoteUsername } : {}),
      ...(settings.ftpUsername ? { ftpUsername: settings.ftpUsername } : {}),
      ...(settings.ftpPassword?.type === 0 ? { ftpPassword: settings.ftpPassword.value } : {}),
      ...(settings.tftpBlocksizeBytes ? { tftpBlocksize: settings.tftpBlocksizeBytes } : {}),
      ...(settings.filePrompt === 'quiet' ? { filePromptQuiet: true } : {}),
      ...(settings.tcpWindowSizeBytes ? { tcpWindowSize: settings.tcpWindowSizeBytes } : {}),
    },
    ...(inv.networkPrefixes ? { urlPrefixes: inv.networkPrefixes.map((p) => p.toLowerCase()) } : {}),
    loginUser,
    unknown,
  };
  if (inv.platform !== undefined) snapshot.platform = inv.platform;
  if (inv.version !== undefined) snapshot.version = inv.version;
  if (inv.image !== undefined) snapshot.runningImage = inv.image;
  if (bootVariable !== undefined) snapshot.bootVariable = bootVariable;
  return snapshot;
}

export async function gatherSnapshot(session: DeviceSession, loginUser: string): Promise<DeviceSnapshot> {
  const inventory = await inspectDevice(session);
  const settings = parseRunningConfigSettings(await session.run('show running-config', { timeoutMs: 120_000 }));
  return snapshotFromInventory(inventory, settings, loginUser);
}
