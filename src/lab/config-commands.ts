// The global configuration mode table: what the copy dialogue depends on (`ip rcmd`, `ip ftp`,
// `ip tftp blocksize`, `file prompt`), `boot system`, `hostname`, and leaving the mode. `boot system`
// works as each platform has it: routers add an entry per line; Catalyst switches set the whole BOOT
// list from one command (`;` between images, `switch all|N` on stackable models).
import { spec, type CommandSpec } from './command-parser';
import { InvalidInput, type CommandEntry, type Shell } from './shell';

const cfg = (run: CommandEntry['run']): CommandEntry => ({ run, privilege: 15 });

/** `boot system flash x.bin`, `boot system flash:x.bin`, `boot system bootflash:/x.bin` → one entry. */
function bootEntry(shell: Shell, line: string): string {
  const words = line.trim().split(/\s+/);
  if (words.length === 2 && /^[a-z0-9-]+$/i.test(words[0]) && shell.dev.fileSystem(`${words[0]}:`)) return `${words[0].toLowerCase()}:${words[1]}`;
  if (words.length !== 1) throw new InvalidInput(words[words.length - 1]);
  const r = shell.dev.resolve(words[0]);
  if ('unknownPrefix' in r) throw new InvalidInput(words[0]);
  return words[0].includes(':') ? words[0] : `${shell.dev.defaultFs.name}${words[0]}`;
}

function setBoot(shell: Shell, entries: string[], switches?: string): void {
  shell.dev.running.bootSystem = entries;
  shell.dev.running.bootSwitches = entries.length ? switches : undefined;
  shell.dev.startupSaved = false;
  // Catalyst switches write the BOOT variable as soon as `boot system` is entered.
  if (!shell.dev.profile.bootVarOnSave) shell.dev.bootVariable = [...entries];
}

const isCatalyst = (shell: Shell) => shell.dev.profile.bootStyle !== 'router';

/** Catalyst: `[switch {all|N}] fs:/a.bin[;fs:/b.bin…]` replaces the whole list. */
function catalystBoot(shell: Shell, line: string): void {
  let rest = line.trim();
  let switches: string | undefined;
  // The words, then the rest from its first non-blank (`\s+(.*)$` trades blanks with `.*`).
  const sw = /^switch\s+(\S+)\s/i.exec(rest);
  if (sw) {
    const members = shell.dev.stackMembers();
    // The lab keeps one BOOT variable for the stack: `switch N` is accepted for an existing member.
    if (!(sw[1].toLowerCase() === 'all' || (/^\d+$/.test(sw[1]) && Number(sw[1]) >= 1 && Number(sw[1]) <= members))) throw new InvalidInput(sw[1]);
    switches = sw[1].toLowerCase();
    rest = rest.slice(sw[0].length).trimStart();
  }
  if (/\s/.test(rest)) throw new InvalidInput(rest.split(/\s+/)[1]);
  const entries = rest.split(';').filter(Boolean);
  if (entries.length === 0) throw new InvalidInput(rest || line);
  for (const e of entries) {
    // Switches take `filesystem:/file-url` only.
    if (!e.includes(':') || 'unknownPrefix' in shell.dev.resolve(e)) throw new InvalidInput(e);
  }
  setBoot(shell, entries, switches);
}

function changed(shell: Shell): void {
  shell.dev.startupSaved = false;
}

export const configCommands: readonly CommandSpec<CommandEntry>[] = [
  spec('end', cfg(async (s) => s.leaveConfig())),
  spec('exit', cfg(async (s) => s.leaveConfig())),
  spec('do LINE', cfg(async (s, [l]) => {
    s.mode = 'exec';
    try {
      await s.execute(l);
    } finally {
      if (!s.loggedOut) s.mode = 'config';
    }
  })),
  spec('hostname WORD', cfg(async (s, [h]) => {
    if (!/^[a-z][a-z0-9-]*$/i.test(h)) throw new InvalidInput(h);
    s.dev.running.hostname = h;
    changed(s);
  })),
  spec('ip rcmd remote-username WORD', cfg(async (s, [u]) => void ((s.dev.running.rcmdRemoteUsername = u), changed(s)))),
  spec('no ip rcmd remote-username [LINE]', cfg(async (s) => void ((s.dev.running.rcmdRemoteUsername = undefined), changed(s)))),
  spec('ip rcmd rcp-enable', cfg(async () => undefined)),
  spec('ip rcmd rsh-enable', cfg(async () => undefined)),
  spec('ip ftp username WORD', cfg(async (s, [u]) => void ((s.dev.running.ftpUsername = u), changed(s)))),
  spec('no ip ftp username [LINE]', cfg(async (s) => void ((s.dev.running.ftpUsername = undefined), changed(s)))),
  spec('ip ftp password LINE', cfg(async (s, [l]) => {
    const words = l.split(/\s+/);
    // `ip ftp password 0 secret` (clear text) or just `ip ftp password secret`.
    const pw = words.length === 2 && words[0] === '0' ? words[1] : words.length === 1 ? words[0] : undefined;
    if (pw === undefined) throw new InvalidInput(words[words.length - 1]);
    s.dev.running.ftpPassword = pw;
    changed(s);
  })),
  spec('no ip ftp password [LINE]', cfg(async (s) => void ((s.dev.running.ftpPassword = undefined), changed(s)))),
  spec('ip ftp passive', cfg(async (s) => void ((s.dev.running.ftpPassive = true), changed(s)))),
  spec('no ip ftp passive', cfg(async (s) => void ((s.dev.running.ftpPassive = false), changed(s)))),
  spec('ip tftp blocksize WORD', cfg(async (s, [n]) => {
    // IOS accepts 512–8192 (`<512-8192>  blocksize`).
    if (!/^\d+$/.test(n) || Number(n) < 512 || Number(n) > 8192) throw new InvalidInput(n);
    s.dev.running.tftpBlocksize = Number(n);
    changed(s);
  })),
  spec('no ip tftp blocksize [LINE]', cfg(async (s) => void ((s.dev.running.tftpBlocksize = undefined), changed(s)))),
  spec('file prompt [WORD]', cfg(async (s, [w]) => {
    const mode = (w ?? 'noisy').toLowerCase();
    if (!['quiet', 'noisy', 'alert'].some((k) => k.startsWith(mode))) throw new InvalidInput(w);
    s.dev.running.filePromptQuiet = 'quiet'.startsWith(mode);
    changed(s);
  })),
  spec('no file prompt [LINE]', cfg(async (s) => void ((s.dev.running.filePromptQuiet = false), changed(s)))),
  spec('boot system LINE', cfg(async (s, [l]) => {
    if (isCatalyst(s)) return catalystBoot(s, l);
    if (/^switch\b/i.test(l.trim())) throw new InvalidInput(l.trim().split(/\s+/)[0]);
    const entry = bootEntry(s, l);
    setBoot(s, [...s.dev.running.bootSystem.filter((e) => e !== entry), entry]);
  })),
  spec('no boot system [LINE]', cfg(async (s, [l]) => {
    // On a switch the BOOT list is one value: any `no boot system …` clears it.
    if (l === undefined || isCatalyst(s)) setBoot(s, []);
    else {
      const entry = bootEntry(s, l);
      setBoot(s, s.dev.running.bootSystem.filter((e) => e !== entry));
    }
  })),
  spec('config-register WORD', cfg(async (s, [v]) => {
    if (!/^0x[0-9a-f]{1,4}$/i.test(v)) throw new InvalidInput(v);
    s.dev.running.configRegister = v;
  })),
  spec('ip domain name WORD', cfg(async () => undefined)),
  spec('no ip domain lookup', cfg(async () => undefined)),
];
