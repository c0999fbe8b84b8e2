// NX-OS `show version` strategy: "Software"/"Hardware" blocks with `NXOS: version`, `NXOS image file
// is:` (or kickstart/system pairs on Nexus 5000/7000 and ACI leaves), `Device name:` and `Kernel
// uptime is`. The model comes from the hardware line: `cisco Nexus9000 C9396PX Chassis`, or on an
// ACI leaf `cisco N9K-C93180YC-EX ("supervisor")`.
import type { OutputLine } from './output-lines';
import { missing } from './parse-note';
import type { ShowVersion } from './show-version';

/** True for a line only NX-OS prints. */
export function isNxosShowVersion(line: string): boolean {
  return /Cisco Nexus Operating System|^\s*(NXOS|kickstart): version |^\s*Device name: /.test(line);
}

export function parseNxosShowVersion(lines: OutputLine[]): ShowVersion {
  const find = (re: RegExp) => {
    for (const l of lines) {
      const m = re.exec(l.text);
      if (m) return m;
    }
    return undefined;
  };
  const r: ShowVersion = { osFamily: 'nx-os', memory: {}, flashDevices: [], notes: [] };
  const version = find(/^\s*(?:NXOS|system):\s+version (\S+)/);
  const image = find(/^\s*(?:NXOS|system) image file is:\s+(\S+)/);
  const kick = find(/^\s*kickstart image file is:\s+(\S+)/);
  const host = find(/^\s*Device name:\s+(\S+)/);
  const chassis = find(/^\s*cisco (.+?) [Cc]hassis/) ?? find(/^\s*cisco (\S+) \("/);
  const uptime = find(/^\s*Kernel uptime is (.+)$/);
  const mem = find(/with (\d{1,20}) kB of memory/);
  const board = find(/^\s*Processor Board ID (\w+)/);
  const flash = find(/^\s*bootflash:\s+(\d{1,20}) kB/);
  const reason = find(/^\s*Reason: (.+)$/);
  const bios = find(/^\s*BIOS:\s+version (\S+)/);
  if (version) r.version = version[1]!;
  else r.notes.push(missing('version', 'no "NXOS: version" (or "system: version") line'));
  if (image) r.imageFile = image[1]!;
  else r.notes.push(missing('image', 'no "NXOS image file is:" line'));
  if (host) r.hostname = host[1]!;
  else r.notes.push(missing('hostname', 'no "Device name:" line'));
  if (chassis) {
    // "Nexus9000 C9396PX" → C9396PX, "Nexus 5596" → 5596: the model is the description's last word.
    const words = chassis[1]!.trim().split(/\s+/);
    r.platform = words[words.length - 1]!;
    r.chassis = chassis[1]!.trim();
  } else r.notes.push(missing('platform', 'no "cisco … Chassis" line'));
  if (uptime) r.uptime = uptime[1]!.trim();
  if (kick) r.kickstartImageFile = kick[1]!;
  if (mem) r.memory.mainBytes = Number(mem[1]) * 1024;
  if (board) r.serial = board[1]!;
  if (flash) {
    r.flashBytes = Number(flash[1]) * 1024;
    r.flashDevices.push({ prefix: 'bootflash:', label: 'bootflash', sizeBytes: r.flashBytes });
  }
  if (reason) r.lastReloadReason = reason[1]!.trim();
  if (bios) r.rom = `BIOS ${bios[1]}`;
  return r;
}
