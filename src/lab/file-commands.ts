// File operations on the simulated flash: delete (with `/force`), squeeze and erase (Class B), and
// verify (`/md5` computes the real MD5 of the simulated bytes).
import { createHash } from 'node:crypto';
import type { DeviceState } from './device-state';
import type { SimFileSystem } from './flash';
import { InvalidInput, type Shell } from './shell';

function splitFlags(line: string): { flags: string[]; rest: string[] } {
  const words = line.trim().split(/\s+/).filter(Boolean);
  return { flags: words.filter((w) => w.startsWith('/')).map((w) => w.toLowerCase()), rest: words.filter((w) => !w.startsWith('/')) };
}

function fileSpec(dev: DeviceState, word: string): { fs: SimFileSystem; name: string; prefix: string } {
  const r = dev.resolve(word);
  if ('unknownPrefix' in r) throw new InvalidInput(word);
  return r;
}

export async function runDelete(shell: Shell, line: string): Promise<void> {
  const { flags, rest } = splitFlags(line);
  for (const f of flags) if (f !== '/force' && f !== '/recursive') throw new InvalidInput(f);
  if (rest.length !== 1) {
    if (rest.length === 0) shell.term.write('% Incomplete command.\n\n');
    else throw new InvalidInput(rest[1]);
    return;
  }
  const target = fileSpec(shell.dev, rest[0]);
  const quiet = flags.includes('/force') || shell.dev.running.filePromptQuiet;
  let name = target.name;
  if (!quiet) {
    const answer = await shell.term.ask(`Delete filename [${name}]? `, name);
    if (answer === null) return;
    name = answer.replace(/^[a-z0-9-]+:\/?/i, '');
    const ok = await shell.term.confirm(`Delete ${target.prefix}/${name}? [confirm]`);
    if (!ok) return;
  }
  const f = target.fs.get(name);
  if (!f || (f.isDirectory && !flags.includes('/recursive'))) {
    shell.term.write(`%Error deleting ${target.prefix}/${name} (${f ? 'Is a directory' : 'No such file or directory'})\n`);
    return;
  }
  // Marking a Class B file deleted writes to flash, which IOS cannot do to the flash it runs from.
  if (readOnly(shell, target.fs, 'deleting', `${target.prefix}/${name}`)) return;
  target.fs.delete(name);
}

/**
 * Run-from-flash: writing the flash IOS runs from fails as the 2500/1600 print it (Cisco: "cannot
 * erase or copy to flash"): `%dev_open: System flash not writable` and the cause in parentheses.
 */
function readOnly(shell: Shell, fs: SimFileSystem, verb: string, what: string): boolean {
  if (fs.flags !== 'ro') return false;
  shell.term.write(`%dev_open: System flash not writable\n%Error ${verb} ${what} (Device is read-only)\n`);
  return true;
}

export async function runSqueeze(shell: Shell, line: string): Promise<void> {
  const { rest } = splitFlags(line);
  const target = fileSpec(shell.dev, rest[0] ?? shell.dev.defaultFs.name);
  if (!target.fs.classB) throw new InvalidInput(rest[0] ?? 'squeeze');
  if (!shell.dev.running.filePromptQuiet) {
    if (!(await shell.term.confirm('All deleted files will be removed. Continue? [confirm]'))) return;
    if (!(await shell.term.confirm('Squeeze operation may take a while. Continue? [confirm]'))) return;
  }
  if (readOnly(shell, target.fs, 'squeezing', target.prefix)) return;
  target.fs.squeeze();
  shell.term.write(`Squeeze of ${target.prefix} complete\n`);
}

/** Erases a whole partition: Class B only (`eeee`); Class C file systems use `format`. */
export async function eraseFileSystem(shell: Shell, fs: SimFileSystem, prefix: string): Promise<boolean> {
  const ok = await shell.term.confirm('Erasing the flash filesystem will remove all files! Continue? [confirm]');
  if (!ok) return false;
  if (readOnly(shell, fs, 'erasing', prefix)) return false;
  shell.term.write('Erasing device... ');
  const marks = Math.max(1, Math.round(fs.sizeBytes / (256 * 1024)));
  shell.term.write(`${'e'.repeat(marks)} ...erased\n`);
  fs.erase();
  shell.term.write(`Erase of ${prefix} complete\n`);
  return true;
}

export async function runErase(shell: Shell, line: string): Promise<void> {
  const { rest } = splitFlags(line);
  if (rest.length === 0) {
    shell.term.write('% Incomplete command.\n\n');
    return;
  }
  const target = fileSpec(shell.dev, rest[0]);
  if (!target.fs.classB || target.name) throw new InvalidInput(rest[0]);
  await eraseFileSystem(shell, target.fs, target.prefix);
}

export async function runVerify(shell: Shell, line: string): Promise<void> {
  const { flags, rest } = splitFlags(line);
  const md5 = flags.includes('/md5');
  for (const f of flags) if (f !== '/md5' || !shell.dev.profile.hasVerifyMd5) throw new InvalidInput(f);
  if (rest.length === 0 || rest.length > (md5 ? 2 : 1)) {
    if (rest.length === 0) shell.term.write('% Incomplete command.\n\n');
    else throw new InvalidInput(rest[rest.length - 1]);
    return;
  }
  const target = fileSpec(shell.dev, rest[0]);
  const shown = `${target.prefix}${target.name}`;
  const f = target.fs.get(target.name);
  if (!f || f.isDirectory) {
    shell.term.write(`%Error opening ${shown} (No such file or directory)\n`);
    return;
  }
  if (!md5) {
    shell.term.write(`Verifying file integrity of ${shown}...\nVerified ${shown}\n`);
    return;
  }
  // A dot per 2 MiB hashed, as the long dotted line IOS prints while it reads the file.
  const hash = createHash('md5');
  let sinceDot = 0;
  let wroteDot = false;
  for await (const chunk of target.fs.read(target.name)) {
    hash.update(chunk as Buffer);
    sinceDot += (chunk as Buffer).length;
    if (sinceDot >= 2 * 1024 * 1024) {
      shell.term.write('.');
      wroteDot = true;
      sinceDot = 0;
    }
    if (shell.term.isClosed) return;
  }
  if (!wroteDot) shell.term.write('.');
  const digest = hash.digest('hex');
  shell.term.write('Done!\n');
  const expected = rest[1]?.toLowerCase();
  if (expected === undefined) shell.term.write(`verify /md5 (${shown}) = ${digest}\n\n`);
  else if (expected === digest) shell.term.write(`Verified (${shown}) = ${digest}\n\n`);
  else shell.term.write(`%Error verifying ${shown}\nComputed signature = ${digest}\nSubmitted signature = ${expected}\n\n`);
}
