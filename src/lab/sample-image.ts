// Sample IOS images for trying the extension without Cisco software: the right file name for a lab
// platform, an ELF header for its CPU (as real images have), and deterministic pseudo-random content
// of any size, written streaming so a 64 MB sample costs no memory.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';

export interface SampleImageSpec {
  /** File name, e.g. `c2960x-universalk9-mz.152-7.E4.bin`. */
  name: string;
  /** ELF e_machine: 20 PowerPC, 8 MIPS, 62 x86-64, 183 AArch64, 4 Motorola 68k. */
  elfMachine: number;
}

/** The image an engineer would push next to each built-in lab profile. */
export const sampleImages: Record<string, SampleImageSpec> = {
  c2960x: { name: 'c2960x-universalk9-mz.152-7.E4.bin', elfMachine: 20 },
  isr4331: { name: 'isr4300-universalk9.17.09.05.SPA.bin', elfMachine: 62 },
  'c3850-stack': { name: 'cat3k_caa-universalk9.16.12.10.SPA.bin', elfMachine: 62 },
  c2911: { name: 'c2900-universalk9-mz.SPA.157-3.M9.bin', elfMachine: 8 },
  'c2500-run-from-flash': { name: 'c2500-js-l.123-26.bin', elfMachine: 4 },
  c9300: { name: 'cat9k_iosxe.17.09.05.SPA.bin', elfMachine: 62 },
  c9200: { name: 'cat9k_lite_iosxe.17.09.06a.SPA.bin', elfMachine: 183 },
};

function elfHeader(machine: number): Buffer {
  const h = Buffer.alloc(64);
  h.set([0x7f, 0x45, 0x4c, 0x46, 1, 2, 1], 0); // ELF, 32-bit, big-endian (IOS's classic layout), version 1
  h.writeUInt16BE(2, 16); // ET_EXEC
  h.writeUInt16BE(machine, 18);
  h.writeUInt32BE(1, 20);
  return h;
}

/** Writes `sizeBytes` bytes to `dir/spec.name`; the same seed always gives the same file. Returns its path and MD5. */
export async function writeSampleImage(dir: string, spec: SampleImageSpec, sizeBytes: number, seed = 1): Promise<{ path: string; md5: string }> {
  const file = path.join(dir, spec.name);
  const out = createWriteStream(file);
  const md5 = createHash('md5');
  const write = async (chunk: Buffer) => {
    md5.update(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  };
  const header = elfHeader(spec.elfMachine).subarray(0, Math.min(64, sizeBytes));
  await write(header);
  // xorshift32: cheap, deterministic, incompressible enough to look like an image.
  let x = (seed * 2654435761) >>> 0 || 1;
  let left = sizeBytes - header.length;
  while (left > 0) {
    const n = Math.min(left, 1 << 20);
    const chunk = Buffer.allocUnsafe(n);
    for (let i = 0; i + 4 <= n; i += 4) {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      chunk.writeUInt32LE(x, i);
    }
    for (let i = n - (n % 4); i < n; i++) chunk[i] = i & 0xff;
    await write(chunk);
    left -= n;
  }
  out.end();
  await once(out, 'finish');
  return { path: file, md5: md5.digest('hex') };
}
