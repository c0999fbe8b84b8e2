// The fault matrix (`npm run bench -- faults`, issue 15): TFTP downloads by tftp-hpa, atftp, busybox
// and curl, of 1 MiB and 40 MiB, through the UDP fault proxy (test/helpers) at 5% and 20% loss,
// duplication and reordering each way, from ours and from tftpd-hpa; one table, each cell the
// median seconds or "> cap" with how many runs finished. Re-measured, not remembered.
//   FAULTS_RUNS (default 1), FAULTS_CAP_S (default 120), FAULTS_SIZES (MiB, default "1,40"),
//   FAULTS_RATES (default "0.05,0.2"), FAULTS_CLIENTS (default all available),
//   FAULTS_SERVERS (default "ours,tftpd-hpa"), FAULTS_SECTIONS (default "downloads,uploads"),
//   FAULTS_OURS_CLI (default dist/cli.js: point it at another build to measure a before/after)
// Uploads (issue 15 §4): a device backing up its image to us. tftp-hpa's sender (a 5 s timer that
// every packet it gets restarts) and the lab's IOS-like sender (its own 2 s timer, 5 retries, never
// resending on a repeated ACK), with the first DATA or our ACK 0 lost on purpose, and through 5% faults.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createReadStream, mkdirSync } from 'node:fs';
import { tftpUpload } from '../src/lab/clients/tftp-client';
import { toolPath } from '../test/helpers/tools';
import { evenFaults, type FaultProxyOptions, UdpFaultProxy } from '../test/helpers/udp-fault-proxy';

const runs = Number(process.env.FAULTS_RUNS ?? 1);
const capMs = Number(process.env.FAULTS_CAP_S ?? 120) * 1000;
const sizesMiB = (process.env.FAULTS_SIZES ?? '1,40').split(',').map(Number);
const rates = (process.env.FAULTS_RATES ?? '0.05,0.2').split(',').map(Number);

interface Client {
  name: string;
  /** Arguments that fetch `file` from 127.0.0.1:port into `out`. */
  args: (port: number, file: string, out: string) => string[];
  cmd: string;
}

const candidates: (Client | undefined)[] = [
  toolPath('tftp') ? { name: 'tftp-hpa', cmd: toolPath('tftp')!, args: (port, file, out) => ['127.0.0.1', String(port), '-m', 'binary', '-c', 'get', file, out] } : undefined,
  toolPath('atftp') ? { name: 'atftp (blksize 1468)', cmd: toolPath('atftp')!, args: (port, file, out) => ['--option', 'blksize 1468', '-g', '-r', file, '-l', out, '127.0.0.1', String(port)] } : undefined,
  toolPath('atftp') ? { name: 'atftp (windowsize 8)', cmd: toolPath('atftp')!, args: (port, file, out) => ['--option', 'blksize 1468', '--option', 'windowsize 8', '-g', '-r', file, '-l', out, '127.0.0.1', String(port)] } : undefined,
  existsSync('/usr/bin/busybox') || existsSync('/bin/busybox') ? { name: 'busybox', cmd: existsSync('/usr/bin/busybox') ? '/usr/bin/busybox' : '/bin/busybox', args: (port, file, out) => ['tftp', '-g', '-r', file, '-l', out, '127.0.0.1', String(port)] } : undefined,
  toolPath('curl') ? { name: 'curl', cmd: toolPath('curl')!, args: (port, file, out) => ['-s', '-o', out, `tftp://127.0.0.1:${port}/${file}`] } : undefined,
];
const wanted = process.env.FAULTS_CLIENTS?.split(',');
const clients = candidates.filter((c): c is Client => c !== undefined && (!wanted || wanted.some((w) => c.name.startsWith(w))));
const sections = (process.env.FAULTS_SECTIONS ?? 'downloads,uploads').split(',');
const oursCli = process.env.FAULTS_OURS_CLI ?? 'dist/cli.js';
const tftpd = toolPath('in.tftpd');
if (clients.length === 0) {
  console.log('faults bench skipped: needs a TFTP client (apt-get install tftp-hpa atftp busybox curl)');
  process.exit(0);
}
console.log(`clients: ${clients.map((c) => c.name).join(', ')}${tftpd ? '' : ' (tftpd-hpa absent: ours only)'}; ${runs} run(s) per cell, cap ${capMs / 1000} s; load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

const dir = mkdtempSync(path.join(os.tmpdir(), 'iim-faults-bench-'));
chmodSync(dir, 0o755); // in.tftpd started as root serves as user tftp
const inbox = path.join(dir, 'inbox');
mkdirSync(inbox, { mode: 0o777 });
chmodSync(inbox, 0o777); // and writes uploads as that user
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function startOurs(): Promise<{ port: number; stop: () => void }> {
  const child = spawn(process.execPath, [oursCli, 'serve', '--tftp', '0', '--root', dir, '--inbox', inbox], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(child);
  let out = '';
  child.stdout?.on('data', (c) => (out += c));
  for (let i = 0; i < 200; i++) {
    const m = /listening on [\d.]+:(\d+)/.exec(out);
    if (m) return { port: Number(m[1]), stop: () => child.kill('SIGTERM') };
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`our server did not start: ${out}`);
}

async function startTftpdHpa(): Promise<{ port: number; stop: () => void }> {
  const port = 20000 + Math.floor(Math.random() * 30000);
  const child = spawn(tftpd!, ['--foreground', '--listen', '--address', `127.0.0.1:${port}`, '--create', '--secure', dir], { stdio: 'ignore' });
  children.add(child);
  await new Promise((r) => setTimeout(r, 300));
  return { port, stop: () => child.kill('SIGTERM') };
}

/** One download through a fresh proxy; ms, or undefined when it failed, was capped or came out short. */
async function fetchOnce(c: Client, serverPort: number, file: string, bytes: number, rate: number, seed: number): Promise<number | undefined> {
  const faults = { drop: rate, duplicate: rate, reorder: rate, delay: 0 };
  const proxy = await UdpFaultProxy.start({ target: { address: '127.0.0.1', port: serverPort }, toServer: faults, toClient: faults, seed });
  const out = path.join(dir, `out-${seed}.bin`);
  rmSync(out, { force: true });
  const t0 = performance.now();
  const ok = await new Promise<boolean>((resolve) => {
    const child = spawn(c.cmd, c.args(proxy.port, file, out), { stdio: 'ignore', cwd: dir });
    children.add(child);
    const timer = setTimeout(() => child.kill('SIGKILL'), capMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      children.delete(child);
      resolve(code === 0);
    });
  });
  const ms = performance.now() - t0;
  await proxy.close();
  const complete = ok && existsSync(out) && statSync(out).size === bytes;
  rmSync(out, { force: true });
  return complete ? ms : undefined;
}

function cell(times: (number | undefined)[]): string {
  const done = times.filter((t): t is number => t !== undefined).sort((a, b) => a - b);
  if (done.length === 0) return `> ${capMs / 1000} s (0/${times.length})`;
  const median = done[Math.floor((done.length - 1) / 2)]!;
  return `${(median / 1000).toFixed(1)} s${done.length < times.length ? ` (${done.length}/${times.length})` : ''}`;
}

/** Drops the first datagram of one kind, once (DATA 1 to the server, ACK 0 to the client). */
function dropFirst(op: number, block: number, direction: 'toServer' | 'toClient'): FaultProxyOptions['dropIf'] {
  let done = false;
  return (msg, d) => {
    if (done || d !== direction || msg.length < 4 || msg.readUInt16BE(0) !== op || msg.readUInt16BE(2) !== block) return false;
    return (done = true);
  };
}

interface UploadCase {
  label: string;
  bytes: number;
  /** A fresh set per upload: a dropIf remembers that it dropped. */
  faults: () => Pick<FaultProxyOptions, 'toServer' | 'toClient' | 'dropIf'>;
  sender: 'tftp-hpa' | 'ios-like';
}

const none = evenFaults(0);
const uploadCases = (): UploadCase[] => [
  { label: 'tftp-hpa put, 200 KB, first DATA lost', bytes: 200_000, sender: 'tftp-hpa', faults: () => ({ toServer: none, toClient: none, dropIf: dropFirst(3, 1, 'toServer') }) },
  { label: 'tftp-hpa put, 200 KB, our ACK 0 lost', bytes: 200_000, sender: 'tftp-hpa', faults: () => ({ toServer: none, toClient: none, dropIf: dropFirst(4, 0, 'toClient') }) },
  { label: 'IOS-like lab sender (2 s timer), 200 KB, first DATA lost', bytes: 200_000, sender: 'ios-like', faults: () => ({ toServer: none, toClient: none, dropIf: dropFirst(3, 1, 'toServer') }) },
  { label: 'IOS-like lab sender (2 s timer, 5 retries), 256 KiB, 5% faults', bytes: 256 * 1024, sender: 'ios-like', faults: () => ({ toServer: evenFaults(0.05), toClient: evenFaults(0.05) }) },
  { label: 'tftp-hpa put, 256 KiB, 5% faults', bytes: 256 * 1024, sender: 'tftp-hpa', faults: () => ({ toServer: evenFaults(0.05), toClient: evenFaults(0.05) }) },
];

/** One upload through a fresh proxy; ms, or undefined when it failed, was capped or stored short. */
async function uploadOnce(c: UploadCase, serverPort: number, seed: number, remoteDir: string): Promise<number | undefined> {
  const proxy = await UdpFaultProxy.start({ target: { address: '127.0.0.1', port: serverPort }, seed, ...c.faults() });
  const local = path.join(dir, 'up-local.bin');
  writeFileSync(local, randomBytes(c.bytes));
  const name = `up-${seed}-${Math.random().toString(36).slice(2)}.bin`;
  // Ours stores into --inbox; tftpd-hpa --create writes where the name says under --secure DIR, as
  // user tftp, so it is sent to the world-writable inbox folder there.
  const remote = remoteDir ? `${remoteDir}/${name}` : name;
  const t0 = performance.now();
  let ok: boolean;
  if (c.sender === 'tftp-hpa') {
    ok = await new Promise<boolean>((resolve) => {
      const child = spawn(toolPath('tftp')!, ['127.0.0.1', String(proxy.port), '-m', 'binary', '-c', 'put', local, remote], { stdio: 'ignore' });
      children.add(child);
      const timer = setTimeout(() => child.kill('SIGKILL'), capMs);
      child.on('exit', (code) => {
        clearTimeout(timer);
        children.delete(child);
        resolve(code === 0);
      });
    });
  } else {
    const signal = AbortSignal.timeout(capMs);
    ok = await tftpUpload({ host: '127.0.0.1', port: proxy.port, file: remote, signal }, createReadStream(local), c.bytes).then(
      () => true,
      () => false,
    );
  }
  const ms = performance.now() - t0;
  await proxy.close();
  await new Promise((r) => setTimeout(r, 200)); // the server commits after the final DATA
  const stored = path.join(inbox, name);
  const complete = ok && existsSync(stored) && statSync(stored).size === c.bytes;
  rmSync(stored, { force: true });
  return complete ? ms : undefined;
}

async function uploads(servers: { name: string; start: () => Promise<{ port: number; stop: () => void }> }[]): Promise<void> {
  const lines = [`| upload (${oursCli}) | ${servers.map((s) => s.name).join(' | ')} |`, `|---|${servers.map(() => '---|').join('')}`];
  console.log(lines.join('\n'));
  for (const c of uploadCases()) {
    const cells: string[] = [];
    for (const s of servers) {
      const server = await s.start();
      const times: (number | undefined)[] = [];
      for (let i = 0; i < runs; i++) times.push(await uploadOnce(c, server.port, 5000 + i, s.name === 'tftpd-hpa' ? 'inbox' : ''));
      server.stop();
      cells.push(cell(times));
    }
    const line = `| ${c.label} | ${cells.join(' | ')} |`;
    console.log(line);
  }
}

async function main() {
  const wantedServers = (process.env.FAULTS_SERVERS ?? 'ours,tftpd-hpa').split(',');
  const servers = [{ name: 'ours', start: startOurs }, ...(tftpd ? [{ name: 'tftpd-hpa', start: startTftpdHpa }] : [])].filter((s) => wantedServers.includes(s.name));
  const header = `| client | size | faults (loss = dup = reorder, each way) | ${servers.map((s) => s.name).join(' | ')} |`;
  const lines = [header, `|---|---|---|${servers.map(() => '---|').join('')}`];
  if (sections.includes('uploads')) await uploads(servers);
  if (!sections.includes('downloads')) return;
  console.log(lines.join('\n'));
  for (const mib of sizesMiB) {
    const bytes = mib * 1024 * 1024;
    const file = `img${mib}.bin`;
    writeFileSync(path.join(dir, file), randomBytes(bytes), { mode: 0o644 });
    for (const rate of rates) {
      for (const c of clients) {
        const cells: string[] = [];
        for (const s of servers) {
          const server = await s.start();
          const times: (number | undefined)[] = [];
          for (let i = 0; i < runs; i++) times.push(await fetchOnce(c, server.port, file, bytes, rate, 1000 + i));
          server.stop();
          cells.push(cell(times));
        }
        const line = `| ${c.name} | ${mib} MiB | ${Math.round(rate * 100)}% | ${cells.join(' | ')} |`;
        lines.push(line);
        console.log(line);
      }
    }
    rmSync(path.join(dir, file));
  }
  console.log(`\nload at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
