// One command's exchange with the IOS CLI as a pure state machine (house style 13): inputs are the
// text received, "the device went quiet", the timeout and the connection closing; outputs are keys to
// write, output to stream, and the end (reply or error). No sockets, no timers.
import { builtinRules, type DialogueRule, findRule, Refuse } from './dialogue';
import {
  CommandRejectedError,
  CommandTimeoutError,
  ConnectionLostError,
  type DeviceError,
  DialogueRefusedError,
  ReplyTooLongError,
  RommonError,
  UnknownPromptError,
} from './errors';
import { type ExecPrompt, lastLine, looksLikeQuestion, matchExecPrompt, rommonPrompt } from './prompts';
import { appendTerminal, cleanReply, echoEnd } from './terminal-text';

export interface ExchangeSpec {
  device: string;
  command: string;
  /** What the device prompt looks like (`execPromptFor(hostname)`). */
  prompt: RegExp;
  rules: readonly DialogueRule[];
  timeoutMs: number;
  /** Keys written to start the exchange; default `command` + Enter. */
  send?: string;
  /** Longest reply kept, in characters; default `maxReplyChars`. */
  maxReplyChars?: number;
  /**
   * Fail when the device prints nothing for this long (besides `timeoutMs` for the whole command): a
   * copy over a slow link runs for hours while its marks keep coming, a stalled one goes quiet.
   */
  silenceTimeoutMs?: number;
}

export type ExchangeInput =
  | { type: 'data'; chunk: string }
  /** No data for a while: a question at the end of the text is one no rule answers. */
  | { type: 'quiet' }
  | { type: 'timeout' }
  /** Nothing arrived for `silenceTimeoutMs`. */
  | { type: 'silence' }
  | { type: 'closed'; cause?: unknown };

/** What the session must do after a failure: nothing, get the prompt back first, or give up. */
export type AfterFailure = 'ready' | 'resync' | 'close';

export type ExchangeAction =
  | { type: 'write'; text: string }
  | { type: 'output'; text: string }
  /** `prompt` is the device prompt that ended the reply; absent when a rule ended the command. */
  | { type: 'done'; output: string; prompt?: ExecPrompt }
  | { type: 'fail'; error: DeviceError; after: AfterFailure };

interface Refusal {
  prompt: string;
  reason: string;
  reply: string;
  sent: number;
}

export type ExchangeState =
  | { phase: 'running'; text: string; scannedTo: number; emittedTo: number; fired: Readonly<Record<string, number>> }
  | { phase: 'aborting'; text: string; scannedTo: number; emittedTo: number; refusal: Refusal }
  | { phase: 'over'; text: string };

export interface Step {
  state: ExchangeState;
  actions: ExchangeAction[];
}

/** Prompts are short; only the end of the text is searched, so long copy output stays linear. */
const searchWindow = 4096;
/** How often a refusal's reply is repeated when the device asks again (IOS asks a password 3 times). */
const maxRefusalReplies = 3;
/**
 * Device output is untrusted: a reply is held whole (parsers need it), so it has a ceiling. The longest
 * real replies (`show tech-support`, `dir /recursive all-filesystems` on a full SSD, a 1 GiB copy's
 * marks) stay far below 32 MiB.
 */
export const maxReplyChars = 32 * 1024 * 1024;

const rejection = /^% ?(Invalid input detected|Incomplete command|Ambiguous command|Unknown command|Unrecognized command|Invalid command)[^\n]*/m;

export function startExchange(spec: ExchangeSpec): Step {
  return {
    state: { phase: 'running', text: '', scannedTo: 0, emittedTo: 0, fired: {} },
    actions: [{ type: 'write', text: spec.send ?? `${spec.command}\r` }],
  };
}

export function stepExchange(spec: ExchangeSpec, state: ExchangeState, input: ExchangeInput): Step {
  if (state.phase === 'over') return { state, actions: [] };
  switch (input.type) {
    case 'data': {
      const { text, stableLength } = appendTerminal(state.text, input.chunk);
      const limit = spec.maxReplyChars ?? maxReplyChars;
      if (text.length > limit) {
        // Keep the head (the echo and what the command printed first) for the error; drop the rest.
        const kept = text.slice(0, Math.min(text.length, 64 * 1024));
        return fail({ text: kept }, new ReplyTooLongError(spec.device, spec.command, limit, reply(spec, kept, 0)), 'resync', [{ type: 'write', text: '\x03' }]);
      }
      const scannedTo = Math.min(state.scannedTo, stableLength);
      return onData(spec, { ...state, scannedTo, emittedTo: Math.min(state.emittedTo, stableLength) }, text);
    }
    case 'quiet':
      return onQuiet(spec, state);
    case 'timeout':
    case 'silence':
      if (state.phase === 'aborting') return fail(state, refusedError(spec, state), 'resync');
      return fail(
        state,
        input.type === 'silence'
          ? new CommandTimeoutError(spec.device, spec.command, spec.silenceTimeoutMs ?? spec.timeoutMs, reply(spec, state.text, 0), 'silence')
          : new CommandTimeoutError(spec.device, spec.command, spec.timeoutMs, reply(spec, state.text, 0)),
        'resync',
      );
    case 'closed':
      return fail(state, new ConnectionLostError(spec.device, spec.command, reply(spec, state.text, 0), { cause: input.cause }), 'close');
  }
}

function onData(spec: ExchangeSpec, state: Exclude<ExchangeState, { phase: 'over' }>, text: string): Step {
  const actions: ExchangeAction[] = [];
  // Stream what arrived after the echoed command line (the echo is the first line).
  const bodyStart = echoEnd(text, spec.command);
  // Until the command's echo arrives, what comes is left over from before (a late prompt).
  if (bodyStart < 0) return { state: { ...state, text }, actions };
  let emittedTo = Math.min(state.emittedTo, text.length);
  if (text.length > Math.max(emittedTo, bodyStart)) {
    emittedTo = Math.max(emittedTo, bodyStart);
    actions.push({ type: 'output', text: text.slice(emittedTo) });
    emittedTo = text.length;
  }
  const unscanned = text.slice(Math.max(state.scannedTo, bodyStart, text.length - searchWindow));

  const prompt = matchExecPrompt(unscanned, spec.prompt);
  if (prompt) {
    if (state.phase === 'aborting') return fail({ ...state, text }, refusedError(spec, { ...state, text }), 'ready', actions);
    const output = reply(spec, text, prompt.text.length);
    const rejected = rejection.exec(output.split('\n').slice(0, 4).join('\n'));
    const end: ExchangeAction = rejected
      ? { type: 'fail', error: new CommandRejectedError(spec.device, spec.command, rejected[0].trim(), output), after: 'ready' }
      : { type: 'done', output, prompt };
    return { state: { phase: 'over', text }, actions: [...actions, end] };
  }

  const rommon = rommonPrompt.exec(unscanned);
  if (rommon) return fail({ ...state, text }, new RommonError(spec.device, rommon[1], spec.command, reply(spec, text, 0)), 'close', actions);

  const hit = findRule(unscanned, [...builtinRules, ...spec.rules]);
  if (!hit) return { state: { ...state, text, emittedTo }, actions };

  if (state.phase === 'aborting') {
    // The device asked again while we back out (e.g. `Password:` after a wrong secret).
    return repeatRefusal(spec, { ...state, text, emittedTo }, actions);
  }
  const promptText = lastLines(unscanned.slice(hit.match.index));
  const count = state.fired[hit.rule.name] ?? 0;
  const answer = hit.rule.answer({ command: spec.command, prompt: promptText, match: hit.match, count });
  if (answer instanceof Refuse) {
    const refusal: Refusal = { prompt: promptText, reason: answer.reason, reply: answer.reply, sent: 1 };
    actions.push({ type: 'write', text: answer.reply });
    return { state: { phase: 'aborting', text, scannedTo: text.length, emittedTo, refusal }, actions };
  }
  actions.push({ type: 'write', text: answer });
  if (!hit.rule.continue) {
    return { state: { phase: 'over', text }, actions: [...actions, { type: 'done', output: reply(spec, text, 0) }] };
  }
  return { state: { ...state, text, emittedTo, scannedTo: text.length, fired: { ...state.fired, [hit.rule.name]: count + 1 } }, actions };
}

function onQuiet(spec: ExchangeSpec, state: Exclude<ExchangeState, { phase: 'over' }>): Step {
  const pending = lastLine(state.text.slice(state.scannedTo));
  if (!looksLikeQuestion(pending)) return { state, actions: [] };
  if (state.phase === 'aborting') return repeatRefusal(spec, state, []);
  // Never answer blindly: back out with Ctrl-C and report the question.
  const error = new UnknownPromptError(spec.device, spec.command, pending, reply(spec, state.text, 0));
  return fail(state, error, 'resync', [{ type: 'write', text: '\x03' }]);
}

function repeatRefusal(spec: ExchangeSpec, state: Extract<ExchangeState, { phase: 'aborting' }>, actions: ExchangeAction[]): Step {
  if (state.refusal.sent >= maxRefusalReplies) return fail(state, refusedError(spec, state), 'resync', actions);
  const refusal = { ...state.refusal, sent: state.refusal.sent + 1 };
  return {
    state: { ...state, scannedTo: state.text.length, refusal },
    actions: [...actions, { type: 'write', text: refusal.reply }],
  };
}

function refusedError(spec: ExchangeSpec, state: Extract<ExchangeState, { phase: 'aborting' }>): DeviceError {
  const { prompt, reason } = state.refusal;
  return new DialogueRefusedError(spec.device, spec.command, prompt, reason, reply(spec, state.text, 0));
}

function fail(state: { text: string }, error: DeviceError, after: AfterFailure, actions: ExchangeAction[] = []): Step {
  return { state: { phase: 'over', text: state.text }, actions: [...actions, { type: 'fail', error, after }] };
}

function reply(spec: ExchangeSpec, text: string, promptLength: number): string {
  return cleanReply(text, spec.command, promptLength);
}

/** A prompt may span two lines (`%Warning: … exists\nDo you want to over write? [confirm]`). */
function lastLines(text: string): string {
  return text.replace(/^\n+/, '').trimEnd();
}
