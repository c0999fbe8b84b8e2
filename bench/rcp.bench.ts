// `npm run bench -- rcp`: our RCP server (`node dist/cli.js serve --rcp 514`) against rsh-redone's
// in.rshd (spawned per connection, as inetd runs it) with the real netkit `rcp` as the client for
// both, over loopback. Prints median throughput per direction and our server's peak RSS per file size.
// Needs root: rcp always connects to port 514 from a reserved port, and in.rshd needs an account.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, closeSync, linkSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const MiB = 1024 * 1024;
const sizes = (process.env.BENCH_RCP_SIZES_MB ?? '32,256').split(',').map((s) => Number(s) * MiB);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'dist', 'cli.js');

function which(name: string): string | undefined {
  for (const dir of ['/usr/bin', '/usr/sbin', '/bin', '/sbin']) {
    const p = path.join(dir, name);
    try {
      statSync(p);
      return p;
    } catch {
      // next
    }
  }
  return undefined;
}

function writeRandomFile(file: string, bytes: number): void {
  const fd = openSync(file, 'w');
  const block = randomBytes(8 * MiB);
  for (let done = 0; done < bytes; done += block.length) writeSync(fd, block, 0, Math.min(block.length, bytes - done));
  closeSync(fd);
}

/** Runs rcp once; returns seconds, or throws with rcp's message. */
function timedRcp(rcp: string, args: string[], cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(rcp, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code === 0) resolve(seconds);
      else reject(new Error(`rcp ${args.join(' ')} exited ${code}: ${stderr.trim()}`));
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface Result {
  downMBps: number;
  upMBps: number;
}

/** One download and one upload of `file` with rcp, checked for size; MiB/s each. */
async function round(rcp: string, user: string, file: string, sizeBytes: number, uploadDir: string, work: string, n: number): Promise<Result> {
  const out = path.join(work, 'download.bin');
  const tDown = await timedRcp(rcp, [`${user}@127.0.0.1:${path.basename(file)}`, out], work);
  if (statSync(out).size !== sizeBytes) throw new Error(`download of ${file} is ${statSync(out).size} bytes, expected ${sizeBytes}`);
  unlinkSync(out);
  const target = `up-${n}.bin`;
  const tUp = await timedRcp(rcp, [file, `${user}@127.0.0.1:${target}`], work);
  const landed = path.join(uploadDir, target);
  if (statSync(landed).size !== sizeBytes) throw new Error(`upload ${target} is ${statSync(landed).size} bytes, expected ${sizeBytes}`);
  unlinkSync(landed);
  return { downMBps: sizeBytes / MiB / tDown, upMBps: sizeBytes / MiB / tUp };
}

const summary = (rs: Result[]): Result => ({ downMBps: median(rs.map((r) => r.downMBps)), upMBps: median(rs.map((r) => r.upMBps)) });

function peakRssMiB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Port 514 is shared with the root-only interop tests: wait for it rather than fail when a test holds it. */
async function retryWhileBusy<T>(start: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (err) {
      if (attempt >= 60 || !/EADDRINUSE/.test(String((err as Error).message) + String((err as NodeJS.ErrnoException).code))) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

async function startOurs(rootDir: string, inbox: string): Promise<ChildProcess> {
  return retryWhileBusy(() => startOursOnce(rootDir, inbox));
}

async function startOursOnce(rootDir: string, inbox: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [cli, 'serve', '--rcp', '514', '--rcp-user', 'bench', '--root', rootDir, '--inbox', inbox], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
      if (out.includes('RCP listening')) resolve();
    });
    child.stderr?.on('data', (d) => (out += d));
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
  child.stdout?.resume();
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** in.rshd as inetd runs it: each accepted socket becomes a fresh in.rshd's stdin and stdout. */
async function startRshd(rshd: string): Promise<net.Server> {
  return retryWhileBusy(() => startRshdOnce(rshd));
}

async function startRshdOnce(rshd: string): Promise<net.Server> {
  const server = net.createServer({ pauseOnConnect: true }, (socket) => {
    spawn(rshd, [], { stdio: [socket, socket, 'ignore'] });
    socket.destroy(); // the child holds its own descriptor
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(514, '127.0.0.1', resolve);
  });
  return server;
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) {
    console.log('skipped: needs root (rcp connects to port 514 from a reserved port; in.rshd needs a throw-away account)');
    return;
  }
  const rcp = which('rcp');
  const rshd = which('in.rshd');
  if (!rcp) {
    console.log('skipped: rcp not installed (apt-get install rsh-client)');
    return;
  }
  const work = mkdtempSync(path.join(os.tmpdir(), 'iim-bench-rcp-'));
  const user = `iimbench${process.pid}`.slice(0, 31);
  let userAdded = false;
  try {
    const files = sizes.map((bytes) => {
      const f = path.join(work, `image-${bytes / MiB}M.bin`);
      writeRandomFile(f, bytes);
      return { file: f, bytes };
    });
    console.log(`rcp over loopback, ${runs} rounds per figure after a warm-up, ours and in.rshd alternating, netkit rcp as the client; medians in MiB/s`);

    // The peer: in.rshd running rcp as a throw-away account whose ~/.rhosts trusts root@localhost.
    let peerSkipped: string | undefined;
    const home = path.join(work, 'rshd-home');
    mkdirSync(home);
    if (!rshd) {
      peerSkipped = 'in.rshd not installed (apt-get install rsh-redone-server)';
    } else {
      const add = spawnSync('useradd', ['-M', '-d', home, '-s', '/bin/sh', user], { encoding: 'utf8' });
      if (add.status !== 0) {
        peerSkipped = `useradd failed: ${add.stderr.trim()}`;
      } else {
        userAdded = true;
        const uid = Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim());
        chownSync(home, uid, uid);
        chmodSync(home, 0o755);
        chmodSync(work, 0o755);
        const rhosts = path.join(home, '.rhosts');
        // ruserok(3): .rhosts owned by the user, writable by nobody else.
        const fd = openSync(rhosts, 'w', 0o600);
        writeSync(fd, 'localhost root\n127.0.0.1 root\n');
        closeSync(fd);
        chownSync(rhosts, uid, uid);
        for (const { file } of files) linkSync(file, path.join(home, path.basename(file)));
      }
    }

    // Rounds alternate ours / in.rshd (both need port 514), so the machine's load hits both alike.
    const ours: (Result & { peakRssMiB: number })[] = [];
    const peer: Result[] = [];
    for (const { file, bytes } of files) {
      const rootDir = path.join(work, `root-${bytes}`);
      const inbox = path.join(work, `inbox-${bytes}`);
      mkdirSync(rootDir);
      mkdirSync(inbox);
      const served = path.join(rootDir, path.basename(file));
      linkSync(file, served);
      const oursRounds: Result[] = [];
      const peerRounds: Result[] = [];
      let peak = 0;
      for (let n = 0; n <= runs; n++) {
        const server = await startOurs(rootDir, inbox);
        try {
          const r = await round(rcp, 'bench', served, bytes, inbox, work, n);
          if (n > 0) oursRounds.push(r); // round 0 warms the page cache
          peak = Math.max(peak, peakRssMiB(server.pid ?? 0));
        } finally {
          await stop(server);
        }
        if (peerSkipped || !rshd) continue;
        const rshdServer = await startRshd(rshd);
        try {
          const r = await round(rcp, user, path.join(home, path.basename(file)), bytes, home, work, n);
          if (n > 0) peerRounds.push(r);
        } finally {
          await new Promise<void>((resolve) => rshdServer.close(() => resolve()));
        }
      }
      ours.push({ ...summary(oursRounds), peakRssMiB: peak });
      if (!peerSkipped) peer.push(summary(peerRounds));
    }

    const rows: string[][] = [['file', 'direction', 'ours MiB/s', 'in.rshd MiB/s', 'ours / in.rshd']];
    files.forEach(({ bytes }, i) => {
      for (const dir of ['download', 'upload'] as const) {
        const o = dir === 'download' ? ours[i].downMBps : ours[i].upMBps;
        const p = peerSkipped ? NaN : dir === 'download' ? peer[i].downMBps : peer[i].upMBps;
        rows.push([`${bytes / MiB} MiB`, dir, o.toFixed(0), Number.isNaN(p) ? '-' : p.toFixed(0), Number.isNaN(p) ? '-' : `${(o / p).toFixed(2)}x`]);
      }
    });
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join('  '));
    if (peerSkipped) console.log(`in.rshd not measured: ${peerSkipped}`);
    console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs (figures from a shared machine are noisy)`);
    console.log(`our server's peak RSS (VmHWM, highest of its runs): ${files.map(({ bytes }, i) => `${bytes / MiB} MiB file → ${ours[i].peakRssMiB.toFixed(0)} MiB`).join(', ')}`);
  } finally {
    if (userAdded) spawnSync('userdel', [user]);
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
