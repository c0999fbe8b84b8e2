// What a person types to look around: `show clock` (IOS's `*` marks a clock no NTP has set) and
// `show ip interface brief` in IOS's fixed columns.
import type { DeviceState } from './device-state';

const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** `*14:03:27.123 UTC Fri May 28 2021` — the lab's clock is the host's, in UTC, never NTP-synchronised. */
export function renderShowClock(dev: DeviceState, now = new Date()): string {
  const ms = String(now.getUTCMilliseconds()).padStart(3, '0');
  const zone = dev.profile.clockZone ?? 'UTC';
  return `*${two(now.getUTCHours())}:${two(now.getUTCMinutes())}:${two(now.getUTCSeconds())}.${ms} ${zone} ${days[now.getUTCDay()]} ${months[now.getUTCMonth()]} ${now.getUTCDate()} ${now.getUTCFullYear()}\n`;
}

export function renderShowIpInterfaceBrief(dev: DeviceState): string {
  const row = (i: string, a: string, ok: string, m: string, s: string, p: string) => `${i.padEnd(22)} ${a.padEnd(15)} ${ok.padEnd(3)} ${m.padEnd(6)} ${s.padEnd(21)} ${p.padEnd(8)}`;
  const lines = ['Interface              IP-Address      OK? Method Status                Protocol'];
  const interfaces = dev.profile.interfaces ?? [{ name: dev.profile.interface, address: '127.0.0.1', method: 'NVRAM', status: 'up', protocol: 'up' }];
  for (const i of interfaces) lines.push(row(i.name, i.address ?? 'unassigned', 'YES', i.method ?? (i.address ? 'NVRAM' : 'unset'), i.status, i.protocol));
  return lines.join('\n') + '\n';
}
