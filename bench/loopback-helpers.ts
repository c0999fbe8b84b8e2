// What the loopback benchmarks against Debian's servers share (ftp.bench.ts, http.bench.ts,
// tftp.bench.ts): finding a tool, a random file, a free port and waiting for a listener (from
// test/helpers/tcp-ports), one curl download, a process's peak RSS and a median.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, chmodSync, closeSync, constants, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';

export const MiB = 1024 * 1024;

export function which(name: string): string | undefined {
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

export function writeRandomFile(file: string, bytes: number): void {
  const fd = openSync(file, 'w', 0o644);
  const block = randomBytes(4 * MiB);
  for (let done = 0; done < bytes; done += block.length) writeSync(fd, block, 0, Math.min(block.length, bytes - done));
  closeSync(fd);
  chmodSync(file, 0o644);
}

export { freePort, waitForPort } from '../test/helpers/tcp-ports';

/** One curl download to /dev/null; bytes per second as curl measured it. */
export function curlDownload(url: string, user?: string): Promise<{ bytesPerSecond: number; bytes: number }> {
  const args = ['-sS', '--max-time', '120', '-o', '/dev/null', '-w', '%{speed_download} %{size_download}', ...(user ? ['-u', user] : []), url];
  return new Promise((resolve, reject) => {
    execFile('curl', args, { encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`curl ${url}: ${stderr || err.message}`));
      const [speed, size] = stdout.trim().split(' ').map(Number);
      resolve({ bytesPerSecond: speed, bytes: size });
    });
  });
}

export function peakRssBytes(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
