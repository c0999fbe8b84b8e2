// The EXEC-mode command table: enable/disable/exit, terminal settings, the show commands, dir,
// write memory and configure. File operations live in file-commands.ts, copy in copy-command.ts.
import { spec, type CommandSpec } from './command-parser';
import { runCopy } from './copy-command';
import { runDelete, runErase, runSqueeze, runVerify } from './file-commands';
import { runInstall } from './install-commands';
import { runReload } from './reload-command';
import { dirRow, renderDir, renderRunningConfig, renderShowBoot, renderShowBootvar, renderShowFileSystems, renderShowFlash, renderShowVersion } from './render';
import { renderShowClock, renderShowIpInterfaceBrief } from './everyday-commands';
import { nvramFiles, nvramUsage } from './nvram';
import { renderShowInstallSummary } from './render-install';
import { renderShowInstallRollback } from './install-rollback';
import { renderShowInventory } from './render-inventory';
import { InvalidInput, type CommandEntry, type Shell } from './shell';
import { renderShowFlashAll } from './show-flash-all';

const user = (run: CommandEntry['run']): CommandEntry => ({ run, privilege: 1 });
const priv = (run: CommandEntry['run']): CommandEntry => ({ run, privilege: 15 });

async function show(shell: Shell, _line: string, render: () => string): Promise<void> {
  await shell.term.page(render());
}

/** A command this platform's IOS lacks: IOS marks the word it does not know. */
async function showIfPresent(shell: Shell, line: string, word: string, render: () => string | undefined): Promise<void> {
  const text = render();
  if (text === undefined) throw new InvalidInput(line.trim().split(/\s+/).find((w) => word.startsWith(w.toLowerCase()) && w.length > 1) ?? word);
  await shell.term.page(text);
}

async function enable(shell: Shell): Promise<void> {
  if (shell.privilege >= 15) return;
  const secret = shell.dev.profile.enableSecret;
  for (let attempt = 0; attempt < 3; attempt++) {
    shell.term.write('Password: ');
    const typed = await shell.term.readLine(true);
    if (typed === null) return;
    if (typed === secret) {
      shell.privilege = 15;
      return;
    }
  }
  shell.term.write('% Bad secrets\n\n');
}

function terminalNumber(value: string, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) > max) throw new InvalidInput(value);
  return Number(value);
}

function renderDirNvram(shell: Shell): string {
  const rows = nvramFiles(shell.dev).map((f) => dirRow('classic', f.index, f.permissions, f.sizeBytes, undefined, f.name));
  const { sizeBytes, freeBytes } = nvramUsage(shell.dev);
  return ['Directory of nvram:/', '', ...rows, '', `${sizeBytes} bytes total (${freeBytes} bytes free)`, ''].join('\n');
}

/** `dir all-filesystems`: every local file system's listing, one after another, nvram: last. */
function renderDirAll(shell: Shell): string {
  return [...shell.dev.fileSystems.map((fs) => renderDir(shell.dev, fs, fs.name)), renderDirNvram(shell)].join('\n');
}

async function dir(shell: Shell, args: string[]): Promise<void> {
  const target = args[0] ?? shell.dev.defaultFs.name;
  if (/^nvram:\/?$/i.test(target)) return shell.term.page(renderDirNvram(shell));
  if (target.toLowerCase() === 'all-filesystems') return shell.term.page(renderDirAll(shell));
  const r = shell.dev.resolve(target);
  if ('unknownPrefix' in r) throw new InvalidInput(target);
  if (r.name && !r.fs.get(r.name)?.isDirectory) {
    const f = r.fs.get(r.name);
    if (!f) {
      shell.term.write(`%Error opening ${r.prefix}/${r.name} (No such file or directory)\n`);
      return;
    }
  }
  await shell.term.page(renderDir(shell.dev, r.fs, r.prefix, r.fs.get(r.name)?.isDirectory ? r.name : ''));
}

async function showFs(shell: Shell, args: string[], line: string): Promise<void> {
  const word = args[0] ?? 'flash:';
  const fs = shell.dev.fileSystem(word.endsWith(':') ? word : `${word}:`);
  // `show flash` (no colon) works on IOS; other words must name a file system with its colon.
  if (!fs || (!word.endsWith(':') && word.toLowerCase() !== 'flash')) throw new InvalidInput(word);
  const prefix = (word.endsWith(':') ? word : `${word}:`).toLowerCase();
  await show(shell, line, () => renderShowFlash(shell.dev, fs, prefix));
}

/** `show flash all`: the Class B partition table and chips (Class C flash has no such view). */
async function showFlashAll(shell: Shell, line: string): Promise<void> {
  const fs = shell.dev.fileSystem('flash:') ?? shell.dev.defaultFs;
  if (!fs.classB) throw new InvalidInput('all');
  await show(shell, line, () => renderShowFlashAll(shell.dev, fs));
}

/** `more flh:logfile` (what the boot ROM image printed during the last Flash Load Helper copy) and text files. */
async function more(shell: Shell, word: string): Promise<void> {
  if (word.toLowerCase() === 'flh:logfile') {
    if (!shell.dev.profile.runFromFlash) throw new InvalidInput(word);
    if (shell.dev.flhLog === undefined) shell.term.write('%Error opening flh:logfile (No such file or directory)\n');
    else await shell.term.page(shell.dev.flhLog);
    return;
  }
  const r = shell.dev.resolve(word);
  if ('unknownPrefix' in r) throw new InvalidInput(word);
  const f = r.fs.get(r.name);
  if (!f || f.isDirectory) {
    shell.term.write(`%Error opening ${r.prefix}${r.name} (No such file or directory)\n`);
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of r.fs.read(r.name)) chunks.push(chunk as Buffer);
  await shell.term.page(Buffer.concat(chunks).toString('latin1'));
}

async function writeMemory(shell: Shell): Promise<void> {
  shell.term.write('Building configuration...\n');
  shell.dev.saveConfig();
  shell.term.write('[OK]\n');
}

async function configure(shell: Shell, args: string[]): Promise<void> {
  let how = args[0];
  if (how === undefined) {
    const answer = await shell.term.ask('Configuring from terminal, memory, or network [terminal]? ', 'terminal');
    if (answer === null) return;
    how = answer;
  }
  if (!'terminal'.startsWith(how.toLowerCase())) throw new InvalidInput(how);
  shell.term.write('Enter configuration commands, one per line.  End with CNTL/Z.\n');
  shell.mode = 'config';
}

export const execCommands: readonly CommandSpec<CommandEntry>[] = [
  spec('enable', user(enable)),
  spec('disable', user(async (s) => void (s.privilege = 1))),
  spec('exit', user(async (s) => void (s.loggedOut = true))),
  spec('logout', user(async (s) => void (s.loggedOut = true))),
  spec('quit', user(async (s) => void (s.loggedOut = true))),
  spec('terminal length WORD', user(async (s, [n]) => void (s.term.length = terminalNumber(n, 512)))),
  spec('terminal width WORD', user(async (s, [n]) => void (s.term.width = terminalNumber(n, 512)))),
  spec('terminal monitor', user(async () => undefined)),
  spec('show version', user((s, _a, l) => show(s, l, () => renderShowVersion(s.dev)))),
  spec('show clock', user((s, _a, l) => show(s, l, () => renderShowClock(s.dev)))),
  spec('show ip interface brief', user((s, _a, l) => show(s, l, () => renderShowIpInterfaceBrief(s.dev)))),
  spec('show inventory', user((s, _a, l) => showIfPresent(s, l, 'inventory', () => renderShowInventory(s.dev)))),
  spec('show install summary', priv((s, _a, l) => showIfPresent(s, l, 'install', () => renderShowInstallSummary(s.dev)))),
  spec('show install rollback', priv((s, _a, l) => showIfPresent(s, l, 'install', () => renderShowInstallRollback(s.dev)))),
  spec('show privilege', user(async (s) => s.term.write(`Current privilege level is ${s.privilege}\n`))),
  spec('show file systems', priv((s, _a, l) => show(s, l, () => renderShowFileSystems(s.dev)))),
  spec('show flash', priv((s, _a, l) => showFs(s, ['flash'], l))),
  spec('show flash all', priv((s, _a, l) => showFlashAll(s, l))),
  spec('more WORD', priv((s, [w]) => more(s, w))),
  spec('show boot', priv((s, _a, l) => show(s, l, () => renderShowBoot(s.dev)))),
  spec('show bootvar', priv((s, _a, l) => show(s, l, () => renderShowBootvar(s.dev)))),
  spec('show running-config', priv((s, _a, l) => show(s, l, () => renderRunningConfig(s.dev)))),
  spec('show startup-config', priv((s, _a, l) => show(s, l, () => renderRunningConfig(s.dev, 'Using').replace(/^Building configuration...\n\n/, '')))),
  spec('show WORD', priv((s, a, l) => showFs(s, a, l))),
  spec('dir [WORD]', priv((s, a) => dir(s, a))),
  spec('delete LINE', priv((s, a) => runDelete(s, a[0]))),
  spec('squeeze LINE', priv((s, a) => runSqueeze(s, a[0]))),
  spec('erase LINE', priv((s, a) => runErase(s, a[0]))),
  spec('verify LINE', priv((s, a) => runVerify(s, a[0]))),
  spec('copy LINE', priv((s, a) => runCopy(s, a[0]))),
  spec('write', priv((s) => writeMemory(s))),
  spec('write memory', priv((s) => writeMemory(s))),
  spec('write terminal', priv((s) => s.term.page(renderRunningConfig(s.dev)))),
  spec('configure [WORD]', priv((s, a) => configure(s, a))),
  spec('reload', priv((s) => runReload(s))),
  spec('install LINE', priv((s, _a, l) => runInstall(s, l))),
];
