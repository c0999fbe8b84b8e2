// The output of IOS-XE `install add | activate | commit | abort | rollback | remove | deactivate`, the
// one-shot `install add file X activate commit`, and IOS-XE 3.x `software install | commit | clean |
// expand`, as it streams: the phases (`--- Starting Add ---` … `Add: Passed on [1 2]` … `Finished Add`),
// members, file syncing, `Image added. Version: …`, the packages to activate, the `[y/n]` questions, the
// files `install remove inactive` deletes and keeps, microcode updates, the reload, and the outcome:
// any `FAILED:` line ends the operation with that line as its reason; `SUCCESS: install_…` ends it well.
// Pure (no I/O, no timers); fed chunks of any size. Unknown lines are kept as notes, never thrown.
import { classifyInstallLine, isCommandEcho, isInfoLine, questionIn, type InstallLine } from './install-line';
import { failureText, installFailure, type InstallFailure } from './install-failure';
import type { InstallEvent, InstallOutput, InstallPhase, InstallQuestion, InstallRemoval } from './install-types';
import { MAX_LINE_CHARS, refuseLongLines, type OutputLine } from './output-lines';
import { ParseError } from './parse-error';
import { missing } from './parse-note';
import { softwareLine, type SoftwareLine } from './software-install-line';

export type { InstallFailure, InstallFailureKind } from './install-failure';
export type { InstallQuestionKind } from './install-line';
export type { InstallEvent, InstallOutcome, InstallOutput, InstallPhase, InstallQuestion, InstallRemoval, RemovalFile } from './install-types';

type EventBody = InstallEvent extends infer E ? (E extends InstallEvent ? Omit<E, 'line' | 'lineNumber'> : never) : never;

const COMMAND = 'install';
/** The questions are under 200 characters: how much of an unfinished line is looked at for one. */
const QUESTION_TAIL = 256;
const NO_EVENTS: readonly InstallEvent[] = Object.freeze([]);


/** Follows an install operation as its output arrives. */
export class InstallProgressTracker {
  private buffer = '';
  private lineNumber = 0;
  private seenOutput = false;
  private recognised = false;
  private pendingCR = false;
  private tail = '';
  /** The last two characters of the unfinished line but its trailing blanks: whether it may be a question. */
  private tailEnd = '';
  /** The line being read, as printed (trailing blanks cut): what a note quotes. */
  private current = '';
  /** The first line over MAX_LINE_CHARS: no installer prints one, so the output is refused at finish(). */
  private tooLong: OutputLine | undefined;
  private list: 'activate' | 'keep' | 'keep-plain' | 'remove' | 'changes-old' | 'changes-new' | undefined;
  private listMember: string | undefined;
  private lastBareName: string | undefined;
  private askedAt: number | undefined;
  private events: InstallEvent[] = [];
  private readonly s: InstallOutput = {
    steps: [],
    phases: [],
    sync: [],
    activating: [],
    packageChanges: { removed: [], added: [] },
    questions: [],
    memberResults: [],
    microcode: [],
    willReload: false,
    reloading: false,
    configSaved: false,
    warnings: [],
    syslog: [],
    failures: [],
    outcome: 'running',
    info: [],
    notes: [],
  };

  /** Feeds the next chunk; returns what happened in it. */
  push(chunk: string): readonly InstallEvent[] {
    // CRLF and a lone CR end a line, as for every parser; a CR at the end of a chunk waits for the next one's LF.
    let text = chunk;
    if (this.pendingCR || text.includes('\r')) {
      if (this.pendingCR) text = `\r${text}`;
      this.pendingCR = text.endsWith('\r');
      if (this.pendingCR) text = text.slice(0, -1);
      text = text.replace(/\r\n?/g, '\n');
    }
    if (text.includes('\n')) {
      const lines = (this.buffer + text).split('\n');
      this.buffer = lines.pop() ?? '';
      this.tail = this.buffer.slice(-QUESTION_TAIL);
      this.tailEnd = this.tail.trimEnd().slice(-2);
      for (const l of lines) this.line(l);
    } else {
      this.buffer += text;
      // The end of the unfinished line, kept apart (slicing the growing buffer would copy all of it
      // each time) and cut back only now and then: a line arriving a byte at a time costs little per byte.
      this.tail += text;
      if (this.tail.length > 2 * QUESTION_TAIL) this.tail = this.tail.slice(-QUESTION_TAIL);
      const printed = text.trimEnd();
      if (printed !== '') this.tailEnd = (this.tailEnd + printed).slice(-2);
    }
    // A device that never sends a line end cannot grow the buffer without bound.
    if (this.buffer.length > MAX_LINE_CHARS) {
      this.line(this.buffer);
      this.buffer = '';
      this.tail = '';
      this.tailEnd = '';
    }
    // A question waits for its answer with no line end after it (`[y/n]`, `[yes/no]: `): looked for
    // only when the text ends like one.
    if (this.tailEnd.endsWith(']') || this.tailEnd === ']:') {
      const q = questionIn(this.tail.slice(-QUESTION_TAIL));
      if (q && q.answer === '' && this.askedAt !== this.lineNumber + 1) {
        this.askedAt = this.lineNumber + 1;
        this.s.pendingQuestion = { kind: q.question, text: q.text };
        this.emit(q.text, this.lineNumber + 1, { type: 'question', question: q.question });
      }
    }
    if (this.events.length === 0) return NO_EVENTS;
    const out = this.events;
    this.events = [];
    return out;
  }

  /** The state so far (a copy: what the tracker changes later is copied, the rest is never changed). */
  snapshot(): InstallOutput {
    const s = this.s;
    const out: InstallOutput = {
      ...s,
      steps: [...s.steps],
      phases: s.phases.map((p) => ({ ...p, members: p.members.map((m) => ({ ...m })) })),
      sync: [...s.sync],
      activating: [...s.activating],
      packageChanges: { removed: [...s.packageChanges.removed], added: [...s.packageChanges.added] },
      questions: [...s.questions],
      memberResults: [...s.memberResults],
      microcode: [...s.microcode],
      warnings: [...s.warnings],
      syslog: [...s.syslog],
      failures: [...s.failures],
      info: [...s.info],
      notes: [...s.notes],
    };
    if (s.removal) out.removal = { ...s.removal, keep: [...s.removal.keep], remove: [...s.removal.remove], deleted: [...s.removal.deleted] };
    return out;
  }

  /**
   * The output is complete. Throws ParseError only for output that is not an install operation's:
   * empty, a rejected command (`% Invalid input …`), a line over 64 KiB, or nothing an installer prints. Output cut short
   * (a reload drops the session) is `incomplete`, with a note.
   */
  finish(): InstallOutput {
    if (this.pendingCR) {
      this.pendingCR = false;
      this.push('\n');
    }
    if (this.buffer !== '') {
      this.line(this.buffer);
      this.buffer = '';
    }
    if (this.tooLong) refuseLongLines(COMMAND, [this.tooLong]);
    if (!this.seenOutput) throw new ParseError(COMMAND, 'the output is empty');
    const rejected = this.s.notes.find((n) => n.line !== undefined && /^%\s*(?:Invalid input|Incomplete command|Ambiguous command)/.test(n.line.trim()));
    if (rejected) throw new ParseError(COMMAND, 'the device rejected the command', rejected.line, rejected.lineNumber);
    if (!this.recognised) {
      const first = this.s.notes[0];
      throw new ParseError(COMMAND, 'this is not the output of an install operation', first?.line ?? '', first?.lineNumber);
    }
    if (this.s.outcome === 'running') {
      this.s.outcome = 'incomplete';
      this.s.notes.push(missing('outcome', 'the output ends before a SUCCESS or FAILED line (the session dropped, or the capture was cut)'));
    }
    return this.snapshot();
  }

  private emit(line: string, lineNumber: number, body: EventBody): void {
    this.events.push({ line, lineNumber, ...body } as InstallEvent);
  }

  private line(raw: string): void {
    this.lineNumber++;
    const n = this.lineNumber;
    if (raw.length > MAX_LINE_CHARS) {
      this.tooLong ??= { text: raw, n };
      return;
    }
    const text = raw.trimEnd();
    this.current = text;
    if (text.trim() === '') return;
    this.seenOutput = true;
    // The echoed command (with its prompt, or scrolled: `$…bin activate commit`) comes before any output.
    if (!this.recognised && isCommandEcho(text.trim())) return;
    for (const l of classifyInstallLine(text)) this.read(l, text.trim(), n);
  }

  private phase(): InstallPhase | undefined {
    return this.s.phases[this.s.phases.length - 1];
  }

  private fail(f: InstallFailure): void {
    this.s.failures.push(f);
    if (!this.s.failure || (this.s.failure.kind === 'summary' && f.kind !== 'summary')) this.s.failure = f;
    if (f.kind === 'summary' || this.s.outcome === 'running') this.s.outcome = 'failed';
    this.emit(f.line, f.lineNumber, { type: 'failed', failure: f });
  }

  private read(l: InstallLine, text: string, n: number): void {
    const s = this.s;
    if (l.kind !== 'syslog') {
      if (s.pendingQuestion && l.kind !== 'question') delete s.pendingQuestion;
      // A list ends at the first line that is not one of its entries.
      if (this.list && !(l.kind === 'text' || l.kind === 'tagged')) this.list = undefined;
    }
    if (l.kind !== 'text') this.recognised = true;
    switch (l.kind) {
      case 'start':
        s.operation ??= l.operation;
        s.startedAt ??= l.date;
        return this.emit(text, n, { type: 'started', operation: l.operation, date: l.date });
      case 'step':
        s.operation ??= l.operation;
        s.steps.push(l.text);
        return;
      case 'phase-start':
        s.phases.push({ name: l.phase, members: [], finished: false });
        return this.emit(text, n, { type: 'phase', phase: l.phase, status: 'started' });
      case 'performing':
      case 'checking':
        if (l.phase === 'Upgrade_Service' || l.phase.startsWith('xFSU')) s.microcode.push(text);
        return;
      case 'passed':
      case 'failed-on': {
        const p = this.phase() ?? this.newPhase(l.phase);
        if (l.kind === 'passed') p.passedOn = l.members;
        else p.failedOn = l.members;
        return this.emit(text, n, { type: 'phase', phase: p.name, status: l.kind === 'passed' ? 'passed' : 'failed', members: l.members });
      }
      case 'phase-end': {
        const p = [...s.phases].reverse().find((x) => x.name === l.phase) ?? this.phase();
        if (p) p.finished = true;
        return this.emit(text, n, { type: 'phase', phase: p?.name ?? l.phase, status: 'finished' });
      }
      case 'member-step': {
        const p = this.phase() ?? this.newPhase(l.action);
        const m = p.members.find((x) => x.member === l.member && x.action === l.action);
        if (m) m.finished ||= l.finished;
        else p.members.push({ member: l.member, action: l.action, finished: l.finished });
        return this.emit(text, n, { type: 'member', member: l.member, action: l.action, finished: l.finished });
      }
      case 'member-result':
        s.memberResults.push({ member: l.member, action: l.action, reason: l.reason });
        if (l.reason.includes('User Rejected Deletion')) this.removal().declined = true;
        if (l.reason.endsWith('No Change') && s.noChange === undefined) {
          s.noChange = l.reason;
          this.emit(text, n, { type: 'no-change', reason: l.reason });
        }
        return;
      case 'failed': {
        const { operation, reason, summary } = failureText(l.reason);
        const f = installFailure(text, reason, n, l.member);
        if (summary) f.kind = 'summary';
        if (operation) {
          s.operation ??= operation.replace(/^install_/, '');
          s.result = text;
        }
        return this.fail(f);
      }
      case 'success':
        if (l.text.includes('Upgrade_Service')) s.microcode.push(text);
        if (!l.final) return;
        s.result = l.text;
        s.operation ??= l.operation;
        if (s.outcome === 'running') s.outcome = 'succeeded';
        return this.emit(text, n, { type: 'succeeded' });
      case 'sync':
        s.sync.push(l.text);
        return this.emit(text, n, { type: 'syncing' });
      case 'image-added':
        s.imageVersion = l.version;
        return this.emit(text, n, { type: 'image-added', version: l.version });
      case 'activate-list':
        this.list = 'activate';
        return;
      case 'question':
        return this.question(l, text, n);
      case 'tagged':
        return this.tagged(l.tag, l.body, text, n);
      case 'syslog':
        s.syslog.push(l.text);
        if (l.timerSeconds !== undefined) {
          s.autoAbortTimerSeconds = l.timerSeconds;
          this.emit(text, n, { type: 'auto-abort-timer', seconds: l.timerSeconds });
        }
        if (l.reload) this.reload(text, n);
        return;
      case 'microcode':
        s.microcode.push(l.text);
        return this.emit(text, n, { type: 'microcode' });
      case 'reload':
        return this.reload(text, n);
      case 'will-reload':
        s.willReload = true;
        return this.emit(text, n, { type: 'reload' });
      case 'warning':
        s.warnings.push(l.text);
        return;
      case 'config-saved':
        s.configSaved = true;
        return;
      case 'changes-start':
      case 'changes-end':
        return;
      case 'text':
        return this.text(l.text, text, n);
    }
  }

  private newPhase(name: string): InstallPhase {
    const p: InstallPhase = { name, members: [], finished: false };
    this.s.phases.push(p);
    return p;
  }

  private removal(): InstallRemoval {
    this.s.removal ??= { keep: [], remove: [], deleted: [], declined: false };
    return this.s.removal;
  }

  private reload(text: string, n: number): void {
    if (!this.s.reloading) this.emit(text, n, { type: 'reload' });
    this.s.reloading = true;
  }

  private question(l: Extract<InstallLine, { kind: 'question' }>, text: string, n: number): void {
    this.list = undefined;
    delete this.s.pendingQuestion;
    const q: InstallQuestion = { kind: l.question, text: l.text, lineNumber: n };
    if (l.answer !== '') q.answer = l.answer;
    this.s.questions.push(q);
    if (this.askedAt !== n) this.emit(text, n, { type: 'question', question: l.question });
    this.askedAt = undefined;
    if (q.answer !== undefined) this.emit(text, n, { type: 'answered', question: l.question, answer: q.answer });
    else this.s.pendingQuestion = { kind: l.question, text: l.text };
    const yes = q.answer !== undefined && q.answer.toLowerCase().startsWith('y');
    if (yes && l.question === 'software-reload') this.s.willReload = true;
    if (q.answer !== undefined && !yes && (l.question === 'remove-files' || l.question === 'software-delete')) this.removal().declined = true;
  }

  /** `[R0]: /flash/x File is in use, will not delete.`, `[switch 1]:`, `[1 2]: <3.x line>`. */
  private tagged(tag: string, body: string, text: string, n: number): void {
    const s = this.s;
    if (/^\d+(?: \d+)*$/.test(tag)) {
      if (body.startsWith('Performing Upgrade_Service')) {
        s.microcode.push(text);
        return this.emit(text, n, { type: 'microcode' });
      }
      const sw = softwareLine(body);
      if (sw) return this.software(sw, tag, text, n);
      return this.text(body, text, n);
    }
    this.recognised = true;
    const inUse = body.indexOf(' File is in use, will not delete.');
    if (inUse > 0) {
      this.removal().keep.push({ member: tag, file: body.slice(0, inUse).trim() });
      this.list = 'keep';
      return;
    }
    if (body === '') {
      this.listMember = tag;
      return;
    }
    if (this.list === 'remove') this.removal().remove.push({ member: tag, file: body });
    else this.note(text, n);
  }

  /** A 3.x `software …` line (after its `[1 2]:` tag). */
  private software(l: SoftwareLine, tag: string, text: string, n: number): void {
    const s = this.s;
    this.recognised = true;
    switch (l.kind) {
      case 'phase':
        s.phases.push({ name: l.phase, members: [], finished: false });
        return this.emit(text, n, { type: 'phase', phase: l.phase, status: l.status, members: tag.split(' ') });
      case 'step':
        s.steps.push(l.text);
        return;
      case 'sync':
        s.sync.push(l.text);
        return this.emit(text, n, { type: 'syncing' });
      case 'list':
        this.list = l.list;
        this.lastBareName = undefined;
        return;
      case 'timer':
        s.autoAbortTimerSeconds = l.minutes * 60;
        return this.emit(text, n, { type: 'auto-abort-timer', seconds: l.minutes * 60 });
      case 'reload':
        return this.reload(text, n);
      case 'done': {
        const p = this.phase();
        if (p && !p.finished) {
          p.finished = true;
          p.passedOn ??= tag.split(' ');
        }
        s.result = text;
        if (s.outcome === 'running') s.outcome = 'succeeded';
        return this.emit(text, n, { type: 'succeeded' });
      }
      case 'aborted':
        return this.fail(installFailure(text, l.reason, n, tag));
      case 'info':
        s.info.push(text);
        return;
    }
  }

  /** A line without a marker: an entry of the list being read, a known informational line, or a note. */
  private text(body: string, text: string, n: number): void {
    const s = this.s;
    if (body.startsWith('Preparing ') && body.endsWith(' operation ...')) {
      this.recognised = true;
      s.operation ??= `software ${body.slice(10, -14)}`;
      return;
    }
    if (body === 'Old files list:' || body === 'New files list:') {
      this.recognised = true;
      this.list = body.startsWith('Old') ? 'changes-old' : 'changes-new';
      return;
    }
    if (body === 'The following files will be deleted:' || body === 'Files that will be deleted:') {
      this.recognised = true;
      this.list = 'remove';
      this.listMember = undefined;
      this.removal();
      return;
    }
    if (body === 'In use files, will not delete:') {
      this.list = 'keep-plain';
      return;
    }
    if (body === 'File is in use, will not delete.') {
      if (this.lastBareName) this.removal().keep.push({ file: this.lastBareName });
      this.lastBareName = undefined;
      return;
    }
    if (body.startsWith('Deleting file ') && body.endsWith(' ... done.')) {
      this.removal().deleted.push(body.slice(14, -10));
      return;
    }
    const single = !body.includes(' ');
    switch (this.list) {
      case 'activate':
        if (single) {
          if (!s.activating.includes(body)) s.activating.push(body);
          return;
        }
        break;
      case 'changes-old':
      case 'changes-new':
        if (body.startsWith('Removed ')) return void s.packageChanges.removed.push(body.slice(8));
        if (body.startsWith('Added ')) return void s.packageChanges.added.push(body.slice(6));
        break;
      case 'remove':
        if (single) return void this.removal().remove.push(this.listMember ? { member: this.listMember, file: body } : { file: body });
        break;
      case 'keep-plain':
        if (single) return void this.removal().keep.push({ file: body });
        break;
      default:
        if (single && (body.endsWith('.pkg') || body.endsWith('.conf') || body.endsWith('.bin'))) {
          // A scan entry whose verdict follows on the next line (16.12 and 3.x: `File is in use, will not delete.`).
          this.lastBareName = body;
          return;
        }
    }
    if (isInfoLine(body)) {
      s.info.push(body);
      return;
    }
    this.note(text, n);
  }

  private note(_text: string, n: number): void {
    this.s.notes.push({ kind: 'unparsed', message: 'line not recognised', line: this.current, lineNumber: n });
  }
}

/** Parses a complete install output (the tracker fed once, then finished). */
export function parseInstallOutput(text: string): InstallOutput {
  const t = new InstallProgressTracker();
  t.push(text);
  return t.finish();
}
