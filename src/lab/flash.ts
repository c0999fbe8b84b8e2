// The simulated flash of one device: file systems with capacity and free space, files whose bytes
// are generated on demand (profile files), literal text, or real files on disk (anything copied in).
// Class B flash keeps deleted files' space until the partition is erased (IOS file-system classes).
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, mkdirSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { generatedStream } from './generated-content';
import type { ProfileFileSystem } from './profile';

export type FileSource = { kind: 'generated'; seed: string } | { kind: 'text'; bytes: Buffer } | { kind: 'disk'; path: string };

export interface SimFile {
  name: string;
  isDirectory: boolean;
  sizeBytes: number;
  mtime?: Date;
  permissions: string;
  index: number;
  source: FileSource;
  /** Class B: deleted but still holding its space until erase/squeeze. */
  deleted?: boolean;
  /** A directory's size as `dir` prints it (its blocks: 4096, 16384 for lost+found, 0 on FAT), when the profile says. */
  listedBytes?: number;
}

/** Raised when a write would exceed the file system's free space; IOS prints the cause in parentheses. */
export class FlashFullError extends Error {
  readonly code = 'E_LAB_FLASH_FULL';
  readonly iosCause = 'Not enough space on device';
  constructor(readonly fileSystem: string) {
    super(`${fileSystem} has not enough space`);
    this.name = new.target.name;
  }
}

const dirOverheadBytes = 4096;

export class SimFileSystem {
  readonly prefixes: string[];
  readonly type: 'flash' | 'disk';
  /** Run-from-flash: `ro` while IOS runs from it, `rw` in the boot ROM image. */
  flags: 'rw' | 'ro';
  readonly sizeBytes: number;
  readonly isDefault: boolean;
  readonly classB: boolean;
  private readonly files = new Map<string, SimFile>();
  private nextIndex = 1;
  private uploads = 0;

  constructor(
    spec: ProfileFileSystem,
    private readonly storageDir: string,
    classB: boolean,
  ) {
    this.prefixes = spec.prefixes;
    this.type = spec.type;
    this.flags = spec.flags ?? 'rw';
    this.sizeBytes = spec.sizeBytes;
    this.isDefault = spec.isDefault ?? false;
    this.classB = classB;
    mkdirSync(storageDir, { recursive: true });
    for (const f of spec.files) {
      const text = f.content !== undefined ? Buffer.from(f.content, 'utf8') : undefined;
      this.files.set(f.name, {
        name: f.name,
        isDirectory: !!f.dir,
        sizeBytes: f.dir ? 0 : text ? text.length : (f.sizeBytes ?? 0),
        mtime: f.date ? new Date(f.date) : undefined,
        permissions: f.permissions ?? (f.dir ? 'drwx' : '-rw-'),
        index: this.nextIndex++,
        source: text ? { kind: 'text', bytes: text } : { kind: 'generated', seed: `${spec.prefixes[0]}${f.name}` },
        ...(f.dir && f.sizeBytes !== undefined ? { listedBytes: f.sizeBytes } : {}),
      });
    }
  }

  get name(): string {
    return this.prefixes[0];
  }

  list(): SimFile[] {
    return [...this.files.values()].sort((a, b) => a.index - b.index);
  }

  get(name: string): SimFile | undefined {
    const f = this.files.get(name);
    return f && !f.deleted ? f : undefined;
  }

  /** Bytes taken, counting Class B deleted files (not reclaimed) and directory blocks on disk-type flash. */
  usedBytes(): number {
    let used = 0;
    for (const f of this.files.values()) used += f.isDirectory ? (this.type === 'disk' ? dirOverheadBytes : 0) : f.sizeBytes;
    return used;
  }

  freeBytes(): number {
    return Math.max(0, this.sizeBytes - this.usedBytes());
  }

  read(name: string): Readable {
    const f = this.get(name);
    if (!f || f.isDirectory) throw new Error(`no such file ${this.name}${name}`);
    switch (f.source.kind) {
      case 'generated':
        return generatedStream(f.source.seed, f.sizeBytes);
      case 'text':
        return Readable.from([f.source.bytes]);
      case 'disk':
        return createReadStream(f.source.path);
    }
  }

  async md5(name: string): Promise<string> {
    const hash = createHash('md5');
    await pipeline(this.read(name), hash);
    return hash.digest('hex');
  }

  /**
   * A writable that lands in a disk file and fails with FlashFullError as soon as the bytes exceed
   * the free space (IOS too finds out only while loading). `commit()` makes the file visible.
   */
  createWriter(name: string, freeOverride?: number): { stream: Writable; commit: () => SimFile; abort: () => void; bytes: () => number } {
    const existing = this.files.get(name);
    const reclaim = existing && !existing.deleted && !existing.isDirectory && !this.classB ? existing.sizeBytes : 0;
    const free = freeOverride ?? this.freeBytes() + reclaim;
    const diskPath = path.join(this.storageDir, `upload-${++this.uploads}`);
    const file = createWriteStream(diskPath);
    // Errors reach the caller through the wrapping stream's callbacks; an aborted copy must not crash.
    file.on('error', () => undefined);
    let written = 0;
    const fsName = this.name;
    const stream = new Writable({
      write(chunk: Buffer, _enc, cb) {
        written += chunk.length;
        if (written > free) {
          cb(new FlashFullError(fsName));
          return;
        }
        if (file.destroyed) {
          cb(new Error('the copy was aborted'));
          return;
        }
        file.write(chunk, cb);
      },
      final(cb) {
        file.end(cb);
      },
      destroy(err, cb) {
        file.destroy();
        cb(err);
      },
    });
    return {
      stream,
      bytes: () => written,
      commit: () => {
        if (existing && this.classB) existing.deleted = true;
        else if (existing) this.files.delete(name);
        const f: SimFile = {
          name,
          isDirectory: false,
          sizeBytes: statSync(diskPath).size,
          mtime: new Date(),
          permissions: '-rw-',
          index: this.nextIndex++,
          source: { kind: 'disk', path: diskPath },
        };
        this.files.set(name, f);
        return f;
      },
      abort: () => {
        file.destroy();
        rmSync(diskPath, { force: true });
      },
    };
  }

  /**
   * Places a file made by the device itself (install mode's expanded `.pkg` files, `packages.conf`):
   * generated bytes of a size, or literal text. Replaces a file of the same name.
   */
  place(name: string, content: { sizeBytes: number } | { text: string }): SimFile {
    const existing = this.files.get(name);
    if (existing?.source.kind === 'disk') rmSync(existing.source.path, { force: true });
    this.files.delete(name);
    const bytes = 'text' in content ? Buffer.from(content.text, 'utf8') : undefined;
    const f: SimFile = {
      name,
      isDirectory: false,
      sizeBytes: bytes ? bytes.length : (content as { sizeBytes: number }).sizeBytes,
      mtime: new Date(),
      permissions: '-rw-',
      index: this.nextIndex++,
      source: bytes ? { kind: 'text', bytes } : { kind: 'generated', seed: `${this.name}${name}@${Date.now()}` },
    };
    this.files.set(name, f);
    return f;
  }

  /** Flips the last byte of a stored file (the "wrong checksum" fault). */
  corrupt(name: string): void {
    const f = this.get(name);
    if (!f || f.source.kind !== 'disk' || f.sizeBytes === 0) return;
    const byte = Buffer.alloc(1);
    const fd = openSync(f.source.path, 'r+');
    try {
      readSync(fd, byte, 0, 1, f.sizeBytes - 1);
      byte[0] ^= 0xff;
      writeSync(fd, byte, 0, 1, f.sizeBytes - 1);
    } finally {
      closeSync(fd);
    }
  }

  delete(name: string): boolean {
    const f = this.get(name);
    if (!f) return false;
    if (this.classB) f.deleted = true;
    else {
      this.files.delete(name);
      if (f.source.kind === 'disk') rmSync(f.source.path, { force: true });
    }
    return true;
  }

  /** Class B `squeeze`/erase: reclaim deleted files' space. */
  squeeze(): number {
    let n = 0;
    for (const [k, f] of this.files) {
      if (!f.deleted) continue;
      this.files.delete(k);
      n++;
    }
    return n;
  }

  erase(): void {
    for (const f of this.files.values()) if (f.source.kind === 'disk') rmSync(f.source.path, { force: true });
    this.files.clear();
  }
}
