// `show inventory` in the layout of the platform's IOS: IOS-XE pads VID to 5 and SN to 11 and
// separates entries with a blank line; ISR G2 IOS pads VID to 4 and separates with a line of four
// blanks; Catalyst IOS pads VID to 5; pre-UDI hardware (2500, 3600) has no PID and VID `0xFF`.
import type { DeviceState } from './device-state';
import type { InventoryEntry } from './profile';

type Style = NonNullable<DeviceState['profile']['inventoryStyle']>;

const layouts: Record<Style, { pid: number; vid: number; sn: number; separator: string; lead: string }> = {
  'ios-xe': { pid: 18, vid: 5, sn: 11, separator: '', lead: '\n' },
  'ios-isr': { pid: 18, vid: 4, sn: 0, separator: '    ', lead: '' },
  'ios-catalyst': { pid: 18, vid: 5, sn: 0, separator: '    ', lead: '\n' },
  'ios-legacy': { pid: 18, vid: 0, sn: 0, separator: '', lead: '' },
};

function entry(e: InventoryEntry, l: (typeof layouts)[Style]): string {
  const w = { pid: e.widths?.pid ?? l.pid, vid: e.widths?.vid ?? l.vid, sn: e.widths?.sn ?? l.sn };
  return `NAME: "${e.name}", DESCR: "${e.descr}"\nPID: ${e.pid.padEnd(w.pid)}, VID: ${e.vid.padEnd(w.vid)}, SN: ${e.sn.padEnd(w.sn)}`;
}

export function renderShowInventory(dev: DeviceState): string | undefined {
  const items = dev.profile.inventory;
  if (!items?.length) return undefined;
  const l = layouts[dev.profile.inventoryStyle ?? (dev.profile.osFamily === 'ios-xe' ? 'ios-xe' : 'ios-isr')];
  const banner = dev.profile.inventoryBanner ? `${dev.profile.inventoryBanner}\n\n` : '';
  return `${l.lead}${banner}${items.map((e) => entry(e, l)).join(`\n${l.separator}\n`)}\n${l.separator}\n`;
}
