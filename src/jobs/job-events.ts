// What a running job tells its UI (webview card, CLI progress bar): phases, progress from both
// sides (engine bytes and the device's own marks), the device's output, and the outcome.
import type { CheckResult } from './preflight/check';

export type JobPhase = 'gathering' | 'preflight' | 'configuring' | 'copying' | 'verifying' | 'restoring' | 'setting-boot' | 'done';

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
  | { type: 'checks'; checks: CheckResult[] }
  | { type: 'progress'; bytes: number; totalBytes?: number; bytesPerSecond?: number; etaSeconds?: number; source: 'engine' | 'device' }
  | { type: 'device-output'; text: string }
  | { type: 'log'; text: string }
  | { type: 'outcome'; outcome: JobOutcome };

export type JobListener = (event: JobEvent) => void;

export function eta(bytes: number, total: number | undefined, bytesPerSecond: number | undefined): number | undefined {
  if (!total || !bytesPerSecond || bytesPerSecond <= 0 || bytes >= total) return undefined;
  return Math.round((total - bytes) / bytesPerSecond);
}
