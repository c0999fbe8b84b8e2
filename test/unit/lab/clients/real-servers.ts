// Starts the real Debian servers the lab's clients are tested against — tftpd-hpa's in.tftpd,
// vsftpd, and rsh-redone's in.rshd (behind a tiny per-connection spawner, as inetd would run it) —
// on free loopback ports, each stopped and removed by t.after.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import dgram from 'node:dgram';
import { chmodSync, chownSync, createReadStream, mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { tempDir } from '../../../helpers/temp-dir';

export const loopback = '127.0.0.1';

/** A TCP port that was free a moment ago (bound and released by the OS). */
export async function freeTcpPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, loopback, resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, loopback, resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(resolve));
  return port;
}

function stopOnExit(t: TestContext, child: ChildProcess): void {
  t.after(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
  });
}

async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what} did not come up within ${timeoutMs} ms`);
}

/** Any reply to an RRQ means in.tftpd is listening. */
function tftpAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.close();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 200);
    socket.on('message', () => done(true));
    socket.on('error', () => done(false));
    socket.send(Buffer.from('\0\x01probe\0octet\0', 'latin1'), port, loopback);
  });
}

function tcpAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, loopback);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface RunningServer {
  port: number;
  /** The folder the server serves (TFTP root, anonymous FTP root, the rsh user's home). */
  dir: string;
}

/**
 * in.tftpd in the foreground, chrooted (--secure) to a fresh folder. By default it creates uploads
 * and runs as root without its permission checks (simple ownership in a temp folder). `asDistributed`
 * runs it as Debian does instead: as root it drops to the 'tftp' user, so the folder (and what it
 * serves) must be world-readable, and world-writable with `--create` when `uploads` is set.
 */
export async function startTftpd(t: TestContext, tftpd: string, opts: { extraArgs?: string[]; asDistributed?: { uploads: boolean } } = {}): Promise<RunningServer> {
  const dir = tempDir(t, 'iim-tftpd-');
  const distributed = opts.asDistributed;
  chmodSync(dir, !distributed || distributed.uploads ? 0o777 : 0o755);
  const port = await freeUdpPort();
  const mode = distributed ? (distributed.uploads ? ['--create'] : []) : ['--create', '--user', 'root', '--permissive'];
  const child = spawn(tftpd, ['--foreground', '--address', `${loopback}:${port}`, '--secure', ...mode, ...(opts.extraArgs ?? []), dir], { stdio: 'ignore' });
  stopOnExit(t, child);
  await until('in.tftpd', () => tftpAnswers(port));
  return { port, dir };
}

/** vsftpd, anonymous only, chrooted to `dir` with a writable `dir/pub` for uploads, passive on loopback. */
export async function startVsftpd(t: TestContext, vsftpd: string): Promise<RunningServer> {
  const base = tempDir(t, 'iim-vsftpd-');
  const dir = path.join(base, 'root');
  mkdirSync(path.join(dir, 'pub'), { recursive: true });
  // vsftpd refuses an anonymous root the ftp user can write, and needs the uploads folder writable.
  chmodSync(base, 0o755);
  chmodSync(dir, 0o755);
  const ftpUser = spawnSync('id', ['-u', 'ftp'], { encoding: 'utf8' });
  if (ftpUser.status === 0) chownSync(path.join(dir, 'pub'), Number(ftpUser.stdout.trim()), 0);
  else chmodSync(path.join(dir, 'pub'), 0o777);
  const port = await freeTcpPort();
  const pasvMin = await freeTcpPort();
  const config = path.join(base, 'vsftpd.conf');
  const emptyDir = path.join(base, 'empty');
  mkdirSync(emptyDir, { mode: 0o755 });
  writeFileSync(
    config,
    [
      'listen=YES',
      'listen_ipv6=NO',
      `listen_address=${loopback}`,
      `listen_port=${port}`,
      'background=NO',
      'seccomp_sandbox=NO',
      'anonymous_enable=YES',
      'local_enable=NO',
      'write_enable=YES',
      'anon_upload_enable=YES',
      'anon_umask=022',
      'no_anon_password=YES',
      `anon_root=${dir}`,
      'pasv_enable=YES',
      `pasv_min_port=${pasvMin}`,
      `pasv_max_port=${Math.min(pasvMin + 20, 65535)}`,
      `pasv_address=${loopback}`,
      'xferlog_enable=NO',
      `vsftpd_log_file=${path.join(base, 'vsftpd.log')}`,
      `secure_chroot_dir=${emptyDir}`,
      'connect_from_port_20=NO',
      '',
    ].join('\n'),
  );
  const child = spawn(vsftpd, [config], { stdio: 'ignore' });
  stopOnExit(t, child);
  await until('vsftpd', () => tcpAnswers(port));
  return { port, dir };
}

/** sha256 of a file, streamed (the test files are larger than we want to hold twice). */
export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A file of `sizeBytes` pseudo-random bytes (deterministic per seed), written in 1 MiB pieces. */
export function writeTestFile(file: string, sizeBytes: number, seed = 1): void {
  const piece = Buffer.alloc(1 << 20);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < piece.length; i += 4) {
    // xorshift32: cheap and not a repeating pattern that could hide an off-by-one block.
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    piece.writeUInt32LE(x >>> 0, i);
  }
  writeFileSync(file, Buffer.alloc(0));
  let written = 0;
  const parts: Buffer[] = [];
  while (written < sizeBytes) {
    const n = Math.min(piece.length, sizeBytes - written);
    // Rotate the piece per MiB so identical MiBs cannot mask a misplaced one.
    parts.push(Buffer.concat([piece.subarray(written % 4093), piece.subarray(0, written % 4093)]).subarray(0, n));
    written += n;
    if (parts.length === 8 || written >= sizeBytes) {
      writeFileSync(file, Buffer.concat(parts), { flag: 'a' });
      parts.length = 0;
    }
  }
}

export interface RunningRshd extends RunningServer {
  /** The throw-away account whose home (`dir`) holds the .rhosts trusting `trustedUser`@localhost. */
  user: string;
  uid: number;
  trustedUser: string;
}

/**
 * rsh-redone's in.rshd, run the way inetd runs it: a loopback listener hands each accepted socket
 * to a fresh in.rshd as stdin/stdout. Needs root (a throw-away account with ~/.rhosts, removed
 * afterwards, and privileged client ports); `rcp` must be installed for the server side.
 */
export async function startRshd(t: TestContext, rshd: string, trustedUser = 'router1'): Promise<RunningRshd> {
  const user = `iimrcp${process.pid}`.slice(0, 31);
  const dir = tempDir(t, 'iim-rshd-');
  const add = spawnSync('useradd', ['-M', '-d', dir, '-s', '/bin/sh', user], { encoding: 'utf8' });
  if (add.status !== 0) throw new Error(`useradd ${user} failed: ${add.stderr}`);
  t.after(() => {
    spawnSync('userdel', [user]);
  });
  const uid = Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim());
  chownSync(dir, uid, uid);
  chmodSync(dir, 0o755);
  // ruserok(3) wants .rhosts owned by the user and writable by nobody else.
  const rhosts = path.join(dir, '.rhosts');
  writeFileSync(rhosts, `localhost ${trustedUser}\n${loopback} ${trustedUser}\n`, { mode: 0o600 });
  chownSync(rhosts, uid, uid);

  const children = new Set<ChildProcess>();
  const server = net.createServer({ pauseOnConnect: true }, (socket) => {
    const child = spawn(rshd, [], { stdio: [socket, socket, 'ignore'] });
    children.add(child);
    child.once('exit', () => children.delete(child));
    socket.destroy(); // the child holds its own copy of the descriptor
  });
  await new Promise<void>((resolve) => server.listen(0, loopback, resolve));
  t.after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    for (const child of children) child.kill('SIGKILL');
  });
  return { port: (server.address() as net.AddressInfo).port, dir, user, uid, trustedUser };
}
