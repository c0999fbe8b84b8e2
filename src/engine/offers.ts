// Offers and upload slots: what the engine has been told it may serve or accept, to which peer,
// for how long and how many times. The jobs layer creates one per transfer and withdraws it after.
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Protocol } from './errors';
import { checkRequestedName } from './paths';
import { normalizeAddress } from './peer';

/** Who the peer must say it is: FTP user and password, or the RCP remote username (no password). */
export interface OfferIdentity {
  username: string;
  password?: string;
}

interface OfferBase {
  readonly id: string;
  /** The name the device will ask for (checked with checkRequestedName). */
  readonly name: string;
  /** The one address allowed to use it. */
  readonly peer: string;
  /** Protocols it may be used over; all when absent. */
  readonly protocols?: readonly Protocol[];
  readonly expiresAt: number;
  readonly maxUses: number;
  readonly identity?: OfferIdentity;
  /** Transfers started (and not given back by a failure). */
  uses: number;
}

export interface DownloadOffer extends OfferBase {
  readonly kind: 'download';
  readonly localPath: string;
}

export interface UploadSlot extends OfferBase {
  readonly kind: 'upload';
  /** Where the completed file goes; never overwritten. */
  readonly destPath: string;
  readonly maxBytes: number;
}

export type Offer = DownloadOffer | UploadSlot;

export interface OfferCommon {
  name: string;
  peer: string;
  protocols?: Protocol[];
  /** Default 30 minutes: long enough for a slow 1 GB copy to start, short enough not to linger. */
  ttlMs?: number;
  maxUses?: number;
  identity?: OfferIdentity;
}

export const defaultOfferTtlMs = 30 * 60_000;

/** A one-time FTP identity for one offer: never a fixed default, never reused. */
export function generateIdentity(): Required<OfferIdentity> {
  return { username: `iim-${randomBytes(4).toString('hex')}`, password: randomBytes(18).toString('base64url') };
}

export class OfferRegistry {
  private readonly offers = new Map<string, Offer>();

  constructor(private readonly now: () => number = Date.now) {}

  offerDownload(input: OfferCommon & { localPath: string }): DownloadOffer {
    const offer: DownloadOffer = { kind: 'download', ...this.common(input), localPath: path.resolve(input.localPath) };
    this.offers.set(offer.id, offer);
    return offer;
  }

  openUploadSlot(input: OfferCommon & { destPath: string; maxBytes: number }): UploadSlot {
    const slot: UploadSlot = { kind: 'upload', ...this.common(input), destPath: path.resolve(input.destPath), maxBytes: input.maxBytes };
    this.offers.set(slot.id, slot);
    return slot;
  }

  withdraw(id: string): boolean {
    return this.offers.delete(id);
  }

  get(id: string): Offer | undefined {
    return this.offers.get(id);
  }

  /** Live offers of a kind for a name over a protocol, whoever they are for (the caller checks peer/identity). */
  candidates<K extends Offer['kind']>(kind: K, protocol: Protocol, name: string): Extract<Offer, { kind: K }>[] {
    this.sweep();
    return [...this.offers.values()].filter(
      (o): o is Extract<Offer, { kind: K }> => o.kind === kind && o.name === name && (!o.protocols || o.protocols.includes(protocol)),
    );
  }

  /** Live offers for a peer over a protocol (FTP login checks identities against these). */
  forPeer(protocol: Protocol, peer: string): Offer[] {
    this.sweep();
    const p = normalizeAddress(peer);
    return [...this.offers.values()].filter((o) => o.peer === p && (!o.protocols || o.protocols.includes(protocol)));
  }

  isExpired(offer: Offer): boolean {
    return this.now() >= offer.expiresAt;
  }

  /** Removes offers that expired long enough ago that no refusal message needs them any more. */
  private sweep(): void {
    const cutoff = this.now() - 60 * 60_000;
    for (const [id, o] of this.offers) if (o.expiresAt < cutoff) this.offers.delete(id);
  }

  private common(input: OfferCommon) {
    return {
      id: randomUUID(),
      name: checkRequestedName(input.name),
      peer: normalizeAddress(input.peer),
      ...(input.protocols ? { protocols: [...input.protocols] } : {}),
      expiresAt: this.now() + (input.ttlMs ?? defaultOfferTtlMs),
      maxUses: input.maxUses ?? 1,
      ...(input.identity ? { identity: { ...input.identity } } : {}),
      uses: 0,
    };
  }
}
