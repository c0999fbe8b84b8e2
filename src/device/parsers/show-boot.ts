// `show boot` / `show bootvar` / `show boot system`: what the box boots next. Layouts: Catalyst
// `BOOT path-list :` (per stack member), Catalyst 9000 `Current Boot Variables:` / `Boot Variables on
// next reload:` with `BOOT variable = …;` (or, on other trains, ROMMON-style `NAME variable = …` /
// `NAME variable does not exist` lines), routers' `BOOT variable = image,12;` with CONFIG_FILE /
// BOOTLDR / `Standby …` lines, and NX-OS `sup-1`/`sup-2` blocks of `NXOS|kickstart|system variable`.
// Tolerant: known lines in any order, spacing or capitalisation; unknown lines become notes.
import { outputLines, refuseNonOutput } from './output-lines';
import { ParseError } from './parse-error';
import { missing, type ParseNote, unparsed } from './parse-note';

export interface BootVariables {
  /**
   * Entries in the order tried, the `,12` suffix of `show bootvar` stripped (`['bootflash:/x.bin']`);
   * [] for an empty BOOT variable (the box boots the first image it finds); absent when not printed.
   */
  bootVariable?: string[];
  /** Cat9k: the value in effect now (`Current Boot Variables:`), when printed. */
  currentBootVariable?: string[];
  configFile?: string;
  /** `BOOTLDR variable = …` (absent for "does not exist" or empty). */
  bootLoader?: string;
  configRegister?: string;
  nextReloadConfigRegister?: string;
  manualBoot?: boolean;
  enableBreak?: boolean;
  /** Cat9k `Boot Mode = DEVICE`. */
  bootMode?: string;
  /** NX-OS 5k/6k/7k: the kickstart image that boots before the system image. */
  kickstart?: string[];
}

export interface SwitchBoot extends BootVariables {
  /** Undefined for the first (local) block, which IOS prints without a `Switch N` header. */
  switchNumber?: number;
}

export interface SupervisorBoot extends BootVariables {
  /** `sup-1`, `sup-2`. */
  name: string;
}

export interface BootInfo extends BootVariables {
  /** Dual-RP routers: the `Standby …` lines. */
  standby?: BootVariables;
  /** `Standby not ready to show bootvar`: a standby RP is there but could not answer. */
  standbyNotReady?: boolean;
  /** Stacks: one entry per member block (the top level repeats the first). */
  switches?: SwitchBoot[];
  /** NX-OS: next-reload boot variables per supervisor (the top level repeats sup-1's). */
  supervisors?: SupervisorBoot[];
  notes: ParseNote[];
}

const CMD = 'show boot';

/** Splits `a,12;b,1;` / `flash:x.bin;flash:y.bin` into entries. */
export function splitBootVariable(value: string): string[] {
  return value
    .split(';')
    .map((e) => e.trim().replace(/,\d+$/, ''))
    .filter((e) => e !== '');
}

const yesNo = (v: string): boolean | undefined => (/^(yes|true|enabled?)$/i.test(v.trim()) ? true : /^(no|false|disabled?)$/i.test(v.trim()) ? false : undefined);

interface Block {
  vars: BootVariables;
  /** Whether a BOOT/path-list/system line was read in this block. */
  seenBoot: boolean;
  switchNumber?: number;
  supervisor?: string;
}

export function parseShowBoot(text: string): BootInfo {
  const lines = outputLines(text, /^sh(o(w)?)?\s+boot(var|\s+sys\w*)?\s*$/i);
  refuseNonOutput(CMD, lines);
  const notes: ParseNote[] = [];
  const blocks: Block[] = [{ vars: {}, seenBoot: false }];
  let cur = blocks[0]!;
  let standby: BootVariables | undefined;
  let standbyNotReady = false;
  let phase: 'current' | 'next' | undefined;
  let known = 0;
  const open = (b: Omit<Block, 'vars' | 'seenBoot'>) => {
    // The first block may be the local member's, printed before any header: reuse it while empty.
    if (blocks.length === 1 && !cur.seenBoot && Object.keys(cur.vars).length === 0 && cur.switchNumber === undefined && cur.supervisor === undefined) Object.assign(cur, b);
    else {
      cur = { vars: {}, seenBoot: false, ...b };
      blocks.push(cur);
    }
  };
  for (const l of lines) {
    const t = l.text.trim();
    if (t === '' || /^-+$/.test(t)) continue;
    const r = readLine(t);
    if (!r) {
      notes.push(unparsed(l));
      continue;
    }
    known++;
    switch (r.kind) {
      case 'switch':
        open({ switchNumber: r.n });
        phase = undefined;
        break;
      case 'supervisor': {
        // NX-OS prints the supervisors twice (current, then next reload): one block each, where the
        // next-reload lines overwrite bootVariable and the current ones stay in currentBootVariable.
        const again = blocks.find((b) => b.supervisor === r.name);
        if (again) cur = again;
        else open({ supervisor: r.name });
        break;
      }
      case 'phase':
        phase = r.phase;
        break;
      case 'standby-not-ready':
        standbyNotReady = true;
        break;
      case 'var': {
        const target = r.standby ? (standby ??= {}) : cur.vars;
        if (r.set(target, phase)) cur.seenBoot ||= !r.standby;
        break;
      }
      case 'ignored':
        break;
    }
  }
  if (known === 0) {
    const first = lines.find((l) => l.text.trim() !== '')!;
    throw new ParseError(CMD, 'none of the lines show boot / show bootvar prints is there: this is not the output of show boot', first.text, first.n);
  }
  const withBoot = blocks.filter((b) => b.seenBoot);
  const first = blocks[0]!.seenBoot ? blocks[0]! : (withBoot[0] ?? blocks[0]!);
  const info: BootInfo = { ...first.vars, notes };
  if (standby) info.standby = standby;
  if (standbyNotReady) info.standbyNotReady = true;
  if (blocks.length > 1 && blocks.some((b) => b.switchNumber !== undefined)) info.switches = blocks.map((b) => ({ ...b.vars, ...(b.switchNumber !== undefined ? { switchNumber: b.switchNumber } : {}) }));
  if (blocks.some((b) => b.supervisor !== undefined)) info.supervisors = blocks.filter((b) => b.supervisor !== undefined).map((b) => ({ name: b.supervisor!, ...b.vars }));
  if (info.bootVariable === undefined) notes.push(missing('boot variable', 'no "BOOT variable", "BOOT path-list" or NX-OS "system/NXOS variable" line'));
  return info;
}

type LineReading =
  | { kind: 'switch'; n: number }
  | { kind: 'supervisor'; name: string }
  | { kind: 'phase'; phase: 'current' | 'next' }
  | { kind: 'standby-not-ready' }
  /** `set` stores the value and says whether it was a boot-image line. */
  | { kind: 'var'; standby: boolean; set: (v: BootVariables, phase: 'current' | 'next' | undefined) => boolean }
  | { kind: 'ignored' };

const ignored: LineReading = { kind: 'ignored' };

function readLine(t: string): LineReading | undefined {
  // A stack has at most 16 members (StackWise Virtual 2): a longer number is not a member header.
  let m = /^Switch (\d{1,3})$/i.exec(t);
  if (m) return { kind: 'switch', n: Number(m[1]) };
  m = /^(sup-\d+)$/i.exec(t);
  if (m) return { kind: 'supervisor', name: m[1]!.toLowerCase() };
  if (/^Current Boot Variables:$/i.test(t)) return { kind: 'phase', phase: 'current' };
  if (/^Boot Variables on next reload:$/i.test(t)) return { kind: 'phase', phase: 'next' };
  if (/^Standby not ready to show bootvar$/i.test(t)) return { kind: 'standby-not-ready' };
  if (/^(Boot POAP (Disabled|Enabled)|No module boot variable set)$/i.test(t)) return ignored;

  // `Configuration register is 0x2102`, `Configuration Register is 0x102`, `… is 0x2142  (will be 0x2102 at next reload)`.
  m = /^(Standby )?Configuration register is (0x[0-9A-Fa-f]+)(?:\s+\(will be (0x[0-9A-Fa-f]+) at next reload\))?$/i.exec(t);
  if (m) {
    const [, sb, reg, next] = m;
    return {
      kind: 'var',
      standby: Boolean(sb),
      set: (v) => {
        v.configRegister = reg!;
        if (next) v.nextReloadConfigRegister = next;
        return false;
      },
    };
  }
  // ROMMON-style variables: `BOOT variable = a,12;b,1;`, `MANUAL_BOOT variable = yes`,
  // `ENABLE_BREAK variable does not exist`, `NXOS variable = bootflash:/nxos.bin`, `Standby CONFIG_FILE variable = `.
  m = /^(Standby )?([A-Za-z][\w-]*) variable (?:=(.*)|does not exist)$/i.exec(t);
  if (m) {
    const sb = Boolean(m[1]);
    const name = m[2]!.toUpperCase();
    const value = m[3]?.trim();
    return { kind: 'var', standby: sb, set: (v, phase) => setVariable(v, name, value, phase) };
  }
  // Catalyst `key : value` lines (`BOOT path-list      : flash:/x.bin`, `Manual Boot         : no`) and
  // Cat9k `key = value`. Split at the first separator rather than with a regex: a lazy key followed by
  // optional blanks backtracks quadratically over a long line of blanks.
  const sep = t.search(/[:=]/);
  if (sep > 0) {
    const key = t.slice(0, sep).trim().toLowerCase().replace(/\s+/g, ' ');
    if (SETTINGS.has(key)) {
      const value = t.slice(sep + 1).trim();
      return { kind: 'var', standby: false, set: (v) => setSetting(v, key, value) };
    }
  }
  // The labels of the Catalyst NVRAM/timeout/DHCP block, whose values follow on the next line.
  if (/^(NVRAM\/Config file|Timeout for Config|Config Download)$/i.test(t)) return ignored;
  return undefined;
}

// The Catalyst and Cat9k settings IOS prints as `key : value` / `key = value` (lower-cased, one space).
const SETTINGS = new Set([
  'boot path-list', 'config file', 'private config file', 'enable break', 'manual boot', 'allow dev key', 'helper path-list',
  'auto upgrade', 'auto upgrade path', 'boot optimization', 'buffer size', 'download', 'via dhcp', 'boot mode', 'ipxe timeout',
  'ios-xe boot optimization', 'nvram/config file buffer size', 'config download via dhcp', 'timeout for config download',
]);

function setVariable(v: BootVariables, name: string, value: string | undefined, phase: 'current' | 'next' | undefined): boolean {
  switch (name) {
    case 'BOOT':
    case 'NXOS':
    case 'SYSTEM': {
      const entries = splitBootVariable(value ?? '');
      if (phase === 'current') {
        v.currentBootVariable = entries;
        // Until "on next reload" is printed, the current value is the best we know.
        v.bootVariable ??= entries;
      } else v.bootVariable = entries;
      return true;
    }
    case 'KICKSTART':
      v.kickstart = splitBootVariable(value ?? '');
      return false;
    case 'CONFIG_FILE':
      if (value) v.configFile = value;
      return false;
    case 'BOOTLDR':
      if (value) v.bootLoader = value;
      return false;
    case 'MANUAL_BOOT': {
      const b = yesNo(value ?? '');
      if (b !== undefined) v.manualBoot = b;
      return false;
    }
    case 'ENABLE_BREAK': {
      const b = yesNo(value ?? '');
      if (b !== undefined) v.enableBreak = b;
      return false;
    }
    case 'BOOTMODE':
      if (value) v.bootMode = value;
      return false;
    default:
      // BAUD, IPXE_TIMEOUT, … : nothing a job needs.
      return false;
  }
}

// The Catalyst `key : value` settings that are ROMMON variables under another name.
const SETTING_VARIABLES: Record<string, string> = { 'config file': 'CONFIG_FILE', 'manual boot': 'MANUAL_BOOT', 'enable break': 'ENABLE_BREAK', 'boot mode': 'BOOTMODE' };

function setSetting(v: BootVariables, key: string, value: string): boolean {
  if (key === 'boot path-list') {
    v.bootVariable = splitBootVariable(value);
    return true;
  }
  const variable = SETTING_VARIABLES[key];
  // Private Config file, HELPER path-list, Auto upgrade, Boot optimization, buffer size, iPXE Timeout …: nothing a job needs.
  return variable ? setVariable(v, variable, value, undefined) : false;
}
