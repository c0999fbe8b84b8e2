// HTTP download throughput on loopback: our server (`node dist/cli.js serve --http`, a process of its
// own, serving a --root) against nginx and lighttpd (Debian's, foreground, configs written here),
// curl as the client for all, alternating runs, medians and ratios (plus the first, digest-computing
// send). Also our server's peak RSS after serving a 64 MB and a 256 MB file (fresh processes) — it
// must not grow with the file size — and after a client that asks for 256 MB and never reads.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { curlDownload, freePort, median, MiB, peakRssBytes, waitForPort, which, writeRandomFile } from './loopback-helpers';

const runs = Number(process.env.HTTP_BENCH_RUNS ?? 7);
const cli = path.resolve('dist', 'cli.js');


const mbps = (bps: number) => `${(bps / 1e6).toFixed(0)} MB/s`;

interface Server {
  name: string;
  child: ChildProcess;
  port: number;
}

async function startOurs(root: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [cli, 'serve', '--http', String(port), '--root', root], { stdio: ['ignore', 'ignore', 'inherit'] });
  await waitForPort(port);
  return { name: 'ours (node dist/cli.js serve --http)', child, port };
}

async function startNodeFloor(file: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.resolve('bench', 'http-node-floor.mjs'), file, String(port)], { stdio: ['ignore', 'ignore', 'inherit'] });
  await waitForPort(port);
  return { name: 'bare Node floor (createReadStream|pipe)', child, port };
}

async function startNginx(nginx: string, dir: string, root: string): Promise<Server> {
  const port = await freePort();
  const conf = path.join(dir, 'nginx.conf');
  const tmp = path.join(dir, 'nginx-tmp');
  mkdirSync(tmp, { recursive: true });
  // One process, in the foreground, sendfile as Debian ships it; nothing logged per request.
  writeFileSync(
    conf,
    [
      'daemon off;',
      'master_process off;',
      'worker_processes 1;',
      `pid ${path.join(dir, 'nginx.pid')};`,
      'error_log stderr warn;',
      'events { worker_connections 64; }',
      'http {',
      '  access_log off;',
      '  sendfile on;',
      '  default_type application/octet-stream;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `  ${k}_temp_path ${path.join(tmp, k)};`),
      `  server { listen 127.0.0.1:${port}; root ${root}; }`,
      '}',
      '',
    ].join('\n'),
  );
  const child = spawn(nginx, ['-c', conf, '-p', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  await waitForPort(port);
  return { name: 'nginx (sendfile, 1 worker)', child, port };
}

async function startLighttpd(lighttpd: string, dir: string, root: string): Promise<Server> {
  const port = await freePort();
  const conf = path.join(dir, 'lighttpd.conf');
  writeFileSync(
    conf,
    [`server.document-root = "${root}"`, `server.bind = "127.0.0.1"`, `server.port = ${port}`, `server.errorlog = "${path.join(dir, 'lighttpd-error.log')}"`, 'server.network-backend = "sendfile"', ''].join('\n'),
  );
  const child = spawn(lighttpd, ['-D', '-f', conf], { stdio: ['ignore', 'ignore', 'inherit'] });
  await waitForPort(port);
  return { name: 'lighttpd (sendfile)', child, port };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** A client that asks for the file and never reads: the server must not buffer it in memory. */
async function stalledClient(port: number, file: string, holdMs: number): Promise<void> {
  const s = net.connect({ host: '127.0.0.1', port });
  s.pause();
  s.on('error', () => undefined);
  s.write(`GET /${file} HTTP/1.1\r\nHost: x\r\n\r\n`);
  await new Promise((r) => setTimeout(r, holdMs));
  s.destroy();
}

async function main(): Promise<void> {
  if (!which('curl')) {
    console.log('http bench skipped: curl not installed (apt-get install curl)');
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'iim-http-bench-'));
  const children: ChildProcess[] = [];
  try {
    const root = path.join(dir, 'root');
    mkdirSync(root);
    writeRandomFile(path.join(root, 'small.bin'), 64 * MiB);
    writeRandomFile(path.join(root, 'big.bin'), 256 * MiB);

    // RSS: fresh server processes, one serving the 64 MB file twice, one the 256 MB file twice, one
    // holding a client that asks for 256 MB and reads nothing for 3 s.
    const rss: Record<string, number> = {};
    for (const [label, file] of [['64 MB', 'small.bin'], ['256 MB', 'big.bin']] as const) {
      const s = await startOurs(root);
      children.push(s.child);
      for (let i = 0; i < 2; i++) await curlDownload(`http://127.0.0.1:${s.port}/${file}`);
      rss[label] = peakRssBytes(s.child.pid as number);
      await stop(s.child);
    }
    {
      const s = await startOurs(root);
      children.push(s.child);
      await stalledClient(s.port, 'big.bin', 3000);
      rss.stalled = peakRssBytes(s.child.pid as number);
      await stop(s.child);
    }

    const servers: Server[] = [await startOurs(root), await startNodeFloor(path.join(root, 'big.bin'))];
    const nginx = which('nginx');
    const lighttpd = which('lighttpd');
    if (nginx) servers.push(await startNginx(nginx, dir, root));
    if (lighttpd) servers.push(await startLighttpd(lighttpd, dir, root));
    children.push(...servers.map((s) => s.child));
    const url = (s: Server) => `http://127.0.0.1:${s.port}/big.bin`;
    // The first send of the file by our server computes its MD5 and SHA-256 while it sends (the
    // others hash nothing); later sends of the unchanged file reuse them. Also warms the page cache.
    const cold: number[] = [];
    for (const s of servers) cold.push((await curlDownload(url(s))).bytesPerSecond);
    const rates = servers.map(() => [] as number[]);
    for (let i = 0; i < runs; i++) {
      // Alternate, so all see the same background load.
      for (const [k, s] of servers.entries()) {
        const r = await curlDownload(url(s));
        if (r.bytes !== 256 * MiB) throw new Error(`${s.name} sent ${r.bytes} bytes`);
        rates[k]!.push(r.bytesPerSecond);
      }
    }
    console.log(`HTTP download, 256 MB over loopback, curl → /dev/null, ${runs} runs each (median):`);
    for (const [k, s] of servers.entries()) console.log(`  ${s.name.padEnd(38)}: ${mbps(median(rates[k]!))}   runs: ${rates[k]!.map(mbps).join(', ')}`);
    for (const [k, s] of servers.entries()) {
      if (k === 0) continue;
      const target = k === 1 ? '(the JavaScript floor: what Node without sendfile reaches)' : '(target ≥ 1.00×)';
      console.log(`  ratio ours / ${s.name.split(' ').slice(0, k === 1 ? 3 : 1).join(' ')}: ${(median(rates[0]!) / median(rates[k]!)).toFixed(2)}× ${target}`);
    }
    if (!nginx) console.log('  nginx not installed (apt-get install nginx-light): no peer figure');
    if (!lighttpd) console.log('  lighttpd not installed (apt-get install lighttpd): no peer figure');
    console.log(`  first send by a fresh server (digest computed while sending): ${servers.map((s, k) => `${s.name.split(' ')[0]} ${mbps(cold[k]!)}`).join(', ')}`);
    console.log(`  our server's peak RSS: ${(rss['64 MB'] / MiB).toFixed(0)} MiB after 64 MB files, ${(rss['256 MB'] / MiB).toFixed(0)} MiB after 256 MB files, ${(rss.stalled / MiB).toFixed(0)} MiB with a client that asked for 256 MB and read nothing`);
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
