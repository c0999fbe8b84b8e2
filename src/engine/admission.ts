// Which TCP connections (FTP control, HTTP) are let in, decided at accept time: a limit per address
// (vsftpd's max_per_ip), a separate budget for connections that have not yet said who they are (FTP:
// logged in; HTTP: sent a whole request), a total — and a peer with a live offer is let in over the
// total and that budget, so idle connections from another host can never lock a device out (issue 15:
// 32 idle FTP connections did). Pure bookkeeping: no sockets, no timers.
import type { DenyReason } from './errors';

export interface AdmissionLimits {
  maxConnections: number;
  maxConnectionsPerAddress: number;
  maxUnauthenticated: number;
}

/** A connection's place in the counts, given back once when it closes. */
export interface AdmissionSlot {
  /** The connection said who it is (FTP login, a whole HTTP request): it no longer counts as waiting. */
  loggedIn(): void;
  release(): void;
}

export type AdmissionDecision =
  | { ok: true; slot: AdmissionSlot }
  | { ok: false; refusal: AdmissionRefusal; reason: DenyReason; why: string };

/** Which limit refused a connection; each protocol words it its own way (an FTP 421, an HTTP 503). */
export type AdmissionRefusal = 'not-for-this-address' | 'per-address' | 'waiting' | 'total';

export class ConnectionAdmission {
  private readonly perAddress = new Map<string, number>();
  /** Connections admitted without an offer (the ones the total caps). */
  private plain = 0;
  /** Connections without an offer that have not logged in yet. */
  private unauthenticated = 0;

  constructor(private readonly limits: AdmissionLimits) {}

  /**
   * `access` is AccessPolicy.admission() for the peer: an offer, the CLI login, or why neither
   * (AccessPolicy.admissionRefusal()).
   */
  admit(peer: string, access: 'offer' | 'static' | { reason: DenyReason; detail: string }): AdmissionDecision {
    if (typeof access === 'object') return { ok: false, refusal: 'not-for-this-address', reason: access.reason, why: access.detail };
    const fromPeer = this.perAddress.get(peer) ?? 0;
    if (fromPeer >= this.limits.maxConnectionsPerAddress) {
      return { ok: false, refusal: 'per-address', reason: 'busy', why: `${fromPeer} connections from this address already (limit ${this.limits.maxConnectionsPerAddress})` };
    }
    const offered = access === 'offer';
    if (!offered && this.unauthenticated >= this.limits.maxUnauthenticated) {
      return { ok: false, refusal: 'waiting', reason: 'busy', why: `${this.unauthenticated} connections are waiting to log in or to send their request (limit ${this.limits.maxUnauthenticated})` };
    }
    if (!offered && this.plain >= this.limits.maxConnections) {
      return { ok: false, refusal: 'total', reason: 'busy', why: `${this.plain} connections already (limit ${this.limits.maxConnections})` };
    }
    this.perAddress.set(peer, fromPeer + 1);
    if (!offered) {
      this.plain++;
      this.unauthenticated++;
    }
    let waiting = !offered;
    let released = false;
    return {
      ok: true,
      slot: {
        loggedIn: () => {
          if (!waiting) return;
          waiting = false;
          this.unauthenticated--;
        },
        release: () => {
          if (released) return;
          released = true;
          if (waiting) this.unauthenticated--;
          waiting = false;
          if (!offered) this.plain--;
          const n = (this.perAddress.get(peer) ?? 1) - 1;
          if (n <= 0) this.perAddress.delete(peer);
          else this.perAddress.set(peer, n);
        },
      },
    };
  }

  /** Current counts (tests and diagnostics). */
  get counts(): { total: number; unauthenticated: number; addresses: number } {
    let total = 0;
    for (const n of this.perAddress.values()) total += n;
    return { total, unauthenticated: this.unauthenticated, addresses: this.perAddress.size };
  }
}
