// The local file a job pushes: its size, digests (computed once, streaming), first bytes for the
// header check, and Cisco's published checksum when a `.md5`/`.sha512` file lies next to it.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { DigestCache } from '../engine/digest-cache';
import { type ExpectedDigest, type LocalDigests, parseChecksumFile } from './preflight/checksum';

export interface LocalImage {
  path: string;
  name: string;
  sizeBytes: number;
  digests: LocalDigests;
  header: Buffer;
  published?: ExpectedDigest;
  /** The file's identity while it was hashed (unchanged from start to end), for the engine's digest cache. */
  fileKey?: string;
}

export class LocalFileError extends Error {
  readonly code = 'E_LOCAL_FILE';
  constructor(
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export async function digestFile(file: string, onProgress?: (bytes: number) => void): Promise<LocalDigests> {
  const md5 = createHash('md5');
  const sha512 = createHash('sha512');
  const sha256 = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    md5.update(chunk as Buffer);
    sha512.update(chunk as Buffer);
    sha256.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
    onProgress?.(bytes);
  }
  return { md5: md5.digest('hex'), sha512: sha512.digest('hex'), sha256: sha256.digest('hex') };
}

async function published(file: string): Promise<ExpectedDigest | undefined> {
  for (const algorithm of ['sha512', 'md5'] as const) {
    for (const sidecar of [`${file}.${algorithm}`, `${file}.${algorithm.toUpperCase()}`]) {
      const text = await readFile(sidecar, 'utf8').catch(() => undefined);
      const value = text === undefined ? undefined : parseChecksumFile(text, algorithm);
      if (value) return { algorithm, value, source: path.basename(sidecar) };
    }
  }
  return undefined;
}

export async function readLocalImage(file: string, opts: { expected?: ExpectedDigest; onProgress?: (bytes: number) => void } = {}): Promise<LocalImage> {
  const info = await stat(file).catch((err: unknown) => {
    throw new LocalFileError(file, `cannot read ${file}: ${(err as Error).message}`, { cause: err });
  });
  if (!info.isFile()) throw new LocalFileError(file, `${file} is not a file`);
  if (info.size === 0) throw new LocalFileError(file, `${file} is empty`);
  const handle = await open(file, 'r');
  const header = Buffer.alloc(Math.min(512, info.size));
  try {
    await handle.read(header, 0, header.length, 0);
  } finally {
    await handle.close();
  }
  const keyBefore = await DigestCache.fileKey(file);
  const digests = await digestFile(file, opts.onProgress);
  const keyAfter = await DigestCache.fileKey(file);
  const pub = opts.expected ?? (await published(file));
  const fileKey = keyBefore !== undefined && keyBefore === keyAfter ? keyBefore : undefined;
  return { path: file, name: path.basename(file), sizeBytes: info.size, digests, header, ...(pub ? { published: pub } : {}), ...(fileKey ? { fileKey } : {}) };
}
