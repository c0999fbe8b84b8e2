// NX-OS `show version` strategy: "Software"/"Hardware" blocks with `NXOS: version`, `NXOS image file
// is:` (or kickstart/system pairs on Nexus 5000/7000), `Device name:` and `Kernel uptime is`.
import type { OutputLine } from './output-lines';
import { ParseError } from './parse-error';
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
  const need = (re: RegExp, what: string) => {
    const m = find(re);
    if (!m) throw new ParseError('show version', `${what} is missing (output truncated?)`);
    return m;
  };
  const version = need(/^\s*(?:NXOS|system):\s+version (\S+)/, 'the "NXOS: version" (or "system: version") line');
  const image = need(/^\s*(?:NXOS|system) image file is:\s+(\S+)/, 'the "NXOS image file is:" line');
  const kick = find(/^\s*kickstart image file is:\s+(\S+)/);
  const host = need(/^\s*Device name:\s+(\S+)/, 'the "Device name:" line');
  const chassis = need(/^\s*cisco (.+?) [Cc]hassis/, 'the "cisco … Chassis" line');
  const uptime = need(/^\s*Kernel uptime is (.+)$/, 'the "Kernel uptime is" line');
  const mem = find(/with (\d+) kB of memory/);
  const board = find(/^\s*Processor Board ID (\w+)/);
  const flash = find(/^\s*bootflash:\s+(\d+) kB/);
  const reason = find(/^\s*Reason: (.+)$/);
  const bios = find(/^\s*BIOS:\s+version (\S+)/);

  // "Nexus9000 C9396PX" → C9396PX, "Nexus 5596" → 5596: the model is the chassis description's last word.
  const words = chassis[1]!.trim().split(/\s+/);
  const r: ShowVersion = {
    hostname: host[1]!,
    platform: words[words.length - 1]!,
    osFamily: 'nx-os',
    version: version[1]!,
    imageFile: image[1]!,
    uptime: uptime[1]!.trim(),
    memory: {},
    flashDevices: [],
  };
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
