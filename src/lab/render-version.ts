// `show version` from the profile's template and the device's state: the versions and mode of what
// is running, why and when it last reloaded, and the Catalyst member table with the members that are
// up (a member that did not come back from a reload is missing from it, as on a real stack).
import type { DeviceState } from './device-state';

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const two = (n: number) => String(n).padStart(2, '0');

/** `11:52:41 UTC Tue Mar 9 2021`, as `System restarted at` and `System returned to ROM by reload at` print it. */
export function restartTime(d: Date): string {
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${d.getUTCDate()} ${d.getUTCFullYear()}`;
}

/** The stack members that are up: 1…N less those that did not come back. */
export function membersUp(dev: DeviceState): number[] {
  const n = dev.profile.stackMembers ?? 1;
  return Array.from({ length: n }, (_, i) => i + 1).filter((m) => !dev.membersDown.has(m));
}

/** One row per member that is up; member 1 is the active one (`*`). */
function stackTable(dev: DeviceState): string {
  const t = dev.profile.stackTable;
  if (!t) return '';
  const version = t.versionColumn === 'xe' ? (dev.software.xeVersion ?? dev.software.version) : dev.software.version;
  return membersUp(dev)
    .map((m) => {
      const head = `${m === 1 ? '*' : ' '}${String(m).padStart(5)} ${String(t.ports).padEnd(6)}`;
      if (t.style === 'catalyst') return `${head}${t.model.padEnd(26)}${version.padEnd(22)}${t.swImage}`;
      return `${head}${t.model.padEnd(19)}${version.padEnd(18)}${t.swImage.padEnd(22)}${dev.software.mode === 'install' ? 'INSTALL' : 'BUNDLE'}`;
    })
    .join('\n');
}

function memberDetails(dev: DeviceState): string {
  const blocks = dev.profile.memberDetails ?? {};
  return membersUp(dev)
    .filter((m) => blocks[String(m)] !== undefined)
    .map((m) => `${blocks[String(m)]}\n`)
    .join('');
}

export function renderShowVersion(dev: DeviceState, configRegister: string): string {
  const r = dev.lastReload;
  // The member blocks carry placeholders of their own (`Switch uptime : {uptime}`): they go in first.
  return dev.profile.showVersion
    .replaceAll('{stackTable}', stackTable(dev))
    .replaceAll('{memberDetails}', memberDetails(dev))
    .replaceAll('{hostname}', dev.running.hostname)
    .replaceAll('{image}', dev.runningImage)
    .replaceAll('{uptime}', dev.uptimeText())
    .replaceAll('{configRegister}', configRegister)
    .replaceAll('{version}', dev.software.version)
    .replaceAll('{xeVersion}', dev.software.xeVersion ?? dev.software.version)
    .replaceAll('{returnedToRom}', r.returnedToRom)
    .replaceAll('{reloadReason}', r.reason)
    .replaceAll('{restartedAt}', r.restartedAt ?? restartTime(new Date(dev.bootedAt)));
}
