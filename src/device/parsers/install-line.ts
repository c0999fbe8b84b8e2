// One line of IOS-XE `install …` output, classified on its own (the tracker in install-output.ts adds
// the context: which list a bare file name belongs to, which question an echo answers). Real lines come
// glued together: a syslog message with the next line on its end (`…private config file [1] Finished
// Commit on  R0`), `[OK]` before a member line, two syslog messages run together. Those are split here.
// No regex has two quantifiers that can match the same characters: every pattern is linear.

/** What the device asks during an install operation. */
export type InstallQuestionKind =
  /** `This operation may require a reload of the system. Do you want to proceed? [y/n]` (activate, abort, one-shot). */
  | 'reload'
  /** `Do you want to remove the above files? [y/n]` (`install remove inactive`). */
  | 'remove-files'
  /** `… Press Quit(q) to exit, you may save configuration and re-enter the command. [y/n/q]` (unsaved configuration). */
  | 'save-config'
  /** `Please confirm you have changed boot config to flash:packages.conf [y/n]` (bundle-to-install one-shot). */
  | 'boot-config'
  /** IOS-XE 3.x `software install … Do you want to proceed with reload? [yes/no]:`. */
  | 'software-reload'
  /** IOS-XE 3.x `software clean … Do you want to proceed with the deletion? [yes/no]:`. */
  | 'software-delete'
  | 'other';

export type InstallLine =
  /** `install_add_activate_commit: START Tue Jun 24 13:33:49 UTC 2025`. */
  | { kind: 'start'; operation: string; date: string }
  /** `install_add: Adding IMG`, `install_activate: Activating IMG`, `install_rollback: Rolling back to base`. */
  | { kind: 'step'; operation: string; text: string }
  /** `--- Starting Add ---` (the name without `--- Starting`/`---`). */
  | { kind: 'phase-start'; phase: string }
  /** `Performing Activate on all members`, `Performing Add on Active/Standby`. */
  | { kind: 'performing'; phase: string; text: string }
  /** `Checking status of Add on [1/R0 2/R0]`. */
  | { kind: 'checking'; phase: string; members: string[] }
  /** `Add: Passed on [1 2]`; `failed` for `…: Failed on […]`. */
  | { kind: 'passed' | 'failed-on'; phase: string; members: string[] }
  /** `Finished Add`, `Finished Commit operation`, `Finished initial file syncing`. */
  | { kind: 'phase-end'; phase: string }
  /** `[1] Activate package(s) on Switch 1`, `[2] Finished Commit packages(s) on Switch 2`. */
  | { kind: 'member-step'; tag: string; action: string; member: string; finished: boolean }
  /** `[1] Switch 1 Add succeed with reason: SMU Already Added-No Change`. */
  | { kind: 'member-result'; tag: string; member: string; action: string; reason: string }
  /** A line with `FAILED:` where IOS puts it: at the start, or after a member (`[1]  R0 FAILED: …`). */
  | { kind: 'failed'; member?: string; reason: string; text: string }
  /** `SUCCESS: install_remove …` (final: names an operation) or `SUCCESS: Files deleted.` / `  SUCCESS: Upgrade_Service finished`. */
  | { kind: 'success'; text: string; final: boolean; operation?: string }
  /** Syncing the image to members: `Copying … from … to …`, `Info: Finished copying …`. */
  | { kind: 'sync'; text: string }
  /** `Image added. Version: 17.09.06a.0.12`. */
  | { kind: 'image-added'; version: string }
  /** `Following packages shall be activated:`. */
  | { kind: 'activate-list' }
  /** A question, and the answer echoed after it on the same line (empty while unanswered). */
  | { kind: 'question'; question: InstallQuestionKind; text: string; answer: string }
  /** `[R0]: /flash/x File is in use, will not delete.`, `[1 2]: Starting install operation`, `[switch 1]:`. */
  | { kind: 'tagged'; tag: string; body: string }
  /** `*Sep 22 16:05:26.116: %SYS-6-PRIVCFG_ENCRYPT_SUCCESS: …`; the timer's seconds when it is the auto-abort one. */
  | { kind: 'syslog'; text: string; timerSeconds?: number; reload?: boolean }
  /** Boot loader, FPGA/MCU microcode and `Upgrade_Service` lines (the long part of a Cat9k upgrade). */
  | { kind: 'microcode'; text: string }
  /** The device going down: `Chassis 1 reloading, reason - …`, `[1]: Reloading`. */
  | { kind: 'reload'; text: string }
  /** `Install will reload the system now!`. */
  | { kind: 'will-reload'; text: string }
  /** `Warning: Booting with bundle mode will be deprecated …`. */
  | { kind: 'warning'; text: string }
  /** `Building configuration...` / `[OK]`: the installer saving the configuration. */
  | { kind: 'config-saved'; text: string }
  /** `--- Starting list of software package changes ---` … `Finished list of software package changes`. */
  | { kind: 'changes-start' | 'changes-end' }
  /** Anything else; the tracker reads it by context (file lists) or keeps it as a note. */
  | { kind: 'text'; text: string };

const QUESTIONS: { kind: InstallQuestionKind; marker: string }[] = [
  { kind: 'save-config', marker: '[y/n/q]' },
  { kind: 'reload', marker: 'Do you want to proceed? [y/n]' },
  { kind: 'remove-files', marker: 'Do you want to remove the above files? [y/n]' },
  { kind: 'boot-config', marker: '[y/n]' },
  { kind: 'software-reload', marker: 'Do you want to proceed with reload? [yes/no]:' },
  { kind: 'software-delete', marker: 'Do you want to proceed with the deletion? [yes/no]:' },
];

/** The question a (possibly unfinished) line asks, with what was typed after it. */
export function questionIn(text: string): { question: InstallQuestionKind; text: string; answer: string } | undefined {
  // Every question ends in a bracketed choice.
  if (!text.includes('[')) return undefined;
  for (const q of QUESTIONS) {
    const at = text.lastIndexOf(q.marker);
    if (at < 0) continue;
    let kind = q.kind;
    if (kind === 'boot-config' && !text.includes('confirm you have changed boot config')) kind = 'other';
    const end = at + q.marker.length;
    return { question: kind, text: text.slice(0, end).trim(), answer: text.slice(end).trim() };
  }
  if (text.endsWith('[y/n]') || text.endsWith('[yes/no]:') || text.endsWith('[yes/no]: ')) return { question: 'other', text: text.trim(), answer: '' };
  return undefined;
}

// `%FACILITY-5-MNEMONIC:` — letters, digits and `_` only, so the three parts cannot overlap.
const SYSLOG_TAG = /%[A-Z][A-Z0-9_]*-\d-[A-Z0-9_]+:/;
// A syslog timestamp before the tag: `*Sep 22 16:05:26.116: `, `Jun 27 06:45:05.694: `, `Mon Sep 25 09:15:34: `.
const STAMP = /^[*.]?(?:[A-Z][a-z]{2} ){1,2} ?\d{1,2} \d{2}:\d{2}:\d{2}(?:\.\d+)?(?: [A-Z]{2,5})?: $/;

/** Where a syslog message starts in `t` (0 or after its timestamp), or -1. */
function syslogStart(t: string): number {
  const pct = t.indexOf('%');
  if (pct < 0 || pct > 40) return -1;
  const tag = SYSLOG_TAG.exec(t.slice(pct, pct + 64));
  if (!tag || tag.index !== 0) return -1;
  if (pct === 0 || STAMP.test(t.slice(0, pct))) return 0;
  return -1;
}

/**
 * Splits the text glued to the end of a syslog message: the next syslog message, an
 * `install_x: START`, or a member line (` [1] Finished …`). Returns [message, rest?].
 */
function splitSyslog(t: string): [string, string | undefined] {
  // Another message run on: `…in 7200 seconds%IOSXEBOOT-4-BOOTLOADER_UPGRADE: …` (after the first message's tag).
  const firstTagEnd = t.indexOf(':', t.indexOf('%')) + 1;
  for (let i = t.indexOf('%', firstTagEnd); i > 0; i = t.indexOf('%', i + 1)) {
    const tag = SYSLOG_TAG.exec(t.slice(i, i + 64));
    if (tag && tag.index === 0) return [t.slice(0, i), t.slice(i)];
  }
  for (let i = t.indexOf('install_'); i > 0; i = t.indexOf('install_', i + 1)) {
    if (/^install_[a-z_]+: START\b/.test(t.slice(i, i + 48))) return [t.slice(0, i).trimEnd(), t.slice(i)];
  }
  for (let i = t.lastIndexOf(' ['); i > 0; i = t.lastIndexOf(' [', i - 1)) {
    if (/^ \[\d+\] \S/.test(t.slice(i, i + 8))) return [t.slice(0, i), t.slice(i + 1)];
  }
  return [t, undefined];
}

/** `[1/R0 2/R0]` → `['1/R0', '2/R0']`. */
function members(bracketed: string): string[] {
  const open = bracketed.indexOf('[');
  const close = bracketed.indexOf(']', open + 1);
  if (open < 0 || close < 0) return [];
  return bracketed
    .slice(open + 1, close)
    .split(' ')
    .filter((m) => m !== '');
}

const PROMPT = /^[A-Za-z0-9][\w.-]*#/;

// `dd` lines (`300+0 records in`, `307200 bytes (307 kB, 300 KiB) copied, …`) are Upgrade_Service's microcode writes.
const MICROCODE = ['MCU UPGRADE', 'MM [', 'Front-end Microcode', 'Microcode', 'PLEASE DO NOT POWER CYCLE', 'records in', 'records out', ') copied, ', 'Send model notification'];

/** How many glued pieces one line is split into at most; the rest is one piece of text. */
const MAX_PIECES = 16;

/** Classifies one line (trailing blanks already cut); a glued line gives several. */
export function classifyInstallLine(raw: string): InstallLine[] {
  let t = raw.trim();
  if (t === '') return [];
  // A console capture: a syslog message printed right after the prompt (`host#Jun 27 06:45:05.694: %ACE-…`).
  const prompt = PROMPT.exec(t);
  if (prompt && syslogStart(t.slice(prompt[0].length).trimStart()) === 0) t = t.slice(prompt[0].length).trimStart();
  const out: InstallLine[] = [];
  while (t !== '') {
    if (out.length === MAX_PIECES) {
      out.push({ kind: 'text', text: t });
      break;
    }
    if (syslogStart(t) === 0) {
      const [message, rest] = splitSyslog(t);
      out.push(syslogLine(message));
      t = rest?.trim() ?? '';
    } else if (t.startsWith('[OK]')) {
      // `[OK] [1] Finished Activate on  R0`: the config save's end, then the member line.
      out.push({ kind: 'config-saved', text: '[OK]' });
      t = t.slice(4).trimStart();
    } else {
      out.push(classifyPlain(t));
      break;
    }
  }
  return out;
}

function syslogLine(text: string): InstallLine {
  const line: InstallLine = { kind: 'syslog', text };
  const timer = /auto abort timer will expire in (\d+) seconds/i.exec(text);
  if (timer) line.timerSeconds = Number(timer[1]);
  if (text.includes('RELOAD') || text.includes('reload action requested') || text.includes('EXITACTION')) line.reload = true;
  return line;
}

function classifyPlain(t: string): InstallLine {
  const q = questionIn(t);
  if (q) return { kind: 'question', ...q };
  if (t.startsWith('[')) return bracketed(t);
  if (t.startsWith('install_')) {
    const colon = t.indexOf(': ');
    if (colon > 8 && /^install_[a-z_]+$/.test(t.slice(0, colon))) {
      const operation = t.slice(8, colon);
      const rest = t.slice(colon + 2);
      if (rest.startsWith('START')) return { kind: 'start', operation, date: rest.slice(5).trim() };
      return { kind: 'step', operation, text: rest };
    }
  }
  if (t.startsWith('FAILED:')) return { kind: 'failed', reason: t.slice(7).trim(), text: t };
  if (t.startsWith('SUCCESS:')) return successLine(t);
  if (t.startsWith('--- Starting ') && t.endsWith(' ---')) {
    const phase = t.slice(13, -4).trim();
    return phase === 'list of software package changes' ? { kind: 'changes-start' } : { kind: 'phase-start', phase: phase.replace(/ operation$/, '') };
  }
  if (t === 'Finished list of software package changes') return { kind: 'changes-end' };
  if (t.startsWith('Performing ')) {
    const on = t.indexOf(' on ');
    return { kind: 'performing', phase: (on > 0 ? t.slice(11, on) : t.slice(11)).trim(), text: t };
  }
  if (t.startsWith('Checking status of ')) {
    const on = t.lastIndexOf(' on [');
    return { kind: 'checking', phase: (on > 0 ? t.slice(19, on) : t.slice(19)).trim(), members: members(t) };
  }
  const passed = t.indexOf(': Passed on [');
  if (passed > 0) return { kind: 'passed', phase: t.slice(0, passed), members: members(t.slice(passed)) };
  const failedOn = t.indexOf(': Failed on [');
  if (failedOn > 0) return { kind: 'failed-on', phase: t.slice(0, failedOn), members: members(t.slice(failedOn)) };
  // An image named by URL is downloaded into flash before the members are synced.
  if (t.startsWith('Downloading file ') || t.startsWith('Finished downloading file ')) return { kind: 'sync', text: t };
  if (t.startsWith('Finished ')) {
    return { kind: 'phase-end', phase: t.slice(9).replace(/ operation$/, '') };
  }
  if (t.startsWith('Image added. Version:')) return { kind: 'image-added', version: t.slice(21).trim() };
  if (t === 'Following packages shall be activated:') return { kind: 'activate-list' };
  if ((t.startsWith('Copying ') && t.includes(' from ') && t.includes(' to ')) || t.startsWith('Info: Finished copying')) return { kind: 'sync', text: t };
  if (t === 'Install will reload the system now!') return { kind: 'will-reload', text: t };
  if (/^(?:Chassis|Switch) \d+ reloading, reason - /.test(t) || t === 'reload fp action requested' || t.startsWith('rp processes exit with reload')) return { kind: 'reload', text: t };
  if (t.startsWith('Warning:')) return { kind: 'warning', text: t };
  if (t === 'Building configuration...') return { kind: 'config-saved', text: t };
  if (t.startsWith('%IOSXEBOOT-') || MICROCODE.some((m) => t.includes(m))) return { kind: 'microcode', text: t };
  const memberFailed = t.indexOf(' FAILED: ');
  if (memberFailed > 0) return { kind: 'failed', member: t.slice(0, memberFailed).trim(), reason: t.slice(memberFailed + 9).trim(), text: t };
  return { kind: 'text', text: t };
}

function successLine(t: string): InstallLine {
  const body = t.slice(8).trim();
  const word = body.split(' ')[0] ?? '';
  if (word.startsWith('install_')) return { kind: 'success', text: t, final: true, operation: word.slice(8) };
  return { kind: 'success', text: t, final: false };
}

/** `[1] …` (a member line), `[R0]: …` / `[1 2]: …` (a tagged line), `[switch 1]:`. */
function bracketed(t: string): InstallLine {
  const close = t.indexOf(']');
  if (close < 0) return { kind: 'text', text: t };
  const tag = t.slice(1, close).trim();
  const after = t.slice(close + 1);
  if (after.startsWith(':')) return { kind: 'tagged', tag, body: after.slice(1).trim() };
  const body = after.trim();
  if (!/^\d+$/.test(tag) || body === '') return { kind: 'text', text: t };
  const failed = body.indexOf('FAILED: ');
  if (failed >= 0) return { kind: 'failed', member: body.slice(0, failed).trim(), reason: body.slice(failed + 8).trim(), text: t };
  const succeed = body.indexOf(' succeed with reason: ');
  if (succeed > 0) {
    const head = body.slice(0, succeed).trim();
    const sp = head.lastIndexOf(' ');
    return { kind: 'member-result', tag, member: sp > 0 ? head.slice(0, sp).trim() : head, action: sp > 0 ? head.slice(sp + 1) : '', reason: body.slice(succeed + 22).trim() };
  }
  const on = body.lastIndexOf(' on ');
  if (on < 0) return { kind: 'text', text: t };
  const member = body.slice(on + 4).trim();
  let action = body.slice(0, on).trim();
  const finished = action.startsWith('Finished ');
  if (finished) action = action.slice(9);
  // `Activate package(s)`, `Commit packages(s)`, `SMU_ABORT packages(s)`: the verb before the word.
  const pkg = action.indexOf(' package');
  if (pkg > 0) action = action.slice(0, pkg);
  return { kind: 'member-step', tag, action, member, finished };
}

/** Informational lines: read, kept in `info`, no note. */
const INFO = [
  'Cleaning up unnecessary package files',
  'No path specified, will use booted path',
  'Cleaning ',
  'Scanning boot directory for packages',
  'Preparing packages list to delete',
  'done.',
  'System configuration has been modified.',
  'Press Yes(y)',
  'Press No(n)',
  'STACK_GR:',
  'System not ready for reload fast',
  'Checking STP eligibility',
  'PID TTY',
  'mount:',
  'Initializing Hardware',
  'System Bootstrap',
  'boot: ',
  'Press RETURN to get started',
];

// An echoed command line (`host#install add …`, a scrolled `$…bin activate commit`) before any output.
const ECHO = /^(?:[\w.-]*#\s?)?(?:install|software|clear install|\$)/;

/** A line the installer prints that carries nothing to act on (`Cleaning up unnecessary package files`). */
export function isInfoLine(body: string): boolean {
  return INFO.some((i) => body.startsWith(i));
}

/** The command line echoed before the output (`host#install add …`, a scrolled `$…bin activate commit`). */
export function isCommandEcho(text: string): boolean {
  return ECHO.test(text) && !text.includes(': START');
}
