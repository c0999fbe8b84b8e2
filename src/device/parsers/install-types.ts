// What the install-output tracker reads (install-output.ts): an install operation's phases, questions,
// remove lists, failures and outcome, and the events a job shows while it runs.
import type { InstallFailure } from './install-failure';
import type { InstallQuestionKind } from './install-line';
import type { ParseNote } from './parse-note';

export interface InstallPhase {
  /** As the device names it: `initial file syncing`, `Add`, `Activate`, `Commit`, `Abort`, `Post_Remove_Cleanup` … */
  name: string;
  /** `Add: Passed on [1/R0 2/R0]`: the members, as printed. */
  passedOn?: string[];
  failedOn?: string[];
  /** Per-member steps: `[1] Activate package(s) on Switch 1` … `[1] Finished Activate on Switch 1`. */
  members: { member: string; action: string; finished: boolean }[];
  finished: boolean;
}

export interface InstallQuestion {
  kind: InstallQuestionKind;
  text: string;
  /** What was typed after it (`y`, `n`, `yes`); absent while it waits or when the echo was lost. */
  answer?: string;
  lineNumber: number;
}

export interface RemovalFile {
  /** `R0`, `switch 1`, … when the list names one. */
  member?: string;
  file: string;
}

export interface InstallRemoval {
  /** `File is in use, will not delete.` */
  keep: RemovalFile[];
  /** `The following files will be deleted:` (what the question is about). */
  remove: RemovalFile[];
  /** `Deleting file X ... done.` */
  deleted: string[];
  /** Answered `n`: `User Rejected Deletion`. */
  declined: boolean;
}

export type InstallOutcome = 'running' | 'succeeded' | 'failed' | 'incomplete';

export interface InstallOutput {
  /** `add_activate_commit`, `add`, `activate`, `remove` … (`software install` etc. on 3.x). */
  operation?: string;
  /** The date on the `START` line, as printed. */
  startedAt?: string;
  /** `install_add: Adding IMG`, `Checking whether new add is allowed ....`: what the installer says it does. */
  steps: string[];
  phases: InstallPhase[];
  /** `Copying … from … to …`, `Info: Finished copying …`: the image going to every member. */
  sync: string[];
  /** `Image added. Version: 17.09.06a.0.12`. */
  imageVersion?: string;
  /** `Following packages shall be activated:` (each once). */
  activating: string[];
  /** The activate's (or 3.x install's) `Removed x` / `Added x` lists. */
  packageChanges: { removed: string[]; added: string[] };
  removal?: InstallRemoval;
  questions: InstallQuestion[];
  /** The question the device is waiting on now (the output ends with it, unanswered). */
  pendingQuestion?: { kind: InstallQuestionKind; text: string };
  /** `[1] Switch 1 Add succeed with reason: …`. */
  memberResults: { member: string; action: string; reason: string }[];
  /** Nothing to do: `Same Image File-No Change`, `SMU Already Added-No Change` (an add that succeeds without change). */
  noChange?: string;
  /** Microcode, boot loader and `Upgrade_Service` lines (what makes a Cat9k upgrade take minutes). */
  microcode: string[];
  /** `Install will reload the system now!` (or 3.x's reload answered yes). */
  willReload: boolean;
  /** The device printed that it is going down (console captures; over SSH the session just drops). */
  reloading: boolean;
  /** From `… auto abort timer will expire in 7200 seconds` or 3.x `Setting rollback timer to 45 minutes`. */
  autoAbortTimerSeconds?: number;
  /** The installer saved the configuration (`Building configuration...` / `[OK]`). */
  configSaved: boolean;
  warnings: string[];
  syslog: string[];
  /** Every `FAILED:` line (and 3.x `% … Operation aborted.`), in order. */
  failures: InstallFailure[];
  /** Why it failed: the first failure that gives a reason (not the closing summary), else the summary. */
  failure?: InstallFailure;
  outcome: InstallOutcome;
  /** The closing `SUCCESS: …` / `FAILED: …` line (3.x: the completion line). */
  result?: string;
  /** Lines the installer prints that carry nothing a job acts on (`Cleaning up unnecessary package files`). */
  info: string[];
  notes: ParseNote[];
}

/** One thing a job shows while the operation runs; `line` is the device's own text. */
export type InstallEvent = { line: string; lineNumber: number } & (
  | { type: 'started'; operation: string; date?: string }
  | { type: 'phase'; phase: string; status: 'started' | 'passed' | 'failed' | 'finished'; members?: string[] }
  | { type: 'member'; member: string; action: string; finished: boolean }
  | { type: 'syncing' }
  | { type: 'image-added'; version: string }
  | { type: 'question'; question: InstallQuestionKind }
  | { type: 'answered'; question: InstallQuestionKind; answer: string }
  | { type: 'microcode' }
  | { type: 'reload' }
  | { type: 'auto-abort-timer'; seconds: number }
  | { type: 'no-change'; reason: string }
  | { type: 'failed'; failure: InstallFailure }
  | { type: 'succeeded' }
);
