// The rcp source (`rcp -f`: we send one file) and sink (`rcp -t`: we receive one file) as pure state
// machines: step(state, input) → { state, actions }. No sockets, files or timers: the server runs
// the actions (send bytes, stream the file, authorize, write, commit) and feeds the outcomes back.
import {
  decodeReply,
  decodeSourceMessage,
  formatFileRecord,
  formatReply,
  formatTimesRecord,
  maxLineBytes,
  okReply,
  type RcpReply,
} from './rcp-codec';

export type RcpAction =
  | { type: 'send'; bytes: Uint8Array }
  /** Source: send exactly the file's bytes now, then feed `data-sent`. */
  | { type: 'stream-file' }
  /** Sink: ask the access policy for the upload (name and declared size), then feed `authorized` or `denied`. */
  | { type: 'authorize'; name: string; sizeBytes: number; mode: number }
  /** Sink: append to the upload, in order. */
  | { type: 'write'; chunk: Uint8Array }
  /** Sink: the whole file and its trailing `\0` arrived: commit it, then feed `committed` or `commit-failed`. */
  | { type: 'commit' }
  /** The file went across completely (source: the peer acknowledged it; sink: committed). */
  | { type: 'finished' }
  /** End of the connection. `error` set: the transfer failed (partial uploads are discarded). */
  | { type: 'close'; error?: string };

/** Inputs both machines share: bytes from the peer, its end of stream, an idle timeout. */
type CommonInput = { type: 'bytes'; data: Uint8Array } | { type: 'eof' } | { type: 'timeout' };

export interface Step<S> {
  state: S;
  actions: RcpAction[];
}

const empty = new Uint8Array(0);

function append(a: Uint8Array, b: Uint8Array): Uint8Array {
  return a.length === 0 ? b : Buffer.concat([a, b]);
}

function peerProblem(reply: Exclude<RcpReply, { type: 'ok' }>): string {
  return `the peer reported: ${reply.message}`;
}

// ---- source: the peer copies a file from us (`rcp -f NAME`) ----------------------------------------

export interface SourceFile {
  name: string;
  sizeBytes: number;
  mode: number;
  /** Present when the peer asked for times (`-p`): a T record goes first. */
  times?: { mtimeSec: number; atimeSec: number };
}

export type SourceState =
  | { kind: 'await-ready'; file: SourceFile; buffered: Uint8Array }
  | { kind: 'await-times-ack'; file: SourceFile; buffered: Uint8Array }
  | { kind: 'await-record-ack'; file: SourceFile; buffered: Uint8Array }
  | { kind: 'sending'; file: SourceFile; buffered: Uint8Array }
  | { kind: 'await-final-ack'; file: SourceFile; buffered: Uint8Array }
  | { kind: 'closed' };

export type SourceInput = CommonInput | { type: 'data-sent' };

/** The sink speaks first (a `\0` when it is ready), so a source starts by waiting. */
export function startSource(file: SourceFile): Step<SourceState> {
  return { state: { kind: 'await-ready', file, buffered: empty }, actions: [] };
}

export function stepSource(state: SourceState, input: SourceInput): Step<SourceState> {
  if (state.kind === 'closed') return { state, actions: [] };
  switch (input.type) {
    case 'timeout':
      return closeWith(`no reply from the peer in time (while ${describeSource(state.kind)})`);
    case 'eof':
      return closeWith(`the peer closed the connection while ${describeSource(state.kind)}`);
    case 'data-sent':
      if (state.kind !== 'sending') return closeWith('internal: data-sent outside sending');
      // The source's `\0` after the data says "all of it, no read error"; the sink acknowledges it.
      return pumpSource({ kind: 'await-final-ack', file: state.file, buffered: state.buffered }, [{ type: 'send', bytes: okReply }]);
    case 'bytes': {
      const buffered = append(state.buffered, input.data);
      // The sink only ever sends short replies; more than that while we wait is not rcp.
      if (buffered.length > maxLineBytes + 1) return closeWith('the peer sent more than a reply');
      return pumpSource({ ...state, buffered }, []);
    }
  }
}

function pumpSource(state: Exclude<SourceState, { kind: 'closed' }>, actions: RcpAction[]): Step<SourceState> {
  let s: SourceState = state;
  while (s.kind !== 'closed' && s.kind !== 'sending' && s.buffered.length > 0) {
    let decoded;
    try {
      decoded = decodeReply(s.buffered);
    } catch (err) {
      return closeWith((err as Error).message, actions);
    }
    if (decoded.kind === 'need-more') break;
    const reply = decoded.message;
    if (reply.type !== 'ok') return closeWith(peerProblem(reply), actions);
    const file: SourceFile = s.file;
    const buffered = decoded.rest;
    switch (s.kind) {
      case 'await-ready':
        if (file.times) {
          actions.push({ type: 'send', bytes: formatTimesRecord(file.times.mtimeSec, file.times.atimeSec) });
          s = { kind: 'await-times-ack', file, buffered };
        } else {
          actions.push({ type: 'send', bytes: formatFileRecord(file.mode, file.sizeBytes, file.name) });
          s = { kind: 'await-record-ack', file, buffered };
        }
        break;
      case 'await-times-ack':
        actions.push({ type: 'send', bytes: formatFileRecord(file.mode, file.sizeBytes, file.name) });
        s = { kind: 'await-record-ack', file, buffered };
        break;
      case 'await-record-ack':
        actions.push({ type: 'stream-file' });
        s = { kind: 'sending', file, buffered };
        break;
      case 'await-final-ack':
        // One file per connection: closing is how rcp says "no more files".
        actions.push({ type: 'finished' }, { type: 'close' });
        s = { kind: 'closed' };
        break;
    }
  }
  return { state: s, actions };
}

function describeSource(kind: SourceState['kind']): string {
  switch (kind) {
    case 'await-ready':
      return 'waiting for the peer to be ready';
    case 'await-times-ack':
    case 'await-record-ack':
      return 'waiting for the peer to accept the file';
    case 'sending':
      return 'sending the file';
    case 'await-final-ack':
      return 'waiting for the peer to confirm the file';
    case 'closed':
      return 'closed';
  }
}

// ---- sink: the peer copies a file to us (`rcp -t NAME`) --------------------------------------------

export type SinkState =
  | { kind: 'await-record'; target: string; buffered: Uint8Array }
  | { kind: 'authorizing'; target: string; sizeBytes: number; buffered: Uint8Array }
  | { kind: 'receiving'; remaining: number; buffered: Uint8Array }
  | { kind: 'await-trailer'; buffered: Uint8Array }
  | { kind: 'committing'; buffered: Uint8Array }
  /** The file is committed; the peer's end of stream closes the connection. */
  | { kind: 'done'; buffered: Uint8Array }
  | { kind: 'closed' };

export type SinkInput =
  | CommonInput
  | { type: 'authorized' }
  | { type: 'denied'; message: string }
  | { type: 'committed' }
  | { type: 'commit-failed'; message: string };

/**
 * `target` is the name in `rcp -t NAME`. When it is "." (what BSD rcp sends for `user@host:` with no
 * path) the file takes the name from its C record, as rcp does for a directory target.
 */
export function startSink(target: string): Step<SinkState> {
  return { state: { kind: 'await-record', target, buffered: empty }, actions: [{ type: 'send', bytes: okReply }] };
}

export function stepSink(state: SinkState, input: SinkInput): Step<SinkState> {
  if (state.kind === 'closed') return { state, actions: [] };
  switch (input.type) {
    case 'timeout':
      return closeWith(`nothing from the peer in time (${describeSink(state.kind)}); the partial file was discarded`);
    case 'eof':
      if (state.kind === 'done') return { state: { kind: 'closed' }, actions: [{ type: 'close' }] };
      if (state.kind === 'await-record') return closeWith('the peer closed the connection without sending a file');
      return closeWith(`the peer closed the connection (${describeSink(state.kind)}); the partial file was discarded`);
    case 'authorized':
      if (state.kind !== 'authorizing') return closeWith('internal: authorized outside authorizing');
      return pumpSink({ kind: 'receiving', remaining: state.sizeBytes, buffered: state.buffered }, [{ type: 'send', bytes: okReply }]);
    case 'denied':
      return closeWith(input.message, [{ type: 'send', bytes: formatReply({ type: 'warning', message: input.message }) }]);
    case 'committed':
      if (state.kind !== 'committing') return closeWith('internal: committed outside committing');
      return pumpSink({ kind: 'done', buffered: state.buffered }, [{ type: 'finished' }, { type: 'send', bytes: okReply }]);
    case 'commit-failed':
      return closeWith(input.message, [{ type: 'send', bytes: formatReply({ type: 'warning', message: input.message }) }]);
    case 'bytes':
      return pumpSink({ ...state, buffered: append(state.buffered, input.data) }, []);
  }
}

function pumpSink(state: Exclude<SinkState, { kind: 'closed' }>, actions: RcpAction[]): Step<SinkState> {
  let s: Exclude<SinkState, { kind: 'closed' }> = state;
  while (s.buffered.length > 0) {
    if (s.kind === 'authorizing' || s.kind === 'committing') break; // wait for the server's answer
    if (s.kind === 'receiving') {
      const take = Math.min(s.remaining, s.buffered.length);
      if (take > 0) actions.push({ type: 'write', chunk: s.buffered.subarray(0, take) });
      const remaining: number = s.remaining - take;
      s = remaining === 0 ? { kind: 'await-trailer', buffered: s.buffered.subarray(take) } : { kind: 'receiving', remaining, buffered: empty };
      continue;
    }
    if (s.kind === 'await-trailer') {
      let decoded;
      try {
        decoded = decodeReply(s.buffered);
      } catch (err) {
        return closeWith(`${(err as Error).message} after the file data; the partial file was discarded`, actions);
      }
      if (decoded.kind === 'need-more') break;
      // A source that hit a read error mid-file pads the data and sends \1 instead of \0.
      if (decoded.message.type !== 'ok') return closeWith(`${peerProblem(decoded.message)}; the partial file was discarded`, actions);
      actions.push({ type: 'commit' });
      s = { kind: 'committing', buffered: decoded.rest };
      continue;
    }
    // await-record or done: a control record (or the source's own error) is next.
    let decoded;
    try {
      decoded = decodeSourceMessage(s.buffered);
    } catch (err) {
      return refuse((err as Error).message, actions);
    }
    if (decoded.kind === 'need-more') break;
    const m = decoded.message;
    if (s.kind === 'done') return refuse('only one file is accepted per copy', actions);
    switch (m.type) {
      case 'warning':
      case 'fatal':
        return closeWith(peerProblem(m), actions);
      case 'times':
        // Tolerated and acknowledged; the upload keeps its own time (IOS images carry no useful mtime).
        actions.push({ type: 'send', bytes: okReply });
        s = { ...s, buffered: decoded.rest };
        continue;
      case 'directory':
      case 'end-directory':
        return refuse('directories are not accepted; copy one file', actions);
      case 'file': {
        const name: string = s.target === '.' ? m.name : s.target;
        actions.push({ type: 'authorize', name, sizeBytes: m.sizeBytes, mode: m.mode });
        s = { kind: 'authorizing', target: name, sizeBytes: m.sizeBytes, buffered: decoded.rest };
        continue;
      }
    }
  }
  // A zero-byte file has nothing to receive: go straight to its trailer.
  if (s.kind === 'receiving' && s.remaining === 0) s = { kind: 'await-trailer', buffered: empty };
  return { state: s, actions };
}

function describeSink(kind: SinkState['kind']): string {
  switch (kind) {
    case 'await-record':
      return 'waiting for the file record';
    case 'authorizing':
      return 'checking the upload';
    case 'receiving':
      return 'in the middle of the file';
    case 'await-trailer':
    case 'committing':
      return 'at the end of the file';
    case 'done':
      return 'after the file';
    case 'closed':
      return 'closed';
  }
}

/** A refusal the peer is told about (`\1message\n`), then the end. */
function refuse(message: string, actions: RcpAction[]): Step<SinkState> {
  return closeWith(message, [...actions, { type: 'send', bytes: formatReply({ type: 'warning', message }) }]);
}

function closeWith(error: string, actions: RcpAction[] = []): Step<{ kind: 'closed' }> {
  return { state: { kind: 'closed' }, actions: [...actions, { type: 'close', error }] };
}
