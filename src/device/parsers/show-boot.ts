// `show boot` / `show bootvar`: what the box boots next. Three layouts: Catalyst `BOOT path-list :`
// (per stack member), Catalyst 9k `Current Boot Variables:` / `Boot Variables on next reload:` with
// `BOOT variable = …;`, and routers' `BOOT variable = image,12;` with CONFIG_FILE/BOOTLDR/`Standby` lines.
import { outputLines, rejectionLine } from './output-lines';
import { ParseError } from './parse-error';

export interface BootVariables {
  /** Entries in the order tried, the `,12` suffix of `show bootvar` stripped (`['bootflash:/x.bin']`). */
  bootVariable: string[];
  /** Cat9k: the value in effect now, when it differs in kind from next reload's. */
  currentBootVariable?: string[];
  configFile?: string;
  /** `BOOTLDR variable = …` (undefined for "does not exist" or empty). */
  bootLoader?: string;
  configRegister?: string;
  nextReloadConfigRegister?: string;
  manualBoot?: boolean;
}

export interface SwitchBoot extends BootVariables {
  /** Undefined for the first (local) block, which IOS prints without a `Switch N` header. */
  switchNumber?: number;
}

export interface BootInfo extends BootVariables {
  /** Dual-RP routers: the `Standby …` lines. */
  standby?: BootVariables;
  /** Stacks: one entry per member block (the top level repeats the first). */
  switches?: SwitchBoot[];
}

const CMD = 'show boot';

/** Splits `a,12;b,1;` / `flash:x.bin;flash:y.bin` into entries. */
export function splitBootVariable(value: string): string[] {
  return value
    .split(';')
    .map((e) => e.trim().replace(/,\d+$/, ''))
    .filter((e) => e !== '');
}

const KEY_VALUE = /^([A-Za-z][\w/ -]*?)\s*:\s*(.*)$/;

export function parseShowBoot(text: string): BootInfo {
  const lines = outputLines(text, /^sh(o(w)?)?\s+boot(var)?\s*$/i);
  const rej = rejectionLine(lines);
  if (rej) throw new ParseError(CMD, 'the device rejected the command', rej.text, rej.n);
  const blocks: { sw: SwitchBoot; seenBoot: boolean }[] = [];
  let cur = { sw: { bootVariable: [] } as SwitchBoot, seenBoot: false };
  blocks.push(cur);
  let standby: BootVariables | undefined;
  let phase: 'current' | 'next' | undefined;
  for (const l of lines) {
    const t = l.text.trim();
    if (t === '' || /^-+$/.test(t)) continue;
    const sw = /^Switch (\d+)$/.exec(t);
    if (sw) {
      if (cur.seenBoot || blocks.length > 1 || Object.keys(cur.sw).length > 1) {
        cur = { sw: { bootVariable: [] }, seenBoot: false };
        blocks.push(cur);
      }
      cur.sw.switchNumber = Number(sw[1]);
      phase = undefined;
      continue;
    }
    if (/^Current Boot Variables:$/.test(t)) {
      phase = 'current';
      continue;
    }
    if (/^Boot Variables on next reload:$/.test(t)) {
      phase = 'next';
      continue;
    }
    // `BOOT variable does not exist` (Cat9k, nothing set) is an empty list.
    let m = /^(Standby )?BOOT variable (?:=\s*(.*)|does not exist)$/.exec(t);
    if (m) {
      const entries = splitBootVariable(m[2] ?? '');
      if (m[1]) (standby ??= { bootVariable: [] }).bootVariable = entries;
      else if (phase === 'current') {
        cur.sw.currentBootVariable = entries;
        if (!cur.seenBoot) cur.sw.bootVariable = entries;
        cur.seenBoot = true;
      } else {
        cur.sw.bootVariable = entries;
        cur.seenBoot = true;
      }
      continue;
    }
    m = /^BOOT path-list\s*:\s*(.*)$/.exec(t);
    if (m) {
      cur.sw.bootVariable = splitBootVariable(m[1]!);
      cur.seenBoot = true;
      continue;
    }
    m = /^(Standby )?CONFIG_FILE variable (?:=\s*(.*)|does not exist)$/.exec(t);
    if (m) {
      const target = m[1] ? (standby ??= { bootVariable: [] }) : cur.sw;
      if (m[2]) target.configFile = m[2].trim();
      continue;
    }
    m = /^(Standby )?BOOTLDR variable (?:=\s*(.*)|does not exist)$/.exec(t);
    if (m) {
      const target = m[1] ? (standby ??= { bootVariable: [] }) : cur.sw;
      if (m[2]) target.bootLoader = m[2].trim();
      continue;
    }
    m = /^(Standby )?Configuration [Rr]egister is (0x[0-9A-Fa-f]+)(?:\s+\(will be (0x[0-9A-Fa-f]+) at next reload\))?$/.exec(t);
    if (m) {
      const target = m[1] ? (standby ??= { bootVariable: [] }) : cur.sw;
      target.configRegister = m[2]!;
      if (m[3]) target.nextReloadConfigRegister = m[3];
      continue;
    }
    if (/^Standby not ready to show bootvar$/.test(t)) continue;
    // Cat9k ROMMON variables that are unset: `ENABLE_BREAK variable does not exist`, `BOOTMODE …`.
    if (/^[A-Z][A-Z_]* variable does not exist$/.test(t)) continue;
    m = /^Manual Boot\s*[:=]\s*(yes|no)$/i.exec(t);
    if (m) {
      cur.sw.manualBoot = m[1]!.toLowerCase() === 'yes';
      continue;
    }
    m = /^Config file\s*:\s*(.*)$/.exec(t);
    if (m) {
      if (m[1]) cur.sw.configFile = m[1];
      continue;
    }
    // The other settings (Enable Break, HELPER path-list, Boot Mode = DEVICE, the NVRAM/Config file
    // buffer size block …) are `key : value`, `key = value` or their labels: nothing a job needs.
    if (KEY_VALUE.test(t) || /^[A-Za-z][\w/ -]*=\s*\S*$/.test(t) || /^(NVRAM\/Config file|Timeout for Config|Config Download)$/.test(t) || /^via DHCP:/.test(t)) continue;
    throw new ParseError(CMD, 'unexpected line', l.text, l.n);
  }
  const withBoot = blocks.filter((b) => b.seenBoot);
  if (withBoot.length === 0) throw new ParseError(CMD, 'no "BOOT variable" or "BOOT path-list" line (output truncated, or not show boot)', lines[0]?.text ?? '', lines[0]?.n);
  const first = blocks[0]!.seenBoot ? blocks[0]!.sw : withBoot[0]!.sw;
  const { switchNumber: _n, ...top } = first;
  const info: BootInfo = { ...top };
  if (standby) info.standby = standby;
  if (blocks.length > 1) info.switches = blocks.map((b) => b.sw);
  return info;
}
