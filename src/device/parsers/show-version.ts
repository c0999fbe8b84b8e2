// `show version`: which box, which OS, which image it booted, and how much memory and flash it has.
// IOS and IOS-XE share one layout; NX-OS prints its own (show-version-nxos.ts), chosen by testLine.
import { outputLines, rejectionLine, type OutputLine } from './output-lines';
import { ParseError } from './parse-error';
import { isAsaShowVersion, parseAsaShowVersion } from './show-version-asa';
import { parseNxosShowVersion, isNxosShowVersion } from './show-version-nxos';

export type OsFamily = 'ios' | 'ios-xe' | 'nx-os' | 'asa' | 'ios-xr';

/** One member row of a Catalyst stack's `Switch Ports Model SW Version SW Image Mode` table. */
export interface StackMember {
  switchNumber: number;
  active: boolean;
  ports: number;
  model: string;
  swVersion: string;
  swImage: string;
  /** IOS-XE only; classic IOS prints no Mode column. */
  mode?: 'INSTALL' | 'BUNDLE';
}

/** A `NNNK bytes of <label> at <prefix>.` line (or the old `... of processor board System flash`). */
export interface FlashDevice {
  prefix?: string;
  label: string;
  sizeBytes: number;
  readOnly?: boolean;
}

export interface ShowVersion {
  hostname: string;
  /** Model as printed (`WS-C4948E`, `ISR4451-X/K9`, `CISCO1941/K9`, `C9396PX`). */
  platform: string;
  osFamily: OsFamily;
  /** The IOS version (`15.2(7)E3`, for IOS-XE the IOS line's `16.9.3`; NX-OS `9.3(15)`). */
  version: string;
  /** IOS-XE's own `Cisco IOS XE Software, Version 16.09.03` (matches image file names). */
  xeVersion?: string;
  /** Exactly as in `System image file is "…"` (`flash:c2600-i-mz.122-2.XA1`, `bootflash:///nxos.9.3.15.bin`). */
  imageFile: string;
  /** NX-OS 5k/7k: the kickstart image that boots before `imageFile`. */
  kickstartImageFile?: string;
  /** `packages.conf` → install, a `.bin` → bundle (from the stack table's Mode column when present). */
  bootMode?: 'install' | 'bundle';
  softwareImage?: string;
  configRegister?: string;
  nextConfigRegister?: string;
  uptime: string;
  rom?: string;
  lastReloadReason?: string;
  memory: { mainBytes?: number; ioBytes?: number; nvramBytes?: number };
  serial?: string;
  /** Size of the flash holding the running image (or the first system flash printed). */
  flashBytes?: number;
  flashDevices: FlashDevice[];
  stack?: StackMember[];
}

const CMD = 'show version';
const ECHO = /^sh(o(w)?)?\s+ver(s(i(o(n)?)?)?)?\s*$/i;

/** Parses `show version` of IOS, IOS-XE, NX-OS or ASA. Throws ParseError when a required line is missing. */
export function parseShowVersion(text: string): ShowVersion {
  const lines = outputLines(text, ECHO);
  if (lines.length === 0) throw new ParseError(CMD, 'the output is empty');
  if (lines.some((l) => isNxosShowVersion(l.text))) return parseNxosShowVersion(lines);
  const err = rejectionLine(lines);
  if (err) throw new ParseError(CMD, 'the device rejected the command', err.text, err.n);
  if (lines.some((l) => isAsaShowVersion(l.text))) return parseAsaShowVersion(lines);
  const xr = lines.find((x) => /Cisco IOS XR Software/.test(x.text));
  // No IOS-XR capture to test against yet: refuse rather than guess.
  if (xr) throw new ParseError(CMD, 'the IOS-XR show version layout is not supported yet', xr.text, xr.n);
  return parseIosShowVersion(lines);
}

function parseIosShowVersion(lines: OutputLine[]): ShowVersion {
  const find = (re: RegExp) => {
    for (const l of lines) {
      const m = re.exec(l.text);
      if (m) return m;
    }
    return undefined;
  };
  const iosLine = find(/^(?:Cisco IOS Software|IOS \(tm\)).*?(?:\(([\w-]+)\))?, (?:Experimental )?Version ([^\s,]+)/);
  if (!iosLine) throw missing('the "Cisco IOS Software …, Version …" line');
  const xe = find(/^Cisco IOS[ -]XE Software, Version (\S+)/);
  const osFamily: OsFamily = lines.some((l) => /\bIOS[- ]XE\b/i.test(l.text)) ? 'ios-xe' : 'ios';

  const upIdx = lines.findIndex((l) => /^\S+ uptime is /.test(l.text));
  if (upIdx < 0) throw missing('the "<hostname> uptime is …" line');
  const up = /^(\S+) uptime is (.+)$/.exec(lines[upIdx]!.text)!;
  let uptime = up[2]!.trim();
  // Old IOS wraps a long uptime at the terminal width: "… 7 hours, 56 " / "minutes".
  const next = lines[upIdx + 1]?.text.trim();
  if (/\d$/.test(uptime) && next && /^(minutes?|hours?|days?|weeks?|years?)\b/.test(next)) uptime = `${uptime} ${next}`;

  const image = find(/^System image file is "([^"]*)"/);
  if (!image) throw missing('the \'System image file is "…"\' line');

  const hw = find(/^[Cc]isco (\S+) .*?\bwith\s+(\d+)K(?:\/(\d+)K)? bytes of (?:physical )?memory/);
  if (!hw) throw missing('the "cisco <model> … with NK bytes of memory" line');
  const model = find(/^Model [Nn]umber\s*:\s*(\S+)/);
  const nvram = find(/^(\d+)K bytes of non-volatile configuration memory/);
  const reg = find(/^Configuration register is (0x[0-9A-Fa-f]+)(?: \(will be (0x[0-9A-Fa-f]+) at next reload\))?/);
  const board = find(/^Processor board ID (\w+)/);
  const rom = find(/^ROM: (.+)$/);
  const reload = find(/^Last reload reason: (.+)$/);

  const flashDevices: FlashDevice[] = [];
  for (const l of lines) {
    let m = /^(\d+)K bytes of (.+?) at ([\w-]+:)\.?$/.exec(l.text);
    if (m) {
      flashDevices.push({ prefix: m[3]!, label: m[2]!.trim(), sizeBytes: Number(m[1]) * 1024 });
      continue;
    }
    m = /^(\d+)K bytes of (.*(?:[Ff]lash|CompactFlash).*?)(?: \((Read ONLY|Read\/Write)\))?$/.exec(l.text);
    if (m && !/non-volatile/.test(m[2]!)) {
      const dev: FlashDevice = { label: m[2]!.trim(), sizeBytes: Number(m[1]) * 1024 };
      if (m[3]) dev.readOnly = m[3] === 'Read ONLY';
      flashDevices.push(dev);
    }
  }
  const imageFile = image[1]!;
  const imagePrefix = /^([\w-]+:)/.exec(imageFile)?.[1];
  const flash =
    flashDevices.find((f) => f.prefix && f.prefix === imagePrefix) ??
    flashDevices.find((f) => !f.prefix && /System (Compact)?[Ff]lash/.test(f.label)) ??
    flashDevices.find((f) => f.prefix && /^(boot)?flash/.test(f.prefix));

  // The stack table: `Switch Ports Model SW Version SW Image [Mode]` (classic IOS has no Mode column).
  const stack: StackMember[] = [];
  const tableAt = lines.findIndex((l) => /^Switch\s+Ports\s+Model\s+SW Version\s+SW Image\b/.test(l.text));
  if (tableAt >= 0) {
    for (const l of lines.slice(tableAt + 1)) {
      if (/^[-\s]+$/.test(l.text) && l.text.trim() !== '') continue;
      const m = /^(\*)?\s*(\d+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(\S+)(?:\s+(INSTALL|BUNDLE))?$/.exec(l.text);
      if (!m) break;
      const member: StackMember = { switchNumber: Number(m[2]), active: m[1] === '*', ports: Number(m[3]), model: m[4]!, swVersion: m[5]!, swImage: m[6]! };
      if (m[7]) member.mode = m[7] as 'INSTALL' | 'BUNDLE';
      stack.push(member);
    }
  }

  const result: ShowVersion = {
    hostname: up[1]!,
    platform: model?.[1] ?? hw[1]!,
    osFamily,
    version: iosLine[2]!,
    imageFile,
    uptime,
    memory: { mainBytes: Number(hw[2]) * 1024 },
    flashDevices,
  };
  if (xe) result.xeVersion = xe[1]!;
  if (iosLine[1]) result.softwareImage = iosLine[1];
  if (hw[3]) result.memory.ioBytes = Number(hw[3]) * 1024;
  if (nvram) result.memory.nvramBytes = Number(nvram[1]) * 1024;
  if (reg) result.configRegister = reg[1]!;
  if (reg?.[2]) result.nextConfigRegister = reg[2];
  if (board) result.serial = board[1]!;
  if (rom) result.rom = rom[1]!.trim();
  if (reload) result.lastReloadReason = reload[1]!.trim();
  if (flash) result.flashBytes = flash.sizeBytes;
  if (stack.length) result.stack = stack;
  const activeMode = (stack.find((s) => s.active) ?? stack[0])?.mode;
  if (activeMode) result.bootMode = activeMode === 'INSTALL' ? 'install' : 'bundle';
  else if (/packages\.conf$/.test(imageFile)) result.bootMode = 'install';
  else if (/\.bin$/i.test(imageFile)) result.bootMode = 'bundle';
  return result;
}

function missing(what: string) {
  return new ParseError(CMD, `${what} is missing (output truncated, or not IOS)`);
}
