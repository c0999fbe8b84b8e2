// `show install summary` (IOS-XE install mode), from the device's install state: one block for the
// members that are up (`[ Switch 1 2 ]`, a router `[ R0 ]`), the packages newest first, then the
// auto-abort timer with the time it has left.
import type { DeviceState } from './device-state';
import { autoAbortText } from './installer';
import { membersUp } from './render-version';

const rule = '-'.repeat(80);

export function renderShowInstallSummary(dev: DeviceState): string | undefined {
  const install = dev.install;
  if (!install) return undefined;
  const switches = install.locations.length > 0 && install.locations.every((l) => /^Switch \d+$/.test(l));
  const router = install.locations.length === 0 || dev.profile.installer?.members === 'router';
  const where = switches ? `Switch ${membersUp(dev).join(' ')}` : router && install.locations.length === 0 ? 'R0' : install.locations.join(' ');
  return [
    `[ ${where} ] Installed Package(s) Information:`,
    'State (St): I - Inactive, U - Activated & Uncommitted,',
    '            C - Activated & Committed, D - Deactivated & Uncommitted',
    rule,
    'Type  St   Filename/Version',
    rule,
    ...install.packages.map((p) => `${p.type.padEnd(6)}${p.state.padEnd(5)}${p.version}`),
    '',
    rule,
    `Auto abort timer: ${autoAbortText(dev)}`,
    rule,
    '',
  ].join('\n');
}
