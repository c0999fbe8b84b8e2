// ASA `show version` strategy: `Cisco Adaptive Security Appliance Software Version 9.15(1)1`,
// `System image file is "disk0:/asa….SPA"`, `<hostname> up <uptime>`, `Hardware:   <model>, N MB RAM, …`,
// `Internal ATA Compact Flash, 8192MB`, `Serial Number: …`, `Configuration register is 0x1`.
import type { OutputLine } from './output-lines';
import { ParseError } from './parse-error';
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
  const need = (re: RegExp, what: string) => {
    const m = find(re);
    if (!m) throw new ParseError('show version', `${what} is missing (output truncated?)`);
    return m;
  };
  const version = need(/^Cisco Adaptive Security Appliance Software Version (\S+)/, 'the "Cisco Adaptive Security Appliance Software Version" line');
  const image = need(/^System image file is "([^"]*)"/, 'the \'System image file is "…"\' line');
  // `failover cluster up …` also ends in "up"; the hostname line is the first other one.
  const up = need(/^(?!failover\b)(\S+) up (\d.*)$/, 'the "<hostname> up <uptime>" line');
  const hw = need(/^Hardware:\s+([^,]+),(?:\s+(\d+) MB RAM)?/, 'the "Hardware:" line');
  const flash = find(/^Internal ATA Compact Flash, (\d+)MB$/);
  const serial = find(/^Serial Number: (\S+)/);
  const reg = find(/^Configuration register is (0x[0-9A-Fa-f]+)/);
  const r: ShowVersion = {
    hostname: up[1]!,
    platform: hw[1]!.trim(),
    osFamily: 'asa',
    version: version[1]!,
    imageFile: image[1]!,
    uptime: up[2]!.trim(),
    memory: {},
    flashDevices: [],
  };
  if (hw[2]) r.memory.mainBytes = Number(hw[2]) * 1024 * 1024;
  if (flash) {
    r.flashBytes = Number(flash[1]) * 1024 * 1024;
    r.flashDevices.push({ prefix: 'disk0:', label: 'Internal ATA Compact Flash', sizeBytes: r.flashBytes });
  }
  if (serial) r.serial = serial[1]!;
  if (reg) r.configRegister = reg[1]!;
  return r;
}
