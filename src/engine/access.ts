// The access policy every server asks before it reads or writes a byte: offers and upload slots
// first, then (CLI mode) a read-only root and an inbox for allowed peers. One place decides, so
// TFTP, FTP and RCP cannot drift apart on what is served to whom.
import { constants } from 'node:fs';
import { access, readdir, realpath, stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import { AccessDeniedError, type DenyReason, type Protocol, UnsafeNameError } from './errors';
import { type DownloadOffer, type Offer, OfferRegistry, type UploadSlot } from './offers';
import { checkRequestedName, resolveInside } from './paths';
import { normalizeAddress } from './peer';

export interface AccessRequest {
  protocol: Protocol;
  /** The peer's IP address (no port). */
  peer: string;
  /** The name as the peer sent it. */
  name: string;
  /** FTP user or RCP remote user; absent for TFTP. */
  username?: string;
  /** FTP password. */
  password?: string;
}

export interface StaticCredentials {
  /** CLI mode FTP login for the root and the inbox. */
  ftp?: { username: string; password: string };
  /** CLI mode RCP remote usernames accepted for the root and the inbox. */
  rcpUsers?: string[];
}

export interface AccessPolicyOptions {
  /** Read-only folder served to allowed peers (CLI mode). Nothing is served without it or an offer. */
  root?: string;
  /** Folder uploads land in (CLI mode). Uploads are refused without it or a slot. */
  inbox?: string;
  /** Peers allowed to use root and inbox; any peer when empty. Offers name their own peer. */
  allowedPeers?: string[];
  /** Size limit for inbox uploads. Default 4 GiB: larger than any IOS image. */
  inboxMaxBytes?: number;
  credentials?: StaticCredentials;
  now?: () => number;
}

export interface ReadGrant {
  readonly path: string;
  readonly sizeBytes: number;
  readonly name: string;
  readonly offerId?: string;
  /** Call once when the transfer ends; a failed transfer gives the offer's use back. */
  release(succeeded: boolean): void;
}

export interface WriteGrant {
  readonly finalPath: string;
  readonly maxBytes: number;
  readonly name: string;
  readonly offerId?: string;
  release(succeeded: boolean): void;
}

/** One entry of a folder listing (FTP LIST/NLST): only what the asking login may fetch. */
export interface ListEntry {
  /** The entry's own name (one segment). */
  name: string;
  kind: 'file' | 'dir';
  sizeBytes: number;
  mtime: Date;
}

/** Most entries one listing returns: a served folder is not meant to be a file archive. */
const maxListEntries = 10_000;

export const defaultInboxMaxBytes = 4 * 1024 ** 3;

export class AccessPolicy {
  readonly offers: OfferRegistry;
  private readonly allowed: Set<string>;

  constructor(private readonly options: AccessPolicyOptions = {}) {
    this.offers = new OfferRegistry(options.now);
    this.allowed = new Set((options.allowedPeers ?? []).map(normalizeAddress));
  }

  /**
   * FTP login: true when the user/password pair belongs to a live offer or slot for this peer, or
   * to the static CLI credentials (and the peer is allowed). Anonymous login is never accepted.
   */
  authenticate(protocol: Protocol, peer: string, username: string, password: string): boolean {
    if (username.toLowerCase() === 'anonymous' || username.toLowerCase() === 'ftp') return false;
    const live = this.offers.forPeer(protocol, peer).filter((o) => !this.offers.isExpired(o));
    if (live.some((o) => o.identity && o.identity.username === username && o.identity.password === password)) return true;
    const ftp = this.options.credentials?.ftp;
    return Boolean(ftp && ftp.username === username && ftp.password === password && this.peerAllowed(peer));
  }

  /**
   * Whether a peer may connect at all, asked when a connection is accepted (before any byte is read):
   * `offer` when it has a live, unused offer or slot over this protocol (such a device always gets
   * in), `static` when the CLI's root/inbox login exists for it (`--allow`, or any peer without a
   * list), undefined when nothing here could ever be for it.
   */
  admission(protocol: Protocol, peer: string): 'offer' | 'static' | undefined {
    const live = this.offers.forPeer(protocol, peer).some((o) => !this.offers.isExpired(o) && o.uses < o.maxUses);
    if (live) return 'offer';
    if (!this.peerAllowed(peer)) return undefined;
    const c = this.options.credentials;
    const staticLogin = protocol === 'ftp' ? Boolean(c?.ftp) : protocol === 'rcp' ? Boolean(c?.rcpUsers?.length) : true;
    return staticLogin && (this.options.root !== undefined || this.options.inbox !== undefined) ? 'static' : undefined;
  }

  /** Why admission() let a peer in with nothing: outside `--allow`, or nothing here could be for it. */
  admissionRefusal(protocol: Protocol, peer: string): { reason: DenyReason; detail: string } {
    if (!this.peerAllowed(peer)) return { reason: 'wrong-peer', detail: 'the address is not in the allowed list and nothing is offered to it' };
    if (protocol === 'rcp' && this.options.credentials?.rcpUsers?.length === 0 && (this.options.root || this.options.inbox)) {
      return { reason: 'wrong-user', detail: 'no remote user is accepted here and nothing is offered to this address' };
    }
    return { reason: 'not-found', detail: 'nothing is offered to this address' };
  }

  /** Whether a peer is in the CLI's `--allow` list (every peer when the list is empty). */
  allows(peer: string): boolean {
    return this.peerAllowed(peer);
  }

  /** Whether an RCP remote username is expected by any live offer for this peer or the CLI list. */
  acceptsRcpUser(peer: string, username: string): boolean {
    const live = this.offers.forPeer('rcp', peer).filter((o) => !this.offers.isExpired(o));
    if (live.some((o) => o.identity?.username === username)) return true;
    return Boolean(this.options.credentials?.rcpUsers?.includes(username) && this.peerAllowed(peer));
  }

  async authorizeRead(req: AccessRequest): Promise<ReadGrant> {
    const name = this.checkName(req);
    const offer = this.pickOffer<DownloadOffer>('download', req, name);
    if (offer) {
      const info = await stat(offer.localPath).catch(() => undefined);
      if (!info?.isFile()) throw this.deny('not-found', req, 'the offered local file is gone');
      offer.uses++;
      return { path: offer.localPath, sizeBytes: info.size, name, offerId: offer.id, release: this.releaser(offer) };
    }
    const root = this.options.root;
    if (!root) throw this.deny('not-found', req, 'nothing is offered under that name');
    this.checkStatic(req);
    const full = await resolveInside(root, name).catch((err) => this.rethrowName(err, req));
    const info = await stat(full).catch((err: NodeJS.ErrnoException) => err.code);
    if (info === 'ENOTDIR') throw this.deny('not-found', req, 'not found: a part of the path is a file, not a folder');
    if (typeof info !== 'object' || !info.isFile()) throw this.deny('not-found', req, 'no such file in the served folder');
    await access(full, constants.R_OK).catch(() => {
      throw this.deny('not-found', req, 'the file is not readable');
    });
    return { path: full, sizeBytes: info.size, name, release: () => undefined };
  }

  /** `declaredBytes` (TFTP tsize, FTP ALLO, rcp C-line) is checked against the limit up front. */
  async authorizeWrite(req: AccessRequest, declaredBytes?: number): Promise<WriteGrant> {
    const name = this.checkName(req);
    const slot = this.pickOffer<UploadSlot>('upload', req, name);
    let grant: Omit<WriteGrant, 'release'> & { release?: WriteGrant['release'] };
    if (slot) {
      grant = { finalPath: slot.destPath, maxBytes: slot.maxBytes, name, offerId: slot.id };
    } else {
      const inbox = this.options.inbox;
      if (!inbox) throw this.deny('uploads-disabled', req, 'uploads are not accepted (no upload slot or inbox)');
      this.checkStatic(req);
      const full = await resolveInside(inbox, name).catch((err) => this.rethrowName(err, req));
      const parent = await stat(path.dirname(full)).catch(() => undefined);
      if (parent && !parent.isDirectory()) throw this.deny('not-found', req, 'not a folder: a part of the path is a file in the inbox');
      if (!parent) throw this.deny('not-found', req, 'the folder does not exist in the inbox');
      grant = { finalPath: full, maxBytes: this.options.inboxMaxBytes ?? defaultInboxMaxBytes, name };
    }
    if (await exists(grant.finalPath)) throw this.deny('exists', req, 'a file of that name already exists and is never overwritten');
    if (declaredBytes !== undefined && declaredBytes > grant.maxBytes) {
      throw this.deny('too-large', req, `${declaredBytes} bytes is over the limit of ${grant.maxBytes} bytes`);
    }
    if (declaredBytes !== undefined) {
      // Refused at once rather than failing when the disk fills (the partial file would be discarded anyway).
      const free = await freeBytes(path.dirname(grant.finalPath));
      if (free !== undefined && declaredBytes > free) {
        throw this.deny('no-space', req, `${declaredBytes} bytes declared, but only ${free} bytes are free where it would be stored`);
      }
    }
    if (slot) slot.uses++;
    return { ...grant, release: slot ? this.releaser(slot) : () => undefined };
  }

  /**
   * The entries in folder `dir` ('' = the top) that this login may fetch: its live download offers
   * there and, for the static CLI login, the root's files and folders. Folders of upload slots and
   * of the inbox count as existing (a client may change into them before STOR) but list nothing.
   * Throws AccessDeniedError('not-found') when `dir` is no folder this login can see.
   */
  async listReadable(req: Omit<AccessRequest, 'name'> & { dir: string }): Promise<ListEntry[]> {
    const dir = req.dir === '' ? '' : this.checkName({ ...req, name: req.dir });
    const prefix = dir === '' ? '' : `${dir}/`;
    const entries = new Map<string, ListEntry>();
    let seen = dir === '';
    for (const o of this.offers.forPeer(req.protocol, req.peer)) {
      if (!o.name.startsWith(prefix) || this.offers.isExpired(o) || o.uses >= o.maxUses || !identityMatches(o, req)) continue;
      seen = true;
      const [first, ...more] = o.name.slice(prefix.length).split('/');
      if (more.length) entries.set(first, { name: first, kind: 'dir', sizeBytes: 0, mtime: new Date(0) });
      else if (o.kind === 'download') {
        const info = await stat(o.localPath).catch(() => undefined);
        if (info?.isFile()) entries.set(first, { name: first, kind: 'file', sizeBytes: info.size, mtime: info.mtime });
      }
    }
    if (this.staticAllowed(req)) {
      for (const folder of [this.options.inbox, this.options.root]) {
        if (!folder) continue;
        const full = await (dir === '' ? realpath(folder) : resolveInside(folder, dir)).catch(() => undefined);
        const names = full ? await readdir(full).catch(() => undefined) : undefined;
        if (!full || !names) continue;
        seen = true;
        if (folder !== this.options.root) continue; // the inbox is write-only: never listed
        for (const name of names.slice(0, maxListEntries)) {
          const entry = await this.rootEntry(prefix + name).catch(() => undefined);
          if (entry) entries.set(name, entry);
        }
      }
    }
    if (!seen) throw this.deny('not-found', { ...req, name: dir }, 'no such folder for this login');
    return [...entries.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** A root entry as authorizeRead would see it: a safe name, inside the root, a readable file or a folder. */
  private async rootEntry(name: string): Promise<ListEntry | undefined> {
    checkRequestedName(name);
    const full = await resolveInside(this.options.root as string, name);
    const info = await stat(full);
    if (!info.isFile() && !info.isDirectory()) return undefined;
    return { name: path.basename(name), kind: info.isFile() ? 'file' : 'dir', sizeBytes: info.isFile() ? info.size : 0, mtime: info.mtime };
  }

  private staticAllowed(req: Omit<AccessRequest, 'name'>): boolean {
    try {
      this.checkStatic({ ...req, name: '' });
      return true;
    } catch {
      return false;
    }
  }

  private checkName(req: AccessRequest): string {
    try {
      return checkRequestedName(req.name);
    } catch (err) {
      throw this.rethrowName(err, req);
    }
  }

  private rethrowName(err: unknown, req: AccessRequest): never {
    if (err instanceof UnsafeNameError) throw this.deny('unsafe-name', req, err.why);
    throw err;
  }

  /**
   * The offer for this request, or undefined when none names the file (fall through to root/inbox).
   * An offer that names the file but refuses this request is a refusal, with the precise reason.
   */
  private pickOffer<T extends Offer>(kind: T['kind'], req: AccessRequest, name: string): T | undefined {
    const candidates = this.offers.candidates(kind, req.protocol, name) as unknown as T[];
    if (candidates.length === 0) return undefined;
    const peer = normalizeAddress(req.peer);
    const reasons: [DenyReason, string][] = [];
    for (const o of candidates) {
      if (o.peer !== peer) reasons.push(['wrong-peer', `offered to ${o.peer}, not to this peer`]);
      else if (this.offers.isExpired(o)) reasons.push(['expired', 'the offer has expired']);
      else if (o.uses >= o.maxUses) reasons.push(['exhausted', `already used ${o.uses} time(s)`]);
      else if (!identityMatches(o, req)) reasons.push(['wrong-user', `expects user '${o.identity?.username ?? ''}'`]);
      else return o;
    }
    // Prefer the most specific reason: a matching peer with a wrong user says more than "wrong peer".
    const order: DenyReason[] = ['wrong-user', 'exhausted', 'expired', 'wrong-peer'];
    reasons.sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
    const [reason, detail] = reasons[0];
    throw this.deny(reason, req, detail);
  }

  private checkStatic(req: AccessRequest): void {
    if (!this.peerAllowed(req.peer)) throw this.deny('wrong-peer', req, 'the peer is not in the allowed list');
    if (req.protocol === 'rcp' && !this.options.credentials?.rcpUsers?.includes(req.username ?? '')) {
      throw this.deny('wrong-user', req, `remote user '${req.username ?? ''}' is not accepted`);
    }
    // An FTP login made with one offer's one-time identity opens that offer only, not the root or inbox.
    const ftp = this.options.credentials?.ftp;
    if (req.protocol === 'ftp' && (!ftp || ftp.username !== req.username || ftp.password !== req.password)) {
      throw this.deny('wrong-user', req, 'this login does not give access to that file');
    }
  }

  private peerAllowed(peer: string): boolean {
    return this.allowed.size === 0 || this.allowed.has(normalizeAddress(peer));
  }

  private releaser(offer: Offer): (succeeded: boolean) => void {
    let released = false;
    return (succeeded) => {
      if (released) return;
      released = true;
      if (!succeeded) offer.uses = Math.max(0, offer.uses - 1);
    };
  }

  private deny(reason: DenyReason, req: AccessRequest, detail: string): AccessDeniedError {
    return new AccessDeniedError(reason, req.protocol, normalizeAddress(req.peer), req.name, detail);
  }
}

/** An offer without an identity is open to any login from its peer; one with an identity to that login only. */
function identityMatches(o: Offer, req: Pick<AccessRequest, 'username' | 'password'>): boolean {
  return !o.identity || (o.identity.username === req.username && (o.identity.password === undefined || o.identity.password === req.password));
}

/** Bytes an unprivileged writer may still use in the file system holding `dir`; undefined if unknown. */
async function freeBytes(dir: string): Promise<number | undefined> {
  const fsInfo = await statfs(dir).catch(() => undefined);
  return fsInfo ? fsInfo.bavail * fsInfo.bsize : undefined;
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}
