// `show version`: which box, which OS, which image it booted, and how much memory and flash it has.
// IOS and IOS-XE share one layout; NX-OS and ASA print their own (strategies chosen by a line only
// they print). Tolerant: `show version` is mostly prose (licences, export notices), so the parser
// looks for the lines it knows wherever they are, and notes each fact it could not find instead of
// refusing the output — a device booted into its boot image has no "System image file" line.
import { refuseNonOutput, type OutputLine, outputLines } from './output-lines';
import { ParseError } from './parse-error';
import { missing, type ParseNote } from './parse-note';
import { isAsaShowVersion, parseAsaShowVersion } from './show-version-asa';
import { isNxosShowVersion, parseNxosShowVersion } from './show-version-nxos';

export type OsFamily = 'ios' | 'ios-xe' | 'nx-os' | 'asa' | 'ios-xr';

/** One member row of a Catalyst stack's `Switch Ports Model SW Version SW Image [Mode]` table. */
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
  osFamily: OsFamily;
  hostname?: string;
  /**
   * The model as a person names it: `Model Number` on switches (`WS-C3750X-24S-E`), else the model on
   * the memory line (`ISR4331/K9`, `CISCO1941/K9`), NX-OS's chassis model (`C9396PX`), ASA's hardware.
   */
  platform?: string;
  /** The model exactly as on the memory line (`cisco WS-C3750X-24S (PowerPC405) processor …`). */
  chassis?: string;
  /** The IOS version (`15.2(7)E3`, for IOS-XE the IOS line's `16.9.3`; NX-OS `9.3(15)`). */
  version?: string;
  /** IOS-XE's own `Cisco IOS XE Software, Version 16.09.03` (matches image file names). */
  xeVersion?: string;
  /** `Cisco IOS XE Software, Version 17.03.03 - SMU-PATCHED`: software maintenance updates are active. */
  smuPatched?: boolean;
  /** Exactly as in `System image file is "…"` (`flash:c2600-i-mz.122-2.XA1`, `bootflash:///nxos.9.3.15.bin`). */
  imageFile?: string;
  /** NX-OS 5k/7k: the kickstart image that boots before `imageFile`. */
  kickstartImageFile?: string;
  /**
   * `install` (packages.conf) or `bundle` (a .bin): from the stack table's Mode column, C9800's
   * `Installation mode is …`, or the image file's name — in that order.
   */
  bootMode?: 'install' | 'bundle';
  /** `(C2960X-UNIVERSALK9-M)` on the IOS line: the feature set. */
  softwareImage?: string;
  configRegister?: string;
  nextConfigRegister?: string;
  uptime?: string;
  /** `ROM: …` as printed (`IOS-XE ROMMON`, `System Bootstrap, Version 12.2(17r)S4, RELEASE SOFTWARE (fc1)`). */
  rom?: string;
  /** `BOOTLDR: …` as printed. */
  bootLoader?: string;
  /** `Last reload reason: …` as printed. */
  lastReloadReason?: string;
  /** `System returned to ROM by …` as printed (`power-on`, `Reload Command at 06:59:07`). */
  returnedToRomBy?: string;
  /** Catalyst switches: `Last reset from …` (`power-on`, `PowerUp`). */
  lastResetFrom?: string;
  memory: { mainBytes?: number; ioBytes?: number; nvramBytes?: number };
  /** `Processor board ID …` (NX-OS `Processor Board ID`, ASA `Serial Number:`). */
  serial?: string;
  /** Switches: `System Serial Number : …` (the chassis serial; the board ID may be another's). */
  systemSerial?: string;
  /** Size of the flash holding the running image (or the first system flash printed). */
  flashBytes?: number;
  flashDevices: FlashDevice[];
  stack?: StackMember[];
  /** ASA in multi-context mode, inside a context (`Version 9.14(2)15 <context>`): no image line. */
  asaContext?: string;
  /** A boot/ROM image is running (`Running default software`, `(IGS-BOOT-R)`, `(boot)` prompt): not a full IOS. */
  bootImage?: boolean;
  notes: ParseNote[];
}

const CMD = 'show version';
const ECHO = /^sh(o(w)?)?\s+ver(s(i(o(n)?)?)?)?\b.*$/i;

/** Parses `show version` of IOS, IOS-XE, NX-OS or ASA. Throws ParseError only for output that is not show version. */
export function parseShowVersion(text: string): ShowVersion {
  const lines = outputLines(text, ECHO);
  refuseNonOutput(CMD, lines);
  if (lines.some((l) => isNxosShowVersion(l.text))) return parseNxosShowVersion(lines);
  if (lines.some((l) => isAsaShowVersion(l.text))) return parseAsaShowVersion(lines);
  const xr = lines.find((x) => /Cisco IOS XR Software/.test(x.text));
  // No IOS-XR capture to test against: refuse rather than guess.
  if (xr) throw new ParseError(CMD, 'the IOS-XR show version layout is not supported', xr.text, xr.n);
  return parseIosShowVersion(lines);
}

// `Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), Version 15.2(7)E3, RELEASE …`,
// `Cisco IOS Software [Fuji], ISR Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version 16.9.5, …`,
// `Cisco IOS Software, IOS-XE Software, … (CAT3K_CAA-UNIVERSALK9-M), Version 03.06.07E RELEASE …`,
// `IOS (tm) 2500 Software (C2500-JS-L), Version 12.2(29b), RELEASE SOFTWARE (fc1)`.
const IOS_LINE = /^(?:Cisco IOS Software|IOS \(tm\))[ ,[]/;
const VERSION_WORD = /\bVersion ([^\s,]+)/;
const FEATURE_SET = /\(([\w-]+)\)[^()]*$/;

/** One known line: test it, and if it matches, read it into the result. */
interface LineRule {
  re: RegExp;
  /** A line only show version prints: at least one must be there, or this is another command's output. */
  anchor?: boolean;
  read(m: RegExpExecArray, v: ShowVersion, at: number, lines: OutputLine[]): void;
}

const rules: LineRule[] = [
  {
    re: /^Cisco IOS[ -]XE Software, Version (\S+)( - SMU-PATCHED)?/,
    read(m, v) {
      if (v.xeVersion !== undefined) return;
      v.xeVersion = m[1]!;
      if (m[2]) v.smuPatched = true;
    },
  },
  {
    re: /^(\S+) uptime is (.+)$/,
    anchor: true,
    read(m, v, at, lines) {
      if (v.hostname !== undefined) return;
      v.hostname = m[1]!;
      let uptime = m[2]!.trim();
      // Old IOS wraps a long uptime at the terminal width: "… 7 hours, 56 " / "minutes".
      const next = lines[at + 1]?.text.trim();
      if (/\d$/.test(uptime) && next && /^(minutes?|hours?|days?|weeks?|years?)\b/.test(next)) uptime = `${uptime} ${next}`;
      v.uptime = uptime;
    },
  },
  { re: /^System image file is "([^"]*)"/i, anchor: true, read: (m, v) => void (v.imageFile ??= m[1]!) },
  { re: /^Model [Nn]umber\s*:\s*(\S+)/, read: (m, v) => void (v.platform ??= m[1]!) },
  { re: /^System [Ss]erial [Nn]umber\s*:\s*(\S+)/, read: (m, v) => void (v.systemSerial ??= m[1]!) },
  { re: /^(\d{1,20})K bytes of non-volatile configuration memory/, read: (m, v) => void (v.memory.nvramBytes ??= Number(m[1]) * 1024) },
  {
    re: /^Configuration register is (0x[0-9A-Fa-f]+)(?:\s+\(will be (0x[0-9A-Fa-f]+) at next reload\))?/i,
    read(m, v) {
      if (v.configRegister !== undefined) return;
      v.configRegister = m[1]!;
      if (m[2]) v.nextConfigRegister = m[2];
    },
  },
  { re: /^Processor board ID (\w+)/i, read: (m, v) => void (v.serial ??= m[1]!) },
  {
    // One real capture has the ROM and BOOTLDR lines run together: `ROM: IOS-XE ROMMONBOOTLDR: System Bootstrap, …`.
    re: /^ROM:(.*)$/,
    read(m, v) {
      if (v.rom !== undefined) return;
      const [rom, loader] = m[1]!.split('BOOTLDR:');
      if (rom!.trim()) v.rom = rom!.trim();
      if (loader?.trim()) v.bootLoader ??= loader.trim();
    },
  },
  { re: /^BOOTLDR:(.+)$/, read: (m, v) => void (v.bootLoader ??= m[1]!.trim()) },
  { re: /^Last reload reason: (.+)$/i, read: (m, v) => void (v.lastReloadReason ??= m[1]!.trim()) },
  { re: /^System returned to ROM by (.+)$/i, read: (m, v) => void (v.returnedToRomBy ??= m[1]!.trim()) },
  { re: /^Last reset from (.+)$/i, read: (m, v) => void (v.lastResetFrom ??= m[1]!.trim()) },
  { re: /^Installation mode is (INSTALL|BUNDLE)\b/i, read: (m, v) => void (v.bootMode ??= m[1]!.toUpperCase() === 'INSTALL' ? 'install' : 'bundle') },
  { re: /^Running default software$/, read: (_m, v) => void (v.bootImage = true) },
];

// `cisco WS-C2960X-48FPD-L (APM86XXX) processor (revision B0) with 524288K bytes of memory.`,
// `Cisco IOSv (revision 1.0) with  with 460033K/62464K bytes of memory.`,
// `cisco WS-C3650-48PD (MIPS) processor with 4194304K bytes of physical memory.`
// Bounded digit runs: the pattern is not anchored at the start, so an unbounded \d+ would rescan a long run of digits from every position.
const MEMORY_LINE = /\b(\d{1,12})K(?:\/(\d{1,12})K)? bytes of (?:physical )?memory\.?$/;
const VENDOR_MODEL = /^[Cc]isco(?: Systems,? Inc\.?)? (\S+)/;

export function parseIosShowVersion(lines: OutputLine[]): ShowVersion {
  const v: ShowVersion = { osFamily: 'ios', memory: {}, flashDevices: [], notes: [] };
  let iosLine: string | undefined;
  let anchors = 0;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.text.trim();
    if (t === '') continue;
    if (iosLine === undefined && IOS_LINE.test(t) && VERSION_WORD.test(t)) {
      iosLine = t;
      anchors++;
      continue;
    }
    if (/\bIOS[- ]XE\b/i.test(t)) v.osFamily = 'ios-xe';
    const mem = MEMORY_LINE.exec(t);
    if (mem && v.memory.mainBytes === undefined && !/non-volatile/.test(t) && VENDOR_MODEL.test(t)) {
      v.chassis = VENDOR_MODEL.exec(t)![1]!;
      v.memory.mainBytes = Number(mem[1]) * 1024;
      if (mem[2]) v.memory.ioBytes = Number(mem[2]) * 1024;
      anchors++;
      continue;
    }
    const flash = flashDevice(t);
    if (flash) {
      v.flashDevices.push(flash);
      continue;
    }
    for (const r of rules) {
      const m = r.re.exec(t);
      if (!m) continue;
      r.read(m, v, i, lines);
      if (r.anchor) anchors++;
      break;
    }
  }
  if (iosLine === undefined && anchors === 0) {
    throw new ParseError(CMD, 'none of the lines show version prints (Cisco IOS Software …, … uptime is …, System image file is …) is there: this is not the output of show version', lines[0]?.text ?? '', lines[0]?.n);
  }
  if (iosLine) {
    const ver = VERSION_WORD.exec(iosLine)!;
    v.version = ver[1]!;
    const feature = FEATURE_SET.exec(iosLine.slice(0, ver.index));
    if (feature) v.softwareImage = feature[1]!;
    if (/BOOT/.test(v.softwareImage ?? '')) v.bootImage = true;
  } else v.notes.push(missing('version', 'no "Cisco IOS Software …, Version …" line'));
  if (v.xeVersion) v.osFamily = 'ios-xe';
  if (v.platform === undefined && v.chassis !== undefined) v.platform = v.chassis;

  readStackTable(lines, v);
  const imageFile = v.imageFile;
  const imagePrefix = imageFile ? /^([\w-]+:)/.exec(imageFile)?.[1] : undefined;
  const flash =
    v.flashDevices.find((f) => f.prefix && f.prefix === imagePrefix) ??
    v.flashDevices.find((f) => !f.prefix && /System (Compact)?[Ff]lash/.test(f.label)) ??
    v.flashDevices.find((f) => f.prefix && /^(boot)?flash/.test(f.prefix));
  if (flash) v.flashBytes = flash.sizeBytes;

  if (v.bootMode === undefined) {
    const activeMode = (v.stack?.find((s) => s.active) ?? v.stack?.[0])?.mode;
    if (activeMode) v.bootMode = activeMode === 'INSTALL' ? 'install' : 'bundle';
    else if (imageFile && /packages\.conf$/.test(imageFile)) v.bootMode = 'install';
    else if (imageFile && /\.bin$/i.test(imageFile)) v.bootMode = 'bundle';
  }

  if (v.hostname === undefined) v.notes.push(missing('hostname', 'no "<hostname> uptime is …" line'));
  if (imageFile === undefined) v.notes.push(missing('image', v.bootImage ? 'no "System image file" line: the device runs its boot image (Running default software)' : 'no \'System image file is "…"\' line'));
  if (v.platform === undefined) v.notes.push(missing('platform', 'no "cisco <model> … bytes of memory" or "Model Number" line'));
  return v;
}

// `7057407K bytes of flash memory at bootflash:.`, `1638400K bytes of Crash Files at crashinfo:.`,
// `16384K bytes of processor board System flash (Read ONLY)`, `250880K bytes of ATA System CompactFlash 0 (Read/Write)`.
function flashDevice(t: string): FlashDevice | undefined {
  const at = /^(\d{1,20})K bytes of (.*) at ([\w-]+:)\.?$/.exec(t);
  if (at) return { prefix: at[3]!, label: at[2]!.trim(), sizeBytes: Number(at[1]) * 1024 };
  const m = /^(\d{1,20})K bytes of (.*)$/.exec(t);
  if (!m || /non-volatile|memory\.?$/.test(m[2]!) || !/[Ff]lash/.test(m[2]!)) return undefined;
  const label = m[2]!.trim();
  const rw = / ?\((Read ONLY|Read\/Write)\)$/.exec(label);
  const dev: FlashDevice = { label: rw ? label.slice(0, rw.index).trim() : label, sizeBytes: Number(m[1]) * 1024 };
  if (rw) dev.readOnly = rw[1] === 'Read ONLY';
  return dev;
}

// The stack table: `Switch Ports Model SW Version SW Image [Mode]` (classic IOS has no Mode column).
function readStackTable(lines: OutputLine[], v: ShowVersion): void {
  const tableAt = lines.findIndex((l) => /^Switch\s+Ports\s+Model\s+SW Version\s+SW Image\b/.test(l.text));
  if (tableAt < 0) return;
  const stack: StackMember[] = [];
  for (const l of lines.slice(tableAt + 1)) {
    const t = l.text.trim();
    if (t !== '' && /^[-\s]+$/.test(t)) continue;
    const m = /^(\*)?\s*(\d{1,20})\s+(\d{1,20})\s+(\S+)\s+(\S+)\s+(\S+)(?:\s+(INSTALL|BUNDLE))?$/.exec(l.text);
    if (!m) break;
    const member: StackMember = { switchNumber: Number(m[2]), active: m[1] === '*', ports: Number(m[3]), model: m[4]!, swVersion: m[5]!, swImage: m[6]! };
    if (m[7]) member.mode = m[7] as 'INSTALL' | 'BUNDLE';
    stack.push(member);
  }
  if (stack.length) v.stack = stack;
}
