// ASA `show version` strategy: `Cisco Adaptive Security Appliance Software Version 9.15(1)1`,
// `System image file is "disk0:/asa….SPA"`, `<hostname> up <uptime>`, `Hardware:   <model>, N MB RAM, …`,
// `Internal ATA Compact Flash, 8192MB`, `Serial Number: …`, `Configuration register is 0x1`.
// Inside a security context (multi-context mode) the version line ends `<context>` and the image,
// hardware-serial and flash lines are not printed: those facts are absent, with notes.
import type { OutputLine } from './output-lines';
import { missing } from './parse-note';
import type { ShowVersion } from './show-version';

export function isAsaShowVersion(line: string): boolean {
  return /^Cisco Adaptive Security Appliance Software Version /.test(line.trim());
}

export function parseAsaShowVersion(lines: OutputLine[]): ShowVersion {
  const find = (re: RegExp) => {
    for (const l of lines) {
      const m = re.exec(l.text.trim());
      if (m) return m;
    }
    return undefined;
  };
  const r: ShowVersion = { osFamily: 'asa', memory: {}, flashDevices: [], notes: [] };
  const version = find(/^Cisco Adaptive Security Appliance Software Version (\S+)(?:\s+<(\w+)>)?/)!;
  r.version = version[1]!;
  if (version[2]) r.asaContext = version[2];
  const image = find(/^System image file is "([^"]*)"/);
  // `failover cluster up …` also ends in "up"; the hostname line is the first other one.
  const up = find(/^(?!failover\b)(\S+) up (\d.*)$/);
  // The model starts at a non-blank: `\s+([^,]+)` would trade blanks between the two for every split.
  const hw = find(/^Hardware:\s+([^,\s][^,]*),(?:\s+(\d{1,20}) MB RAM)?/);
  const flash = find(/^Internal ATA Compact Flash, (\d{1,20})MB$/);
  const serial = find(/^Serial Number: (\S+)/);
  const reg = find(/^Configuration register is (0x[0-9A-Fa-f]+)/i);
  if (image) r.imageFile = image[1]!;
  else r.notes.push(missing('image', r.asaContext ? 'a security context prints no "System image file" line: run show version in the system context' : 'no \'System image file is "…"\' line'));
  if (up) {
    r.hostname = up[1]!;
    r.uptime = up[2]!.trim();
  } else r.notes.push(missing('hostname', 'no "<hostname> up <uptime>" line'));
  if (hw) {
    r.platform = hw[1]!.trim();
    if (hw[2]) r.memory.mainBytes = Number(hw[2]) * 1024 * 1024;
  } else r.notes.push(missing('platform', 'no "Hardware:" line'));
  if (flash) {
    r.flashBytes = Number(flash[1]) * 1024 * 1024;
    r.flashDevices.push({ prefix: 'disk0:', label: 'Internal ATA Compact Flash', sizeBytes: r.flashBytes });
  }
  if (serial) r.serial = serial[1]!;
  if (reg) r.configRegister = reg[1]!;
  return r;
}
