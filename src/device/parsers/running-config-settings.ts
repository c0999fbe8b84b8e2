// The few running-config lines a copy job depends on: who we are (`hostname`), how IOS names itself
// to RCP/FTP servers (`ip rcmd remote-username`, `ip ftp username/password`), TFTP block size, FTP
// passive mode, `file prompt` (quiet skips the confirmations), and the `boot system` list.
import { outputLines, refuseLongLines } from './output-lines';
import { ParseError } from './parse-error';

export interface BootSystemEntry {
  /** The line without `boot system`, e.g. `flash:c2960x.bin`, `tftp c2500.bin 10.1.1.1`, `switch all flash:packages.conf`. */
  raw: string;
  /** The image named, as IOS would open it (`flash:c2960x.bin`; old `flash c.bin` form → `flash:c.bin`). */
  image?: string;
  /** `tftp`/`ftp`/`rcp`/`mop` boot from a server, with its address when given. */
  server?: string;
  /** Cat9k stacks: `boot system switch all …` / `switch 1 …`. */
  switches?: string;
}

export interface RunningConfigSettings {
  hostname?: string;
  rcmdRemoteUsername?: string;
  ftpUsername?: string;
  /** `ip ftp password [0|7] <pw>`: type 7 is the reversible Cisco obfuscation, not the password. */
  ftpPassword?: { type: 0 | 7; value: string };
  /** `ip ftp passive` → true, `no ip ftp passive` → false, absent → undefined (IOS default: both). */
  ftpPassive?: boolean;
  tftpBlocksizeBytes?: number;
  /** `ip tcp window-size N`: the receive window IOS's TCP advertises. */
  tcpWindowSizeBytes?: number;
  ftpSourceInterface?: string;
  tftpSourceInterface?: string;
  /** `file prompt quiet|noisy|alert` (default alert when absent). */
  filePrompt?: 'quiet' | 'noisy' | 'alert';
  bootSystem: BootSystemEntry[];
}

const CMD = 'show running-config';

/**
 * Reads the settings above from `show running-config` (or a filtered `| include` of it). A full
 * config (with its `Current configuration :` header) must end with `end`, or it was cut short.
 */
export function parseRunningConfigSettings(text: string): RunningConfigSettings {
  const lines = outputLines(text, /^(sh(o(w)?)?\s+run(n(i(n(g(-config)?)?)?)?)?|more system:running-config)(\s.*)?$/i);
  refuseLongLines(CMD, lines);
  const out: RunningConfigSettings = { bootSystem: [] };
  const full = lines.some((l) => /^Current configuration : \d+ bytes$/.test(l.text));
  let ended = false;
  for (const l of lines) {
    const t = l.text;
    if (/^end$/.test(t)) ended = true;
    let m: RegExpExecArray | null;
    if ((m = /^hostname (\S+)$/.exec(t))) out.hostname = m[1]!;
    else if ((m = /^ip rcmd remote-username (\S+)$/.exec(t))) out.rcmdRemoteUsername = m[1]!;
    else if ((m = /^ip ftp username (\S+)$/.exec(t))) out.ftpUsername = m[1]!;
    else if (/^ip ftp password /.test(t)) {
      m = /^ip ftp password (?:([07]) )?(\S+)$/.exec(t);
      if (!m) throw new ParseError(CMD, 'malformed "ip ftp password"', t, l.n);
      out.ftpPassword = { type: m[1] === '7' ? 7 : 0, value: m[2]! };
    } else if (/^(no )?ip ftp passive$/.test(t)) out.ftpPassive = !t.startsWith('no ');
    else if (/^ip tftp blocksize /.test(t)) {
      m = /^ip tftp blocksize (\d+)$/.exec(t);
      // RFC 2348 allows 8–65464 octets; anything else is not a block size.
      if (!m || Number(m[1]) < 8 || Number(m[1]) > 65464) throw new ParseError(CMD, 'malformed "ip tftp blocksize"', t, l.n);
      out.tftpBlocksizeBytes = Number(m[1]);
    } else if ((m = /^ip tcp window-size (\d+)$/.exec(t))) out.tcpWindowSizeBytes = Number(m[1]);
    else if ((m = /^ip ftp source-interface (\S+)$/.exec(t))) out.ftpSourceInterface = m[1]!;
    else if ((m = /^ip tftp source-interface (\S+)$/.exec(t))) out.tftpSourceInterface = m[1]!;
    else if (/^file prompt/.test(t)) {
      m = /^file prompt(?: (quiet|noisy|alert))?$/.exec(t);
      if (!m) throw new ParseError(CMD, 'malformed "file prompt"', t, l.n);
      out.filePrompt = (m[1] ?? 'alert') as 'quiet' | 'noisy' | 'alert';
    } else if ((m = /^boot system (.+)$/.exec(t))) out.bootSystem.push(bootSystem(m[1]!.trim(), t, l.n));
  }
  if (full && !ended) {
    const last = lines[lines.length - 1]!;
    throw new ParseError(CMD, 'the configuration does not end with "end" (output truncated)', last.text, last.n);
  }
  return out;
}

function bootSystem(raw: string, line: string, n: number): BootSystemEntry {
  const e: BootSystemEntry = { raw };
  let rest = raw;
  const sw = /^switch (all|\d+(?:[,-]\d+)*) (.+)$/.exec(rest);
  if (sw) {
    e.switches = sw[1]!;
    rest = sw[2]!;
  }
  let m: RegExpExecArray | null;
  if ((m = /^(tftp|ftp|rcp|mop) (\S+)(?: (\S+))?$/.exec(rest))) {
    // `boot system tftp <file> <ip>` — the old server form.
    e.image = m[2]!;
    if (m[3]) e.server = m[3];
  } else if ((m = /^(flash|bootflash|slot\d|disk\d|usbflash\d) (\S+)$/.exec(rest))) {
    e.image = `${m[1]}:${m[2]}`;
  } else if ((m = /^(?:flash|bootflash)$/.exec(rest))) {
    // `boot system flash` alone: the first file in flash.
  } else if (/^\S+$/.test(rest) && rest.indexOf(':', 1) > 0) {
    // `fs:path` — one word with a colon after its first character (not /^(\S+:\S*)$/, which
    // backtracks over every colon of a long word).
    e.image = rest;
  } else if (/^rom$/.test(rest)) {
    // boot the ROM monitor image
  } else throw new ParseError(CMD, 'malformed "boot system"', line, n);
  return e;
}
