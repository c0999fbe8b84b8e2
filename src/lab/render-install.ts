// `show install summary` (IOS-XE install mode), from the device's install state: one block per
// group of locations in the same state, as the stack capture shows (`[ Switch 1 2 ]`), then the
// auto-abort timer.
import type { DeviceState } from './device-state';

const rule = '-'.repeat(80);

export function renderShowInstallSummary(dev: DeviceState): string | undefined {
  const install = dev.install;
  if (!install) return undefined;
  const switches = install.locations.every((l) => /^Switch \d+$/.test(l));
  const where = switches ? `Switch ${install.locations.map((l) => l.slice(7)).join(' ')}` : install.locations.join(' ');
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
    `Auto abort timer: ${install.autoAbortTimer}`,
    rule,
    '',
  ].join('\n');
}
