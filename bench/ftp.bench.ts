// FTP download throughput on loopback: our server (`node dist/cli.js serve --ftp`, a process of its
// own) against vsftpd (foreground, a config written here, anonymous read-only dir), curl as the
// client for both, alternating runs, medians and the ratio (plus the first, digest-computing send). Also our server's peak RSS after serving
// a 64 MB and a 256 MB file (fresh processes) — it must not grow with the file size.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { curlDownload, freePort, median, MiB, peakRssBytes, waitForPort, which, writeRandomFile } from './loopback-helpers';

const runs = Number(process.env.FTP_BENCH_RUNS ?? 7);
const cli = path.resolve('dist', 'cli.js');
const login = { user: 'bench', pass: 'bench-pass' };


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
