// Host-key verification: the store the caller supplies (a file for the CLI, extension storage for the
// UI), OpenSSH's known_hosts format (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"), SHA256 fingerprints.
// Unknown keys go to the caller's decision; changed keys are refused, never overwritten.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { HostKeyChangedError, HostKeyUnknownError } from './errors';

/** A host key as the server sent it: the SSH wire blob (RFC 4253 §6.6) and its type. */
export interface HostKey {
  /** e.g. 'ssh-ed25519', 'ssh-rsa', 'ecdsa-sha2-nistp256'. */
  type: string;
  blob: Buffer;
}

/** One key on record for a host. */
export interface KnownHostKey {
  type: string;
  /** The blob, base64, as in known_hosts. */
  base64: string;
  /** `@revoked` in known_hosts: this key must never be accepted. */
  revoked?: boolean;
}

/** Where host keys are remembered. The CLI uses FileKnownHostsStore; the UI its own storage. */
export interface KnownHostsStore {
  /** Keys on record for host:port ([] when none). */
  lookup(host: string, port: number): Promise<KnownHostKey[]>;
  /** Remember a key the user accepted. */
  add(host: string, port: number, key: HostKey): Promise<void>;
  /** Where the keys live, for messages (a file path, "extension storage"). */
  readonly description: string;
}

/** What the caller is asked about an unknown key. */
export interface UnknownHostKeyInfo {
  host: string;
  port: number;
  keyType: string;
  /** `SHA256:<base64 without padding>`, as `ssh-keygen -l` prints it. */
  fingerprint: string;
}

/** The caller's decision on an unknown key: true accepts it (and it is remembered). */
export type HostKeyDecision = (info: UnknownHostKeyInfo) => boolean | Promise<boolean>;

export function fingerprintSha256(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=/g, '')}`;
}

/** The key type named inside a wire blob (its first SSH string), or undefined if it is not one. */
export function keyTypeOfBlob(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const n = blob.readUInt32BE(0);
  if (n === 0 || n > 64 || 4 + n > blob.length) return undefined;
  const type = blob.subarray(4, 4 + n).toString('latin1');
  return /^[\x21-\x7e]+$/.test(type) ? type : undefined;
}

/** How known_hosts names a host: bare for port 22, `[host]:port` otherwise (sshd(8)). */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/**
 * Checks the presented key against the store. Resolves when the key is on record (or newly accepted
 * and stored); throws HostKeyChangedError when other keys are on record or the key is revoked, and
 * HostKeyUnknownError when nothing is on record and the caller did not accept it.
 */
export async function verifyHostKey(o: {
  store: KnownHostsStore;
  host: string;
  port: number;
  key: HostKey;
  device: string;
  onUnknown?: HostKeyDecision;
}): Promise<void> {
  const { store, host, port, key, device } = o;
  const known = await store.lookup(host, port);
  const presented = key.blob.toString('base64');
  const fingerprint = fingerprintSha256(key.blob);
  const same = known.filter((k) => k.base64 === presented);
  if (same.some((k) => k.revoked)) {
    throw new HostKeyChangedError(device, host, port, ['(this key is marked @revoked)'], fingerprint, key.type, store.description);
  }
  if (same.length > 0) return;
  const others = known.filter((k) => !k.revoked);
  if (others.length > 0) {
    // The connection prefers the key types on record (see ssh-connect), so a different key here
    // means the device's identity changed: refuse, as OpenSSH does, and let the user decide offline.
    const old = others.map((k) => `${k.type} ${fingerprintSha256(Buffer.from(k.base64, 'base64'))}`);
    throw new HostKeyChangedError(device, host, port, old, fingerprint, key.type, store.description);
  }
  const accepted = o.onUnknown ? await o.onUnknown({ host, port, keyType: key.type, fingerprint }) : false;
  if (!accepted) throw new HostKeyUnknownError(device, host, port, key.type, fingerprint);
  await store.add(host, port, key);
}

/** A store kept in memory (tests, one-off sessions). */
export class MemoryKnownHostsStore implements KnownHostsStore {
  readonly description = 'the in-memory known-hosts store';
  private readonly keys = new Map<string, KnownHostKey[]>();

  async lookup(host: string, port: number): Promise<KnownHostKey[]> {
    return [...(this.keys.get(knownHostsName(host, port)) ?? [])];
  }

  async add(host: string, port: number, key: HostKey): Promise<void> {
    const name = knownHostsName(host, port);
    this.keys.set(name, [...(this.keys.get(name) ?? []), { type: key.type, base64: key.blob.toString('base64') }]);
  }
}

/** One parsed known_hosts line. */
export interface KnownHostsLine {
  marker?: '@revoked' | '@cert-authority';
  /** Comma-separated patterns, or one hashed `|1|salt|hash` name. */
  hosts: string[];
  type: string;
  base64: string;
}

/** Parses known_hosts text; comments, blank and malformed lines are skipped (as ssh does). */
export function parseKnownHosts(text: string): KnownHostsLine[] {
  const out: KnownHostsLine[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const fields = raw.trim().split(/\s+/);
    if (fields[0] === '' || fields[0].startsWith('#')) continue;
    let marker: KnownHostsLine['marker'];
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') marker = fields.shift() as KnownHostsLine['marker'];
    if (fields.length < 3 || !/^[A-Za-z0-9+/]+={0,2}$/.test(fields[2])) continue;
    out.push({ marker, hosts: fields[0].split(','), type: fields[1], base64: fields[2] });
  }
  return out;
}

/** Whether a line's host patterns name `host:port` (wildcards `*` `?`, negation `!`, hashed names). */
export function lineMatchesHost(line: KnownHostsLine, host: string, port: number): boolean {
  const name = knownHostsName(host, port);
  let matched = false;
  for (const pattern of line.hosts) {
    if (pattern.startsWith('|1|')) {
      if (hashedNameMatches(pattern, name)) matched = true;
      continue;
    }
    const negated = pattern.startsWith('!');
    const glob = negated ? pattern.slice(1) : pattern;
    if (globMatches(glob.toLowerCase(), name.toLowerCase())) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

function globMatches(glob: string, name: string): boolean {
  const re = new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(name);
}

/** `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`, OpenSSH's HashKnownHosts form. */
function hashedNameMatches(pattern: string, name: string): boolean {
  const [, , salt, hash] = pattern.split('|');
  if (!salt || !hash) return false;
  const want = Buffer.from(hash, 'base64');
  const got = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest();
  return want.length === got.length && timingSafeEqual(want, got);
}

/**
 * known_hosts in a file, OpenSSH's format, so the same file works with `ssh -o UserKnownHostsFile=`.
 * Read on every lookup (it is small and another process may have added to it); new keys are
 * appended, the folder is created 0700 and the file 0600 as ssh expects.
 */
export class FileKnownHostsStore implements KnownHostsStore {
  constructor(readonly file: string) {}

  get description(): string {
    return this.file;
  }

  async lookup(host: string, port: number): Promise<KnownHostKey[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    return parseKnownHosts(text)
      .filter((l) => l.marker !== '@cert-authority' && lineMatchesHost(l, host, port))
      .map((l) => ({ type: l.type, base64: l.base64, ...(l.marker === '@revoked' ? { revoked: true } : {}) }));
  }

  async add(host: string, port: number, key: HostKey): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    let prefix = '';
    try {
      const text = await readFile(this.file, 'utf8');
      if (text !== '' && !text.endsWith('\n')) prefix = '\n';
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    await appendFile(this.file, `${prefix}${knownHostsName(host, port)} ${key.type} ${key.blob.toString('base64')}\n`, { mode: 0o600 });
  }
}
