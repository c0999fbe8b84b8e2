// Why an install operation failed, read from its `FAILED:` line (or, on IOS-XE 3.x, its `% …
// Operation aborted.` line): the kinds a job acts on differently, and the numbers of a space failure.

export type InstallFailureKind =
  /** `/flash requires 462703 KB of free space, but only 408260 KB is available`. */
  | 'space'
  /** `System configuration has been modified. Please save configuration and resubmit command.` */
  | 'config-modified'
  /** `Booted in bundle mode. For Bundle-to-Install mode conversion, please use one-shot CLI …`. */
  | 'bundle-mode'
  /** `Install ISSU in progress. Abort the ISSU upgrade to proceed`. */
  | 'issu-in-progress'
  /** `Super package already added. Add operation not allowed. 'install remove inactive' …`. */
  | 'already-added'
  /** `Same Image File-No Change` given as a failure (some releases report it as success: see InstallOutput.noChange). */
  | 'same-image'
  /** A pre-check refused the operation: `xFSU requirement pre-check`, `Abort xFSU install since requirement does not met`. */
  | 'precheck'
  /** The summary line that ends a failed operation (`FAILED: add_activate_commit image.bin <date>`): the reason is on an earlier line. */
  | 'summary'
  | 'other';

export interface InstallFailure {
  /** The line as printed (trimmed). */
  line: string;
  /** The text after `FAILED:` (or the 3.x message without `% ` and `Operation aborted.`). */
  reason: string;
  /** The member the line names (`R0`, `Switch 1`), when it names one. */
  member?: string;
  kind: InstallFailureKind;
  /** Space failures: the path IOS checked (`/flash`, `/mnt/sd3/user`, `flash:`) and the figures in KB. */
  path?: string;
  requiredKB?: number;
  availableKB?: number;
  lineNumber: number;
}

const FIGURES = /^ (\d+) KB of free space, but only (\d+) KB is available/;

/** `<path> requires N KB of free space, but only M KB is available`, found without a scan that could backtrack. */
function spaceFigures(reason: string): { path: string; requiredKB: number; availableKB: number } | undefined {
  const at = reason.indexOf(' requires ');
  if (at <= 0) return undefined;
  const figures = FIGURES.exec(reason.slice(at + 9, at + 96));
  if (!figures) return undefined;
  const path = reason.slice(reason.lastIndexOf(' ', at - 1) + 1, at);
  return { path, requiredKB: Number(figures[1]), availableKB: Number(figures[2]) };
}

/** Classifies one failure line. `summary` is set by the caller for the operation's closing line. */
export function installFailure(line: string, reason: string, lineNumber: number, member?: string): InstallFailure {
  const f: InstallFailure = { line, reason, kind: 'other', lineNumber };
  if (member) f.member = member;
  const space = spaceFigures(reason);
  if (space) {
    f.kind = 'space';
    Object.assign(f, space);
  } else if (reason.includes('configuration has been modified')) f.kind = 'config-modified';
  else if (reason.includes('Booted in bundle mode')) f.kind = 'bundle-mode';
  else if (reason.includes('ISSU in progress')) f.kind = 'issu-in-progress';
  else if (reason.includes('already added')) f.kind = 'already-added';
  else if (reason.includes('Same Image')) f.kind = 'same-image';
  else if (reason.includes('pre-check') || reason.includes('requirement does not met') || reason.includes('requirement does not meet')) f.kind = 'precheck';
  return f;
}

const OPERATION = /^(?:install_[a-z_]+|add_activate_commit)$/;

/**
 * Splits a `FAILED:` text into the operation it names and its reason: `install_abort : System
 * configuration has been modified…` → the reason after ` : `; `add_activate_commit image.bin <date>`
 * (the closing summary, whose reason is on the member lines before it) → `summary: true`.
 */
export function failureText(text: string): { operation?: string; reason: string; summary: boolean } {
  const word = text.split(' ')[0] ?? '';
  if (!OPERATION.test(word)) return { reason: text, summary: false };
  const sep = text.indexOf(' : ');
  if (sep > 0) return { operation: word, reason: text.slice(sep + 3).trim(), summary: false };
  return { operation: word, reason: text, summary: true };
}
