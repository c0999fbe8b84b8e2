// What a copy job will do, decided before it does anything: a pure plan(snapshot, request) gives the
// pre-flight checks, what still blocks it (and which confirmation would lift that), a fact it must
// read first (a probe), and the steps — offer, copy (with any temporary configuration), wait for a
// reload, verify, device commands afterwards. The executor (copy-run.ts) carries the steps out; when
// a person confirms a block, it plans again from the answers and goes on, never repeating a step.
import type { Protocol, TransferEngine } from '../engine';
import type { SetBootPlan } from './preflight/set-boot';
import type { ConfigChange } from './temporary-config';
import type { RemoteEndpoint } from './copy-command';
import type { DeviceFileSystem, DeviceSnapshot } from './device-snapshot';
import type { EngineReach } from './engine-reach';
import type { ReloadTiming } from './flash-load-helper';
import type { LocalImage } from './local-image';
import type { CheckResult, Confirmation } from './preflight/check';
import type { RoundTrip } from './round-trip';
import { planPull } from './plan-pull';
import { planPush } from './plan-push';

/**
 * The bundled engine as a job sees it: the engine, and how to get its server for a protocol. The
 * job works out where the device reaches it (engine-reach.ts); the caller only says where servers
 * listen and, when the user named one, the address the device must use.
 */
export interface EngineServer {
  kind: 'engine';
  engine: TransferEngine;
  /**
   * The server for `protocol`, started if needed, listening on `bind` or on every address. Throws
   * BindError. `candidate`: one of several weighed for `auto`, so a failure is expected and reported
   * in the pre-flight, not raised to the user on its own.
   */
  server(protocol: Protocol, bind: string, o?: { candidate?: boolean }): Promise<{ address: string; port: number }>;
  /**
   * Where servers listen when the user named no address: an address (the extension's setting,
   * 0.0.0.0 by default) — or undefined, for the address that faces the device (the CLI).
   */
  bindAddress?: string;
  /** The address the device must connect to, named by the user (`--bind`, a specific bind setting). */
  override?: string;
  /** The simulated lab maps the well-known ports to the engine's (real IOS cannot). */
  portsMapped?: boolean;
}

export interface ExternalServer {
  kind: 'external';
  host: string;
  /** Path of the image on that server; default the local file's name. */
  path?: string;
  username?: string;
  password?: string;
}

export type ServerChoice = EngineServer | ExternalServer;

/** A protocol, or `auto`: the one the estimates say is fastest for this link. */
export type ProtocolChoice = Protocol | 'auto';

interface RequestBase {
  protocol: ProtocolChoice;
  /** Where the bytes come from or go to: the engine (its reach is in the snapshot) or an external server. */
  server: { kind: 'engine' } | ExternalServer;
  /** Confirmations given so far; each lifts only the block that names it. */
  confirmations: readonly Confirmation[];
  /** `verify /md5` (default true). */
  verify?: boolean;
}

export interface PushRequest extends RequestBase {
  kind: 'push';
  local: LocalImage;
  /** `flash:name`; default the device's default file system and the local file's name. */
  destination?: string;
  /** The user asked to erase the file system before copying (single-image devices). */
  erase?: boolean;
  /** Set `ip tftp blocksize` for this copy (put back afterwards). */
  tftpBlocksize?: number;
  /** RCP: name a user in the URL instead of letting the device apply its own order. */
  rcpUrlUser?: string;
  /** After a verified copy: boot the new image next and save. */
  setBoot?: boolean;
  /** The job can open a new session to the device (run-from-flash devices need it). */
  canReconnect: boolean;
  reload?: Partial<ReloadTiming>;
  headroom?: number;
}

export interface PullRequest extends RequestBase {
  kind: 'pull';
  /** `flash:name` on the device. */
  deviceFile: string;
  localDir: string;
  /** Default the device file's name. */
  localName?: string;
}

export type CopyRequest = PushRequest | PullRequest;

/** The facts a plan is made from: the device, what the job measured, and what its probes read. */
export interface CopySnapshot {
  device: DeviceSnapshot;
  /** Where the device reaches the bundled engine, per protocol; absent with an external server. */
  reach?: EngineReach;
  /** The round trip to the device, when it could be measured. */
  roundTrip?: RoundTrip;
  /** Why it could not be, when it was tried. */
  roundTripProblem?: string;
  /** Push: `verify /md5` of a same-named, same-sized file on the destination (a probe, run once). */
  existingMd5?: { path: string; md5: string | undefined };
  /** Pull: the local file the copy would create, as it is now. */
  localDestination?: { path: string; exists: boolean; freeBytes?: number };
}

/** A fact the plan needs before it can decide: the executor reads it, adds it to the snapshot, and plans again. */
export type Probe = { kind: 'existing-md5'; path: string; sizeBytes: number };

/** Where the copy's other end is: an offer of the engine (made by the executor) or the user's server. */
export type CopyEndpoint =
  | { kind: 'offer'; protocol: Protocol; peer: string; host: string; port?: number; identity: 'one-time-login' | { username: string } | 'none'; urlUser?: string; uses: number }
  | { kind: 'external'; remote: RemoteEndpoint };

export type CopyStep =
  /** Offer the local file (push) or open an upload slot (pull) for exactly this device. */
  | { kind: 'offer'; endpoint: Extract<CopyEndpoint, { kind: 'offer' }>; localPath: string; name: string; sizeBytes: number }
  /** Pull: the device hashes the source first, to compare with what arrives. */
  | { kind: 'hash-source'; path: string; sizeBytes: number }
  /**
   * The `copy` command, answered by the plan's rules, with any temporary configuration set around it.
   * `reloads`: the device hands the copy to its boot ROM image and the session drops (Flash Load Helper).
   */
  | {
      kind: 'copy';
      direction: 'to-device' | 'from-device';
      fileSystem: string;
      name: string;
      remote: CopyEndpoint;
      /** The file's size: what the progress bar counts to. */
      sizeBytes: number;
      temporaryConfig: ConfigChange[];
      rcpUsername?: string;
      markBytes: number;
      /** The copy's whole time limit (`copyTimeouts`). */
      timeoutMs: number;
      /** The copy fails when the device prints nothing for this long. */
      silenceTimeoutMs: number;
      reloads: boolean;
      /** The copy erases the file system first (Class B, run-from-flash, or chosen): failures say whether it did. */
      erases: boolean;
    }
  /** Wait for the device to come back (same host key only) and read what it runs and holds. */
  | { kind: 'await-reload'; timing: ReloadTiming }
  /** `verify /md5` on the device, against the local digest (push) or what the engine received (pull). */
  | { kind: 'verify'; path: string; sizeBytes: number }
  /** Device commands after a verified copy: set the boot image and save, after its own confirmation. */
  | { kind: 'set-boot'; plan: SetBootPlan };

export interface CopyPlan {
  readonly request: CopyRequest;
  readonly snapshot: CopySnapshot;
  /** The protocol the copy uses (`auto` resolved). */
  readonly protocol: Protocol;
  /** Pre-flight results in the order a person reads them, confirmations applied. */
  readonly checks: CheckResult[];
  /** Blocking checks that still stand: nothing is done while there are any. */
  readonly blocked: CheckResult[];
  /** Read this first, then plan again. */
  readonly probe?: Probe;
  /** The same image is already there: no copy (the steps after it still apply). */
  readonly skipCopy: boolean;
  readonly steps: CopyStep[];
  /** Push: `fs:name` on the device. Pull: the local path. */
  readonly target: string;
  /** Push: the destination file system (for messages). */
  readonly fileSystem?: DeviceFileSystem;
}

/** Pure: the same snapshot and request give the same plan. */
export function plan(snapshot: CopySnapshot, request: CopyRequest): CopyPlan {
  return request.kind === 'push' ? planPush(snapshot, request) : planPull(snapshot, request);
}

/** The confirmations that would lift every block, or undefined when some block must be fixed. */
export function confirmationsFor(blocked: readonly CheckResult[]): Confirmation[] | undefined {
  if (blocked.length === 0 || blocked.some((c) => !c.confirmation)) return undefined;
  return [...new Set(blocked.map((c) => c.confirmation!))];
}
