// The install job's vocabulary: what it reads from the device (InstallSnapshot), what the user asks
// (InstallRequest), what it will do (InstallPlan and its steps), what it tells its UI while it runs
// (InstallJobEvent) and how it ends (InstallOutcome). No I/O here.
import type { InstallEvent, InstallFailure, RemovalFile, ShowInstallSummary, ShowVersion } from '../../device';
import type { DeviceFileSystem, DeviceSnapshot } from '../device-snapshot';
import type { JobEvent } from '../job-events';
import type { LocalImage } from '../local-image';
import type { CheckResult, Confirmation } from '../preflight/check';

/** One unit that installs and reloads: a stack member (`Switch 2`) or a router's route processor (`R0`). */
export interface InstallMember {
  /** As the device names it: `Switch 1`, `R0`. */
  name: string;
  /** Stack members: the switch number. */
  switchNumber?: number;
  model?: string;
  /** The member's `SW Version` (stacks) or the box's version. */
  version?: string;
  mode?: 'install' | 'bundle';
  /** The file system the installer writes on this member (`flash:`, `flash-2:`, `bootflash:`). */
  fileSystem?: DeviceFileSystem;
}

/** What the install job knows about a device before it plans: read by read-state.ts. */
export interface InstallSnapshot {
  device: DeviceSnapshot;
  version: ShowVersion;
  /** Install or bundle mode; undefined when `show version` did not tell. */
  mode?: 'install' | 'bundle';
  /** `show install summary`; absent in bundle mode or when it could not be read (`summaryProblem`). */
  summary?: ShowInstallSummary;
  summaryProblem?: string;
  members: InstallMember[];
  /** The file system the image is copied to and installed from (`flash:` on switches, `bootflash:` on routers). */
  installFs?: DeviceFileSystem;
  /**
   * What `install remove inactive` would delete, read from the device's own list (the question
   * answered `n`): a probe, run only when space is short.
   */
  removable?: { remove: RemovalFile[]; keep: RemovalFile[]; problem?: string };
}

export type InstallTransfer = 'copy' | 'direct';

/** The image to install: a file on this machine, or one already in the device's flash. */
export type InstallImage = { kind: 'local'; local: LocalImage } | { kind: 'device'; path: string; name: string; sizeBytes: number };

export interface InstallRequest {
  image: InstallImage;
  /** A local image: `copy` pushes it to flash first (pre-flight, progress, `verify /md5`); `direct` hands `install add file` the engine URL. */
  transfer: InstallTransfer;
  /** `install add file X activate commit` in one command (no safety net). Forced from bundle mode. */
  oneShot: boolean;
  /** Minutes of the auto-abort timer armed by `install activate` (IOS takes 30–1200). */
  autoAbortMinutes: number;
  /** Confirmations given so far (`remove-inactive` lifts a space block by removing inactive files). */
  confirmations: readonly Confirmation[];
}

/** What the confirmation of the reload shows (the card and the CLI): the dangerous step, in full. */
export interface ReloadSummary {
  hostname: string;
  from?: string;
  to?: string;
  /** Every member that reloads. */
  members: string[];
  /** The expected outage, in words, from the real captures. */
  outage: string;
  /** What protects the device if it does not come back healthy. */
  safetyNet: string;
  /** The device commands that will be sent, in order. */
  commands: string[];
}

export type InstallStep =
  | { kind: 'save-config' }
  | { kind: 'convert-to-install'; commands: string[] }
  | { kind: 'remove-inactive' }
  | { kind: 'copy'; destination: string }
  | { kind: 'offer-direct' }
  | { kind: 'add' }
  | { kind: 'activate'; autoAbortMinutes: number }
  | { kind: 'one-shot'; fromBundle: boolean }
  | { kind: 'await-reload' }
  | { kind: 'health-check' }
  | { kind: 'commit' };

export interface InstallPlan {
  readonly request: InstallRequest;
  readonly snapshot: InstallSnapshot;
  readonly checks: CheckResult[];
  readonly blocked: CheckResult[];
  /** Read what `install remove inactive` would delete, then plan again. */
  readonly probe?: 'removable';
  readonly steps: InstallStep[];
  /** `flash:cat9k_iosxe.17.09.05.SPA.bin`: where the image is installed from when it is copied first. */
  readonly target: string;
  /** What `install add file` names: the file in flash; undefined with --direct (the engine URL, made when it is offered). */
  readonly source?: string;
  /** The release in the image's name (`17.09.05`). */
  readonly release?: string;
  readonly reload: ReloadSummary;
  /** The one-shot form is used (asked for, or the only one allowed from bundle mode). */
  readonly oneShot: boolean;
}

/** The job's steps as the card shows them. */
export type InstallStage = 'reading' | 'preflight' | 'saving' | 'converting' | 'removing-inactive' | 'transferring' | 'adding' | 'activating' | 'installing' | 'reloading' | 'health-check' | 'committing' | 'waiting-for-rollback' | 'done';

export interface HealthReport {
  healthy: boolean;
  /** One line per fact checked, `ok`/`problem`. */
  facts: { ok: boolean; text: string }[];
  version?: string;
}

export type InstallOutcome =
  | { status: 'committed'; message: string; from?: string; to?: string; health?: HealthReport }
  | { status: 'rolled-back'; message: string; from?: string; to?: string; health?: HealthReport }
  /** Activated but not healthy, and the rollback not seen (yet): the timer still runs on the device. */
  | { status: 'uncommitted'; message: string; health?: HealthReport }
  | { status: 'blocked'; message: string; checks: CheckResult[] }
  | { status: 'declined'; message: string }
  | { status: 'failed'; message: string; failure?: InstallFailure; leftBehind?: string; offerRemoveInactive?: boolean }
  | { status: 'cancelled'; message: string };

export type InstallJobEvent =
  | { type: 'stage'; stage: InstallStage }
  /** The plan as it will be carried out (after the confirmations): the steps a card lists. */
  | { type: 'plan'; steps: InstallStep[]; reload: ReloadSummary }
  | { type: 'checks'; checks: CheckResult[] }
  /** A line of the installer's output that a person follows (phases, members, image added, FAILED). */
  | { type: 'install'; event: InstallEvent }
  /** The copy before the install (push's own events). */
  | { type: 'copy'; event: JobEvent }
  | { type: 'waiting'; elapsedSeconds: number; what: string }
  | { type: 'health'; health: HealthReport }
  | { type: 'log'; text: string }
  | { type: 'outcome'; outcome: InstallOutcome };

export type InstallListener = (e: InstallJobEvent) => void;
