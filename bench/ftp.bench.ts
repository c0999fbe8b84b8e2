// FTP download throughput on loopback: our server (`node dist/cli.js serve --ftp`, a process of its
// own) against vsftpd (foreground, a config written here, anonymous read-only dir), curl as the
// client for both, alternating runs, medians and the ratio (plus the first, digest-computing send). Also our server's peak RSS after serving
// a 64 MB and a 256 MB file (fresh processes) — it must not grow with the file size.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, chmodSync, closeSync, constants, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const MiB = 1024 * 1024;
const runs = Number(process.env.FTP_BENCH_RUNS ?? 7);
const cli = path.resolve('dist', 'cli.js');
const login = { user: 'bench', pass: 'bench-pass' };

function which(name: string): string | undefined {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/sbin']) {
    try {
      const p = path.join(dir, name);
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

function writeRandomFile(file: string, bytes: number): void {
  const fd = openSync(file, 'w', 0o644);
  const block = randomBytes(4 * MiB);
  for (let done = 0; done < bytes; done += block.length) writeSync(fd, block, 0, Math.min(block.length, bytes - done));
  closeSync(fd);
  chmodSync(file, 0o644);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port });
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listening on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One curl download to /dev/null; bytes per second as curl measured it. */
function curlDownload(url: string, user?: string): Promise<{ bytesPerSecond: number; bytes: number }> {
  const args = ['-sS', '--max-time', '120', '-o', '/dev/null', '-w', '%{speed_download} %{size_download}', ...(user ? ['-u', user] : []), url];
  return new Promise((resolve, reject) => {
    execFile('curl', args, { encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`curl ${url}: ${stderr || err.message}`));
      const [speed, size] = stdout.trim().split(' ').map(Number);
      resolve({ bytesPerSecond: speed, bytes: size });
    });
  });
}

function peakRssBytes(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const mbps = (bps: number) => `${(bps / 1e6).toFixed(0)} MB/s`;

async function startOurs(root: string): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, [cli, 'serve', '--ftp', String(port), '--ftp-user', login.user, '--ftp-pass', login.pass, '--root', root], { stdio: ['ignore', 'ignore', 'inherit'] });
  await waitForPort(port);
  return { child, port };
}

async function startVsftpd(vsftpd: string, dir: string, root: string): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const pasv = 40000 + Math.floor(Math.random() * 20000);
  const conf = path.join(dir, 'vsftpd.conf');
  // Anonymous read-only, no chroot or seccomp sandbox (we may not be allowed them), foreground.
  writeFileSync(
    conf,
    [
      'listen=YES',
      'listen_ipv6=NO',
      'listen_address=127.0.0.1',
      `listen_port=${port}`,
      'background=NO',
      'seccomp_sandbox=NO',
      'run_as_launching_user=YES',
      'anonymous_enable=YES',
      'no_anon_password=YES',
      `anon_root=${root}`,
      `ftp_username=${os.userInfo().username}`,
      'local_enable=NO',
      'write_enable=NO',
      'pasv_enable=YES',
      `pasv_min_port=${pasv}`,
      `pasv_max_port=${pasv + 50}`,
      'xferlog_enable=NO',
      'check_shell=NO',
      `secure_chroot_dir=${dir}`,
      '',
    ].join('\n'),
  );
  const child = spawn(vsftpd, [conf], { stdio: ['ignore', 'ignore', 'inherit'] });
  await waitForPort(port);
  return { child, port };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

async function main(): Promise<void> {
  const vsftpd = which('vsftpd');
  if (!which('curl')) {
    console.log('ftp bench skipped: curl not installed (apt-get install curl)');
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'iim-ftp-bench-'));
  const children: ChildProcess[] = [];
  try {
    const root = path.join(dir, 'root');
    mkdirSync(root);
    writeRandomFile(path.join(root, 'small.bin'), 64 * MiB);
    writeRandomFile(path.join(root, 'big.bin'), 256 * MiB);

    // RSS: fresh server processes, one serving the 64 MB file twice, one the 256 MB file twice.
    const rss: Record<string, number> = {};
    for (const [label, file] of [['64 MB', 'small.bin'], ['256 MB', 'big.bin']] as const) {
      const s = await startOurs(root);
      children.push(s.child);
      for (let i = 0; i < 2; i++) await curlDownload(`ftp://127.0.0.1:${s.port}/${file}`, `${login.user}:${login.pass}`);
      rss[label] = peakRssBytes(s.child.pid as number);
      await stop(s.child);
    }

    const ours = await startOurs(root);
    children.push(ours.child);
    const peer = vsftpd ? await startVsftpd(vsftpd, dir, root) : undefined;
    if (peer) children.push(peer.child);
    const oursUrl = `ftp://127.0.0.1:${ours.port}/big.bin`;
    const peerUrl = peer ? `ftp://127.0.0.1:${peer.port}/big.bin` : undefined;
    // First send of the file by this server: MD5 and SHA-256 are computed inline (vsftpd hashes
    // nothing). Later sends of the unchanged file reuse that digest. Also warms the page cache.
    const cold = await curlDownload(oursUrl, `${login.user}:${login.pass}`);
    const peerCold = peerUrl ? await curlDownload(peerUrl) : undefined;
    const oursRates: number[] = [];
    const peerRates: number[] = [];
    for (let i = 0; i < runs; i++) {
      // Alternate, so both see the same background load.
      const a = await curlDownload(oursUrl, `${login.user}:${login.pass}`);
      if (a.bytes !== 256 * MiB) throw new Error(`ours sent ${a.bytes} bytes`);
      oursRates.push(a.bytesPerSecond);
      if (peerUrl) {
        const b = await curlDownload(peerUrl);
        if (b.bytes !== 256 * MiB) throw new Error(`vsftpd sent ${b.bytes} bytes`);
        peerRates.push(b.bytesPerSecond);
      }
    }

    console.log(`FTP download, 256 MB over loopback, curl → /dev/null, ${runs} runs each (median):`);
    console.log(`  ours (node dist/cli.js serve --ftp): ${mbps(median(oursRates))}   runs: ${oursRates.map(mbps).join(', ')}`);
    if (peerUrl) {
      console.log(`  vsftpd ${'(anonymous, sendfile)'.padEnd(17)}: ${mbps(median(peerRates))}   runs: ${peerRates.map(mbps).join(', ')}`);
      console.log(`  ratio ours / vsftpd: ${(median(oursRates) / median(peerRates)).toFixed(2)}× (target ≥ 0.90×)`);
    } else {
      console.log('  vsftpd not installed (apt-get install vsftpd): no peer figure');
    }
    console.log(`  first send by a fresh server (digest computed while sending): ours ${mbps(cold.bytesPerSecond)}${peerCold ? `, vsftpd ${mbps(peerCold.bytesPerSecond)}, ratio ${(cold.bytesPerSecond / peerCold.bytesPerSecond).toFixed(2)}×` : ''}`);
    console.log(`  our server's peak RSS: ${(rss['64 MB'] / MiB).toFixed(0)} MiB after 64 MB files, ${(rss['256 MB'] / MiB).toFixed(0)} MiB after 256 MB files`);
    console.log(`  load average while measuring: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`);
  } finally {
    await Promise.all(children.map(stop));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
