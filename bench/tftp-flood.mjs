// Issue 15 §2, measured outside the tests: our `serve --tftp` under a flood of abandoned read
// requests from 127.0.0.2 (each from a fresh port, closed at once), while tftp-hpa downloads from
// 127.0.0.1 every second. Prints the server's RSS before, at its peak during, and after the flood;
// how many normal downloads succeeded; and what one unanswered request makes us send (amplification).
// Usage (after `npm run build`): node bench/tftp-flood.mjs
// Knobs: FLOOD_RATE (requests/s, default 100), FLOOD_SECONDS (30), SETTLE_SECONDS (20),
// NOFILE (descriptor limit for the server, default 1024, via prlimit), FILE_MB (1).
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const rate = Number(process.env.FLOOD_RATE ?? 100);
const floodSeconds = Number(process.env.FLOOD_SECONDS ?? 30);
const settleSeconds = Number(process.env.SETTLE_SECONDS ?? 20);
const nofile = Number(process.env.NOFILE ?? 1024);
const fileBytes = Math.round(Number(process.env.FILE_MB ?? 1) * 1024 * 1024);

const dir = mkdtempSync(path.join(os.tmpdir(), 'iim-flood-'));
const root = path.join(dir, 'root');
await import('node:fs').then((fs) => fs.mkdirSync(root));
writeFileSync(path.join(root, 'image.bin'), randomBytes(fileBytes));

const cli = path.resolve('dist/cli.js');
const server = spawn('prlimit', [`--nofile=${nofile}:${nofile}`, process.execPath, cli, 'serve', '--tftp', '0', '--root', root], { stdio: ['ignore', 'pipe', 'inherit'] });
let serverLog = '';
const port = await new Promise((resolve, reject) => {
  server.stdout.on('data', (d) => {
    serverLog += d;
    const m = /TFTP listening on [\d.]+:(\d+)/.exec(serverLog);
    if (m) resolve(Number(m[1]));
  });
  server.once('exit', (code) => reject(new Error(`serve exited (${code})`)));
});

/** The serving node process (prlimit execs it, so the pid is the same). */
function rssMiB() {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

function rrq(name, options = []) {
  return Buffer.concat([Buffer.from([0, 1]), Buffer.from([name, 'octet', ...options].map((f) => `${f}\0`).join(''), 'latin1')]);
}

function tftpGet(out) {
  return new Promise((resolve) => {
    execFile('tftp', ['127.0.0.1', String(port), '-m', 'binary', '-c', 'get', 'image.bin', out], { timeout: 30_000 }, (err, stdout, stderr) => {
      let ok = !err && !/Error|Transfer timed out/i.test(stdout + stderr);
      try {
        ok &&= readFileSync(out).length === fileBytes;
      } catch {
        ok = false;
      }
      resolve({ ok, text: (stdout + stderr).trim() });
    });
  });
}

async function sleep(ms) {
  await new Promise((r) => setTimeout(r, ms));
}

// Amplification: one request from a socket that stays open and never answers; count what comes back.
async function amplification(options) {
  const s = dgram.createSocket('udp4');
  await new Promise((r) => s.bind(0, '127.0.0.2', r));
  let bytes = 0;
  let packets = 0;
  s.on('message', (m) => {
    bytes += m.length;
    packets++;
  });
  const request = rrq('image.bin', options);
  s.send(request, port, '127.0.0.1');
  // Longer than any server keeps an unanswered transfer (ours before issue 15: 43 s).
  await sleep(50_000);
  s.close();
  return { requestBytes: request.length, bytes, packets, factor: (bytes / request.length).toFixed(0) };
}

console.log(`server pid ${server.pid}, descriptor limit ${nofile}, file ${fileBytes} bytes, ${rate} requests/s for ${floodSeconds} s`);
console.log(`RSS at start: ${rssMiB().toFixed(1)} MiB`);
// A few downloads first: the digest worker thread and the first buffers are part of serving at all.
for (let i = 0; i < 5; i++) await tftpGet(path.join(dir, `warm-${i}.bin`));
console.log(`RSS before the flood (after 5 downloads): ${rssMiB().toFixed(1)} MiB`);
const amp = await Promise.all([amplification([]), amplification(['blksize', '1428'])]);
console.log(`one unanswered RRQ without options (${amp[0].requestBytes} B): ${amp[0].packets} packets, ${amp[0].bytes} B back = ${amp[0].factor}×`);
console.log(`one unanswered RRQ with blksize (${amp[1].requestBytes} B): ${amp[1].packets} packets, ${amp[1].bytes} B back = ${amp[1].factor}×`);

let peak = rssMiB();
let sent = 0;
let stop = false;
const flooding = (async () => {
  const started = Date.now();
  while (!stop && Date.now() - started < floodSeconds * 1000) {
    const due = Math.floor(((Date.now() - started) / 1000) * rate);
    while (sent < due) {
      const s = dgram.createSocket('udp4');
      await new Promise((r) => s.bind(0, '127.0.0.2', r));
      await new Promise((r) => s.send(rrq('image.bin', sent % 2 ? ['blksize', '1428'] : []), port, '127.0.0.1', r));
      s.close();
      sent++;
    }
    peak = Math.max(peak, rssMiB());
    await sleep(10);
  }
})();
const results = [];
const downloads = (async () => {
  const started = Date.now();
  for (let i = 0; Date.now() - started < floodSeconds * 1000; i++) {
    results.push(await tftpGet(path.join(dir, `out-${i}.bin`)));
    peak = Math.max(peak, rssMiB());
    await sleep(1000);
  }
})();
await Promise.all([flooding, downloads]);
stop = true;
console.log(`flood: ${sent} abandoned requests in ${floodSeconds} s from 127.0.0.2`);
console.log(`downloads from 127.0.0.1 during the flood: ${results.filter((r) => r.ok).length} of ${results.length} succeeded`);
for (const r of results.filter((x) => !x.ok).slice(0, 3)) console.log(`  failed: ${r.text}`);
console.log(`RSS peak during: ${peak.toFixed(1)} MiB`);
await sleep(settleSeconds * 1000);
console.log(`RSS ${settleSeconds} s after the flood: ${rssMiB().toFixed(1)} MiB`);
const after = await tftpGet(path.join(dir, 'out-after.bin'));
console.log(`a download after the flood: ${after.ok ? 'ok' : `failed (${after.text})`}`);
const refusals = serverLog.split('\n').filter((l) => /refused .*(limit|busy)/.test(l));
console.log(`busy refusals logged: ${refusals.length} line(s)${refusals[0] ? `, first: ${refusals[0]}` : ''}`);
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
rmSync(dir, { recursive: true, force: true });
