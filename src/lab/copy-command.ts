// `copy SRC DST` in every direction IOS supports for images: tftp:/ftp:/rcp: to flash, flash to
// tftp:/ftp:/rcp:, flash to flash, and running-config to startup-config — with IOS's prompts,
// progress marks and errors. The bytes really move, through the lab's protocol clients.
import { Readable } from 'node:stream';
import { basename, parseEndpoint, urlText, type Endpoint } from './copy-endpoints';
import { eraseFileSystem } from './file-commands';
import { FlashFullError } from './flash';
import { flhNotice, startFlashLoadHelper } from './flash-load-helper';
import { copiedLine, download, openSource, upload, type NetTarget } from './net-transfer';
import { renderRunningConfig, renderShowFlash } from './render';
import { InvalidInput, type Shell } from './shell';

type NetEndpoint = Extract<Endpoint, { kind: 'net' }>;
type FlashEndpoint = Extract<Endpoint, { kind: 'flash' }>;

export async function runCopy(shell: Shell, line: string): Promise<void> {
  const words = line.trim().split(/\s+/).filter((w) => !/^\/(verify|noverify|erase)$/i.test(w));
  if (words.length < 2) {
    shell.term.write('% Incomplete command.\n\n');
    return;
  }
  if (words.length > 2) throw new InvalidInput(words[2]);
  const src = parseEndpoint(shell.dev, words[0]);
  if (!src) throw new InvalidInput(words[0]);
  const dst = parseEndpoint(shell.dev, words[1]);
  if (!dst) throw new InvalidInput(words[1]);
  if (src.kind === 'net' && dst.kind === 'flash') return copyIn(shell, src, dst);
  if (src.kind === 'flash' && dst.kind === 'net') return copyOut(shell, src, dst);
  if (src.kind === 'flash' && dst.kind === 'flash') return copyLocal(shell, src, dst);
  if (src.kind === 'config' && src.which === 'running' && dst.kind === 'config' && dst.which === 'startup') return saveConfig(shell);
  if (src.kind === 'config' && dst.kind === 'net') return copyOut(shell, src, dst);
  throw new InvalidInput(words[1]);
}

const quiet = (shell: Shell) => shell.dev.running.filePromptQuiet;

/** RCP user order (IOS Configuration Fundamentals): URL user, `ip rcmd remote-username`, the vty user, the hostname. */
function rcpUser(shell: Shell, fromUrl?: string): string {
  return fromUrl ?? shell.dev.running.rcmdRemoteUsername ?? shell.user.username ?? shell.dev.running.hostname;
}

/** Asks the network questions IOS asks for a bare `tftp:` (or confirms a URL's, on uploads). */
async function netTarget(shell: Shell, ep: NetEndpoint, direction: 'Source' | 'Destination', defaultPath: string): Promise<NetTarget | null> {
  let host = ep.host;
  let path = ep.path;
  let user = ep.protocol === 'rcp' ? rcpUser(shell, ep.user) : ep.user;
  const askAll = direction === 'Destination' || host === undefined;
  if (askAll) {
    host ??= shell.dev.lastCopy.host;
    const h = await shell.term.ask(`Address or name of remote host [${host ?? ''}]? `, host ?? '');
    if (h === null) return null;
    host = h;
  }
  if (!host) {
    shell.term.write('%Error parsing filename (Bad IP address or host name)\n');
    return null;
  }
  if (ep.protocol === 'rcp' && askAll) {
    const u = await shell.term.ask(`${direction} username [${user}]? `, user ?? '');
    if (u === null) return null;
    user = u;
  }
  if (askAll || path === undefined) {
    const d = path ?? (direction === 'Source' ? (shell.dev.lastCopy.file ?? defaultPath) : defaultPath);
    const p = await shell.term.ask(`${direction} filename [${d}]? `, d);
    if (p === null) return null;
    path = p;
  }
  if (!path) {
    shell.term.write('%Error parsing filename (Invalid argument)\n');
    return null;
  }
  shell.dev.lastCopy = { host, file: path };
  return { protocol: ep.protocol, host, ...(ep.port !== undefined ? { port: ep.port } : {}), path, user, password: ep.password };
}

/** IOS's `Destination filename [x]?` and, for an existing file, its overwrite question; undefined when declined. */
async function destinationName(shell: Shell, dst: FlashEndpoint, sourcePath: string): Promise<string | undefined> {
  let name = dst.name || basename(sourcePath);
  if (!quiet(shell)) {
    const answer = await shell.term.ask(`Destination filename [${name}]? `, name);
    if (answer === null) return undefined;
    name = answer.replace(/^[a-z0-9-]+:\/?/i, '');
  }
  if (dst.fs.get(name) && !quiet(shell)) {
    const over = await shell.term.confirm('%Warning:There is a file already existing with this name \nDo you want to over write? [confirm]');
    if (!over) return undefined;
  }
  return name;
}

async function copyIn(shell: Shell, src: NetEndpoint, dst: FlashEndpoint): Promise<void> {
  if (dst.fs.flags === 'ro') {
    if (shell.dev.profile.runFromFlash) return copyInThroughFlh(shell, src, dst);
    shell.term.write(`%Error opening ${dst.prefix}${dst.name} (Device is read-only)\n`);
    return;
  }
  const target = await netTarget(shell, src, 'Source', '');
  if (!target) return;
  const fs = dst.fs;
  const name = await destinationName(shell, dst, target.path);
  if (name === undefined) return;
  const url = urlText(target.protocol, target.host, target.path, target.protocol === 'rcp' ? target.user : undefined, target.port);
  shell.term.write(`Accessing ${url}...\n`);
  // Class B flash (IOS file-system classes) is erased as a whole before a copy, so IOS opens the
  // source first (3640 12.2 and CME captures: `Accessing` comes before the erase question): a
  // missing file or an unreachable server fails here, with nothing erased.
  if (fs.classB) {
    if (!(await openSource(shell, target, url))) return;
    const erase = await shell.term.confirm(`Erase ${dst.prefix} before copying? [confirm]`);
    if (erase === null) return;
    if (erase && !(await eraseFileSystem(shell, fs, dst.prefix))) return;
  }
  await download(shell, target, fs, name, url);
}

/**
 * A copy to the flash IOS runs from (Flash Load Helper). Cisco's order: the notice and `Proceed?`,
 * the flash directory, the copy options, the source opened (nothing happens if that fails), the erase
 * question; then IOS reloads into the boot ROM image, which does the copy (flash-load-helper.ts).
 */
async function copyInThroughFlh(shell: Shell, src: NetEndpoint, dst: FlashEndpoint): Promise<void> {
  if (src.protocol === 'ftp' || src.protocol === 'http') {
    // The boot ROM image has a TFTP and an rcp client only (no capture of IOS's wording: the lab's own).
    shell.term.write('%Error: the Flash Load Helper copies from tftp: or rcp: only\n');
    return;
  }
  shell.term.write(flhNotice(shell.dev.sessions.size > 1));
  if (!(await shell.term.confirm('Proceed? [confirm]'))) return;
  const fs = dst.fs;
  shell.term.write(renderShowFlash(shell.dev, fs, dst.prefix));
  const target = await netTarget(shell, src, 'Source', '');
  if (!target) return;
  const name = await destinationName(shell, dst, target.path);
  if (name === undefined) return;
  const url = urlText(target.protocol, target.host, target.path, target.protocol === 'rcp' ? target.user : undefined);
  shell.term.write(`Accessing ${url}...\n`);
  if (!(await openSource(shell, target, url))) return;
  const erase = await shell.term.confirm(`Erase ${dst.prefix} before copying? [confirm]`);
  if (erase === null) return;
  await startFlashLoadHelper(shell, { target, url, fs, prefix: dst.prefix, name, erase });
}

async function copyOut(shell: Shell, src: FlashEndpoint | Extract<Endpoint, { kind: 'config' }>, dst: NetEndpoint): Promise<void> {
  let input: () => Readable;
  let sizeBytes: number;
  let sourceName: string;
  if (src.kind === 'config') {
    const text = Buffer.from(renderRunningConfig(shell.dev).replace(/^Building configuration...\n\n/, ''));
    input = () => Readable.from([text]);
    sizeBytes = text.length;
    sourceName = `${shell.dev.running.hostname.toLowerCase()}-confg`;
  } else {
    let name = src.name;
    if (!name) {
      const answer = await shell.term.ask('Source filename []? ', '');
      if (answer === null) return;
      name = answer.replace(/^[a-z0-9-]+:\/?/i, '');
    }
    const f = src.fs.get(name);
    if (!f || f.isDirectory) {
      shell.term.write(`%Error opening ${src.prefix}${name} (No such file or directory)\n`);
      return;
    }
    const fs = src.fs;
    input = () => fs.read(name);
    sizeBytes = f.sizeBytes;
    sourceName = basename(name);
  }
  const target = await netTarget(shell, dst, 'Destination', dst.path ?? sourceName);
  if (!target) return;
  await upload(shell, target, input, sizeBytes);
}

async function copyLocal(shell: Shell, src: FlashEndpoint, dst: FlashEndpoint): Promise<void> {
  let srcName = src.name;
  if (!srcName) {
    const answer = await shell.term.ask('Source filename []? ', '');
    if (answer === null) return;
    srcName = answer.replace(/^[a-z0-9-]+:\/?/i, '');
  }
  let name = dst.name || basename(srcName);
  if (!quiet(shell)) {
    const answer = await shell.term.ask(`Destination filename [${name}]? `, name);
    if (answer === null) return;
    name = answer.replace(/^[a-z0-9-]+:\/?/i, '');
  }
  const f = src.fs.get(srcName);
  if (!f || f.isDirectory) {
    shell.term.write(`%Error opening ${src.prefix}${srcName} (No such file or directory)\n`);
    return;
  }
  if (dst.fs.flags === 'ro') {
    shell.term.write(`%Error opening ${dst.prefix}${name} (Device is read-only)\n`);
    return;
  }
  if (dst.fs.get(name) && !quiet(shell)) {
    const over = await shell.term.confirm('%Warning:There is a file already existing with this name \nDo you want to over write? [confirm]');
    if (!over) return;
  }
  const writer = dst.fs.createWriter(name, shell.dev.faults.outOfSpace ? 0 : undefined);
  const started = performance.now();
  shell.term.write('Copy in progress...');
  let marks = 0;
  const markBytes = 4 * 1024 * 1024;
  try {
    for await (const chunk of src.fs.read(srcName)) {
      if (shell.term.isClosed) throw new Error('session closed');
      await new Promise<void>((resolve, reject) => writer.stream.write(chunk as Buffer, (err) => (err ? reject(err) : resolve())));
      const due = Math.floor(writer.bytes() / markBytes);
      if (due > marks) {
        shell.term.write('C'.repeat(due - marks));
        marks = due;
      }
    }
    await new Promise<void>((resolve, reject) => writer.stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
  } catch (err) {
    writer.abort();
    const cause = err instanceof FlashFullError ? err.iosCause : 'I/O error';
    shell.term.write(`\n%Error copying ${src.prefix}${srcName} (${cause})\n`);
    return;
  }
  if (marks === 0) shell.term.write('C');
  writer.commit();
  shell.term.write(`\n${copiedLine(f.sizeBytes, performance.now() - started)}\n`);
}

async function saveConfig(shell: Shell): Promise<void> {
  if (!quiet(shell)) {
    const answer = await shell.term.ask('Destination filename [startup-config]? ', 'startup-config');
    if (answer === null) return;
  }
  shell.term.write('Building configuration...\n');
  shell.dev.saveConfig();
  shell.term.write('[OK]\n');
}

