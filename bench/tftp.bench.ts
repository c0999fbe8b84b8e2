// TFTP benchmark (`npm run bench -- tftp`): our server (`node dist/cli.js serve --tftp`) against
// tftpd-hpa's `in.tftpd` on loopback with the same client (atftp), then both through the fault
// proxy at 5% loss (tftp-hpa client), then the engine's RSS while serving 1 GB to 8 clients, then
// many devices at once: 50 lockstep downloads of 8 MiB together, ours with and without transfer
// threads against tftpd-hpa and the bare Node loop on as many threads, its sockets unconnected and
// connected (aggregate throughput, server CPU, the whole machine's CPU, peak RSS).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { toolPath } from '../test/helpers/tools';
import { UdpFaultProxy } from '../test/helpers/udp-fault-proxy';
import { defaultTransferThreads } from '../src/engine/tftp/transfer-threads';
import { median } from './loopback-helpers';

const runs = Number(process.env.TFTP_BENCH_RUNS ?? 3);
const bigBytes = 64 * 1024 * 1024;
const lossCapMs = Number(process.env.TFTP_BENCH_LOSS_CAP_MS ?? 60_000);
const rssWindowMs = 15_000;

const atftp = toolPath('atftp');
const tftp = toolPath('tftp');
const tftpd = toolPath('in.tftpd');
if (!atftp || !tftp || !tftpd) {
  console.log('tftp bench skipped: needs atftp, tftp-hpa and tftpd-hpa (apt-get install atftp tftp-hpa tftpd-hpa)');
  process.exit(0);
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'iim-tftp-bench-'));
// in.tftpd started as root drops to the 'tftp' user: the folder and files must be world-readable.
chmodSync(dir, 0o755);
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function freePort(): number {
  return 20000 + Math.floor(Math.random() * 30000);
}

/** Starts a node server that prints the port it bound (`… listening on ADDR:PORT`) and waits for that line. */
async function startNodeServer(args: string[], what: string): Promise<{ port: number; pid: number; stop: () => void }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(child);
  let out = '';
  child.stdout?.on('data', (c) => (out += c));
  for (let i = 0; i < 200; i++) {
    const m = /listening on [\d.]+:(\d+)/.exec(out);
    if (m) return { port: Number(m[1]), pid: child.pid ?? 0, stop: () => child.kill('SIGTERM') };
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${what} did not start: ${out}`);
}

function startOurs(extra: string[] = []) {
  const flags = (process.env.TFTP_BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  return startNodeServer([...flags, 'dist/cli.js', 'serve', '--tftp', '0', ...extra, '--root', dir], 'our server');
}

/** bench/tftp-node-floor.mjs: what Node's UDP path alone costs per lockstep block (on `threads` worker threads, if given). */
function startNodeFloor(file: string, threads?: number, connected = false) {
  return startNodeServer(['bench/tftp-node-floor.mjs', file, ...(threads ? [String(threads)] : []), ...(connected ? ['--connected'] : [])], 'the Node floor server');
}

async function startTftpdHpa(): Promise<{ port: number; stop: () => void }> {
  const port = freePort();
  const child = spawn(tftpd as string, ['--foreground', '--listen', '--address', `127.0.0.1:${port}`, '--secure', dir], { stdio: 'ignore' });
  children.add(child);
  await new Promise((r) => setTimeout(r, 300));
  return { port, stop: () => child.kill('SIGTERM') };
}

/** Runs a client to completion (or kills it at capMs); returns ms, or undefined when capped or failed. */
function timeClient(cmd: string, args: string[], capMs: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { stdio: 'ignore' });
    children.add(child);
    const timer = setTimeout(() => child.kill('SIGKILL'), capMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      children.delete(child);
      resolve(code === 0 ? performance.now() - t0 : undefined);
    });
  });
}

function atftpGet(port: number, file: string, out: string, blksize: number, windowsize?: number): string[] {
  return ['--option', `blksize ${blksize}`, ...(windowsize ? ['--option', `windowsize ${windowsize}`] : []), '-g', '-r', file, '-l', out, '127.0.0.1', String(port)];
}

const mib = (bytes: number, ms: number) => bytes / (1024 * 1024) / (ms / 1000);

async function throughput(): Promise<string[]> {
  const lines: string[] = [];
  writeFileSync(path.join(dir, 'img64.bin'), randomBytes(bigBytes), { mode: 0o644 });
  const out = path.join(dir, 'out.bin');
  const ours = await startOurs();
  const hpa = await startTftpdHpa();
  const floor = await startNodeFloor(path.join(dir, 'img64.bin'));
  // `fresh`: before each run of ours the file is touched, so the server no longer knows its digest
  // and hashes it while sending; the other rows fetch a file whose digest it remembers from the first
  // run. (Touched, not copied: a fresh 64 MiB copy was still being written back during the run.)
  const rows: { label: string; blksize: number; window?: number; peer: boolean; fresh?: boolean }[] = [
    { label: 'blksize 512', blksize: 512, peer: true },
    { label: 'blksize 1468', blksize: 1468, peer: true },
    { label: 'blksize 8192', blksize: 8192, peer: true },
    { label: 'blksize 1468, windowsize 16 (ours) vs blksize 1468 (tftpd-hpa)', blksize: 1468, window: 16, peer: false },
    { label: 'blksize 8192, windowsize 16 (ours) vs blksize 8192 (tftpd-hpa)', blksize: 8192, window: 16, peer: false },
    { label: 'blksize 1468 (ours: file new to the server, hashed while sent)', blksize: 1468, peer: true, fresh: true },
    { label: 'blksize 1468, windowsize 16 (ours: file new to the server, hashed while sent) vs blksize 1468 (tftpd-hpa)', blksize: 1468, window: 16, peer: true, fresh: true },
  ];
  const hpaByBlk = new Map<number, number>();
  lines.push(
    '| download, 64 MiB, atftp client | ours (MiB/s, median) | tftpd-hpa (MiB/s, median) | ours / tftpd-hpa | bare Node loop (MiB/s) | bare Node / tftpd-hpa |',
    '|---|---|---|---|---|---|',
  );
  for (const row of rows) {
    const oursMs: number[] = [];
    const hpaMs: number[] = [];
    const floorMs: number[] = [];
    // The floor answers lockstep requests only: it shows what any JavaScript server could reach.
    const withFloor = row.peer && !row.window && !row.fresh;
    for (let i = 0; i < runs; i++) {
      // Alternate the servers so background load hits both alike.
      if (row.fresh) utimesSync(path.join(dir, 'img64.bin'), new Date(), new Date(Date.now() - (i + 1) * 1000));
      const a = await timeClient(atftp as string, atftpGet(ours.port, 'img64.bin', out, row.blksize, row.window), 300_000);
      if (a !== undefined && statSync(out).size === bigBytes) oursMs.push(a);
      // Let the server finish hashing (it may go on after the client is served) before the next run.
      if (row.fresh) await new Promise((r) => setTimeout(r, 1000));
      if (row.peer) {
        const b = await timeClient(atftp as string, atftpGet(hpa.port, 'img64.bin', out, row.blksize), 300_000);
        if (b !== undefined && statSync(out).size === bigBytes) hpaMs.push(b);
      }
      if (withFloor) {
        const c = await timeClient(atftp as string, atftpGet(floor.port, 'img64.bin', out, row.blksize), 300_000);
        if (c !== undefined && statSync(out).size === bigBytes) floorMs.push(c);
      }
    }
    // A row with its own tftpd-hpa runs is compared with them; a windowed row with the lockstep row above.
    if (row.peer && hpaMs.length && !row.window) hpaByBlk.set(row.blksize, mib(bigBytes, median(hpaMs)));
    const o = oursMs.length ? mib(bigBytes, median(oursMs)) : NaN;
    const h = row.peer && hpaMs.length ? mib(bigBytes, median(hpaMs)) : (hpaByBlk.get(row.blksize) ?? NaN);
    const f = floorMs.length ? mib(bigBytes, median(floorMs)) : NaN;
    const floorCells = withFloor ? `${f.toFixed(1)} (${floorMs.length}/${runs} ok) | ${(f / h).toFixed(2)}× |` : '— | — |';
    const line = `| ${row.label} | ${o.toFixed(1)} (${oursMs.length}/${runs} ok) | ${h.toFixed(1)}${row.peer ? ` (${hpaMs.length}/${runs} ok)` : ' (row above)'} | ${(o / h).toFixed(2)}× | ${floorCells}`;
    lines.push(line);
    console.log(line);
  }
  ours.stop();
  hpa.stop();
  floor.stop();
  rmSync(path.join(dir, 'img64.bin'));
  return lines;
}

async function throughLoss(): Promise<string[]> {
  const lines: string[] = [];
  const size = 1024 * 1024;
  writeFileSync(path.join(dir, 'img1.bin'), randomBytes(size), { mode: 0o644 });
  const out = path.join(dir, 'loss.bin');
  const loss = { drop: 0.05, duplicate: 0, reorder: 0, delay: 0 };
  lines.push(`| 1 MiB download through the fault proxy, 5% loss each way, tftp-hpa client (512) | seconds (median) |`, '|---|---|');
  const measure = async (serverPort: number, label: string, count: number, capMs: number) => {
    const times: (number | undefined)[] = [];
    for (let i = 0; i < count; i++) {
      const proxy = await UdpFaultProxy.start({ target: { address: '127.0.0.1', port: serverPort }, toServer: loss, toClient: loss, seed: 77 + i });
      const ms = await timeClient(tftp as string, ['127.0.0.1', String(proxy.port), '-m', 'binary', '-c', 'get', 'img1.bin', out], capMs);
      await proxy.close();
      times.push(ms !== undefined && statSync(out).size === size ? ms : undefined);
    }
    const done = times.filter((t): t is number => t !== undefined);
    const text = done.length === times.length ? `${(median(done) / 1000).toFixed(1)} s (${count} runs)` : `> ${capMs / 1000} s (capped; ${done.length}/${count} finished)`;
    const line = `| ${label} | ${text} |`;
    lines.push(line);
    console.log(line);
  };
  const ours = await startOurs();
  await measure(ours.port, 'ours', runs, 120_000);
  ours.stop();
  const hpa = await startTftpdHpa();
  await measure(hpa.port, 'tftpd-hpa', 1, lossCapMs);
  hpa.stop();
  return lines;
}

/** CPU seconds the process has used so far, all its threads (user + system). */
function cpuSeconds(pid: number): number {
  // Fields after the command name (which may hold spaces), from field 3 on: utime and stime are 14 and 15.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}
const clockTicks = 100; // USER_HZ on Linux

/**
 * CPU seconds the whole machine spent working so far (user, nice, system, irq, softirq of every
 * core; steal left out, as time the machine did not get): over a run it counts the clients and the
 * kernel as well as the server — the one figure that includes tftpd-hpa's children.
 */
function machineCpuSeconds(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq] = fields;
  return (user + nice + system + irq + softirq) / clockTicks;
}

function rssKiB(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const get = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { rss: get('VmRSS'), hwm: get('VmHWM') };
}

async function rssUnderLoad(): Promise<string[]> {
  const file = path.join(dir, 'sparse1g.bin');
  writeFileSync(file, '');
  truncateSync(file, 1024 ** 3);
  const ours = await startOurs();
  const before = rssKiB(ours.pid);
  const clients = Array.from({ length: 8 }, (_, i) => timeClient(atftp as string, atftpGet(ours.port, 'sparse1g.bin', '/dev/null', [512, 1468, 8192, 8192][i % 4], i % 2 ? 16 : undefined), rssWindowMs));
  let peak = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < rssWindowMs - 500) {
    await new Promise((r) => setTimeout(r, 100));
    peak = Math.max(peak, rssKiB(ours.pid).rss);
  }
  const hwm = rssKiB(ours.pid).hwm;
  await Promise.all(clients);
  ours.stop();
  const line = `| RSS of \`serve --tftp\` serving a sparse 1 GiB file to 8 atftp clients (${rssWindowMs / 1000} s sample) | idle ${(before.rss / 1024).toFixed(0)} MiB, peak ${(peak / 1024).toFixed(0)} MiB (VmHWM ${(hwm / 1024).toFixed(0)} MiB) |`;
  console.log(line);
  return ['| memory | figure |', '|---|---|', line];
}

const manyClients = Number(process.env.TFTP_BENCH_MANY_CLIENTS ?? 50);
const manyBytes = 8 * 1024 * 1024;

/** All clients at once; the wall time until the last one is done, or undefined if any failed or came out short. */
async function allAtOnce(port: number, pid: number | undefined): Promise<{ ms?: number; peakRssKiB?: number; cpuS?: number; machineS: number }> {
  const cpuBefore = pid ? cpuSeconds(pid) : 0;
  const machineBefore = machineCpuSeconds();
  const t0 = performance.now();
  let peak = 0;
  let running = true;
  const sampler = (async () => {
    while (running && pid) {
      peak = Math.max(peak, rssKiB(pid).rss);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const results = await Promise.all(
    Array.from({ length: manyClients }, (_, i) => timeClient(tftp as string, ['127.0.0.1', String(port), '-m', 'binary', '-c', 'get', 'rack8.bin', path.join(dir, `rack-${i}.bin`)], 300_000)),
  );
  const ms = performance.now() - t0;
  const machineS = machineCpuSeconds() - machineBefore;
  running = false;
  await sampler;
  const complete = results.every((r, i) => r !== undefined && statSync(path.join(dir, `rack-${i}.bin`)).size === manyBytes);
  for (let i = 0; i < manyClients; i++) rmSync(path.join(dir, `rack-${i}.bin`), { force: true });
  return { ...(complete ? { ms } : {}), ...(pid ? { peakRssKiB: peak, cpuS: cpuSeconds(pid) - cpuBefore } : {}), machineS };
}

async function manyAtOnce(): Promise<string[]> {
  writeFileSync(path.join(dir, 'rack8.bin'), randomBytes(manyBytes), { mode: 0o644 });
  const servers: { label: string; start: () => Promise<{ port: number; pid?: number; stop: () => void }> }[] = [
    { label: 'ours (transfer threads: default, one per core)', start: () => startOurs() },
    { label: 'ours (--tftp-threads 0: one event loop)', start: () => startOurs(['--tftp-threads', '0']) },
    { label: 'tftpd-hpa (a process per transfer)', start: () => startTftpdHpa() },
    // What Node's UDP path alone costs with as many threads as ours: the most any JavaScript server could reach.
    { label: `bare Node loop on ${defaultTransferThreads()} worker threads (the floor)`, start: () => startNodeFloor(path.join(dir, 'rack8.bin'), defaultTransferThreads()) },
    // The same with each transfer socket connected to its client, as tftpd-hpa's are: what giving up
    // ERROR 5 to strangers (issue 7) would be worth to any JavaScript server.
    {
      label: `bare Node loop on ${defaultTransferThreads()} worker threads, connected sockets`,
      start: () => startNodeFloor(path.join(dir, 'rack8.bin'), defaultTransferThreads(), true),
    },
  ];
  const lines = [
    `| ${manyClients} tftp-hpa clients at once, 8 MiB each (lockstep, 512-byte blocks); ${os.cpus().length} cores, load before ${os.loadavg()[0].toFixed(2)} | wall s (median) | aggregate MiB/s | vs tftpd-hpa | server CPU s (median) | machine CPU s, server + clients (median) | peak RSS |`,
    '|---|---|---|---|---|---|---|',
  ];
  const measured: { label: string; times: number[]; rss: number[]; cpu: number[]; machine: number[]; runs: number }[] = servers.map((s) => ({
    label: s.label,
    times: [],
    rss: [],
    cpu: [],
    machine: [],
    runs: 0,
  }));
  for (let i = 0; i < runs; i++) {
    // Alternate the servers run by run so background load hits each alike.
    for (const [k, s] of servers.entries()) {
      const server = await s.start();
      // Ours starts a transfer thread per concurrent download up to one per core, and each thread
      // compiles its hot path on its first transfer: as many warm-up downloads at once as there are
      // threads keep both out of the figure (one warm-up left the second thread to start cold in the
      // measured run). Every server gets the same warm-up.
      await Promise.all(
        Array.from({ length: defaultTransferThreads() }, () =>
          timeClient(tftp as string, ['127.0.0.1', String(server.port), '-m', 'binary', '-c', 'get', 'rack8.bin', '/dev/null'], 60_000),
        ),
      );
      const r = await allAtOnce(server.port, server.pid);
      server.stop();
      measured[k].runs++;
      if (r.ms !== undefined) measured[k].times.push(r.ms);
      if (r.peakRssKiB !== undefined) measured[k].rss.push(r.peakRssKiB);
      if (r.cpuS !== undefined) measured[k].cpu.push(r.cpuS);
      if (r.ms !== undefined) measured[k].machine.push(r.machineS);
      await new Promise((res) => setTimeout(res, 500));
    }
  }
  const total = manyClients * manyBytes;
  const hpa = measured[2].times.length ? median(measured[2].times) : NaN;
  for (const m of measured) {
    const ms = m.times.length ? median(m.times) : NaN;
    const rss = m.rss.length ? `${(Math.max(...m.rss) / 1024).toFixed(0)} MiB` : '—';
    // tftpd-hpa's transfers run in children it does not wait for: their CPU is not in its own counters.
    const cpu = m.cpu.length ? median(m.cpu).toFixed(1) : '—';
    const machine = m.machine.length ? median(m.machine).toFixed(1) : '—';
    const line = `| ${m.label} | ${(ms / 1000).toFixed(1)} (${m.times.length}/${m.runs} ok; ${m.times.map((t) => (t / 1000).toFixed(1)).join(', ')}) | ${mib(total, ms).toFixed(1)} | ${(hpa / ms).toFixed(2)}× | ${cpu} | ${machine} | ${rss} |`;
    lines.push(line);
    console.log(line);
  }
  rmSync(path.join(dir, 'rack8.bin'));
  return lines;
}

async function main(): Promise<void> {
  console.log(`TFTP bench: ${runs} runs per row, client atftp ${atftp}, peer ${tftpd}`);
  // TFTP_BENCH_ONLY=throughput,loss,rss,many runs a subset.
  const only = (process.env.TFTP_BENCH_ONLY ?? 'throughput,loss,rss,many').split(',');
  const tables: string[][] = [];
  if (only.includes('throughput')) tables.push(await throughput());
  if (only.includes('loss')) tables.push(await throughLoss());
  if (only.includes('rss')) tables.push(await rssUnderLoad());
  if (only.includes('many')) tables.push(await manyAtOnce());
  console.log('\n' + tables.map((t) => t.join('\n')).join('\n\n'));
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
