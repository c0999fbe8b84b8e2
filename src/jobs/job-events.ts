// What a running job tells its UI (webview card, CLI progress bar): phases, progress from both
// sides (engine bytes and the device's own marks), the device's output, and the outcome.
import type { CheckResult } from './preflight/check';

export type JobPhase = 'gathering' | 'preflight' | 'configuring' | 'copying' | 'reloading' | 'verifying' | 'restoring' | 'setting-boot' | 'done';

/** What became of the optional step after a push (set the boot image and save). */
export interface AfterwardsResult {
  /** done: sent and saved; declined: the person said no; not-verified: the copy could not be hash-verified, so nothing was sent. */
  setBoot: 'done' | 'declined' | 'not-verified';
  target: string;
  commands: string[];
}

export type JobOutcome =
  | {
      status: 'succeeded';
      bytes: number;
      md5: string;
      seconds: number;
      verified: boolean;
      message: string;
      /** Pushes: where the image now is on the device, `fs:name`. */
      target?: string;
      afterwards?: AfterwardsResult;
    }
  | { status: 'skipped'; message: string; afterwards?: AfterwardsResult }
  | { status: 'blocked'; message: string; checks: CheckResult[] }
  | { status: 'failed'; message: string; cause?: string }
  | { status: 'cancelled'; message: string };

export type JobEvent =
  | { type: 'phase'; phase: JobPhase }
  /** The protocol the copy uses, once chosen (`auto` resolved by the estimates). */
  | { type: 'protocol'; protocol: string }
  | { type: 'checks'; checks: CheckResult[] }
  | { type: 'progress'; bytes: number; totalBytes?: number; bytesPerSecond?: number; etaSeconds?: number; source: 'engine' | 'device' }
  | { type: 'device-output'; text: string }
  /**
   * One or more lines of the job's log (redacted). `live`: the progress line of a copy as it reads
   * now; it replaces the previous live line, and the next plain `log` carries its final form
   * (job-event-sampler.ts makes these from the device's marks).
   */
  | { type: 'log'; text: string; live?: boolean }
  | { type: 'outcome'; outcome: JobOutcome };

export type JobListener = (event: JobEvent) => void;

/**
 * Progress from the device's own output, for a copy through an external server (no engine counts
 * the bytes): while it runs, its `!` marks on the protocol's scale (copy-command.ts bytesPerMark);
 * at the end, the byte count and rate of its closing line, which is where the bar stops.
 */
export const deviceProgress = {
  marks(marks: number, bytesPerMark: number, totalBytes: number): JobEvent | undefined {
    return marks > 0 ? { type: 'progress', bytes: Math.min(totalBytes, marks * bytesPerMark), totalBytes, source: 'device' } : undefined;
  },
  end(bytes: number, totalBytes: number, bytesPerSecond: number | undefined): JobEvent {
    return { type: 'progress', bytes, totalBytes, ...(bytesPerSecond ? { bytesPerSecond } : {}), etaSeconds: 0, source: 'device' };
  },
};

export function eta(bytes: number, total: number | undefined, bytesPerSecond: number | undefined): number | undefined {
  if (!total || !bytesPerSecond || bytesPerSecond <= 0 || bytes >= total) return undefined;
  return Math.round((total - bytes) / bytesPerSecond);
}
