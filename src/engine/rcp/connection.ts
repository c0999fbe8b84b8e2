// One rsh/rcp connection: reads the rsh header, asks the access policy, then runs the rcp source or
// sink session, executing its actions (socket writes, DownloadSource reads, AtomicUpload writes).
// One close path: a dropped, stalled or refused connection never leaves a partial upload in place.
import { stat } from 'node:fs/promises';
import type net from 'node:net';
import type { WriteGrant, ReadGrant } from '../access';
import { AtomicUpload, type CompletedUpload } from '../atomic-upload';
import type { EngineContext } from '../context';
import { DownloadSource } from '../download-source';
import { AccessDeniedError, type DenyReason, peerErrorText, printable, TransferError } from '../errors';
import type { TransferTracker } from '../events';
import { normalizeAddress } from '../peer';
import { formatReply, parseRcpCommand, RcpCommandError, type RcpCommand, refusalMessage, unsupportedReason } from './rcp-codec';
import { decodeRshHeader, maxRshHeaderBytes, type RshHeader, RshHeaderError } from './rsh-header';
import { type RcpAction, type SinkInput, type SinkState, type SourceInput, type SourceState, startSink, startSource, stepSink, stepSource } from './session';
import { sendFile } from './send-file';
import { openStderrChannel } from './stderr-channel';

export interface ConnectionOptions {
  requirePrivilegedPort: boolean;
  idleTimeoutMs: number;
  /** Bytes read from the file per socket write when sending. */
  chunkBytes: number;
}

/** How long a refused or finished connection may take to read our last words before it is cut. */
const lingerMs = 2000;
/** Received bytes allowed to wait for the file system before the socket is paused. */
const maxPendingBytes = 4 * 1024 * 1024;

type Machine = { kind: 'header' } | { kind: 'source'; state: SourceState } | { kind: 'sink'; state: SinkState };

export class RcpConnection {
  private readonly peer: string;
  private readonly peerPort: number;
  private machine: Machine = { kind: 'header' };
  private headerBytes: Uint8Array = new Uint8Array(0);
  private stderr?: net.Socket | 'opening';
  private header?: RshHeader;
  private command?: RcpCommand;
  private chain: Promise<void> = Promise.resolve();
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private takeScheduled = false;
  private timer?: NodeJS.Timeout;
  private source?: DownloadSource;
  private readGrant?: ReadGrant;
  private writeGrant?: WriteGrant;
  private upload?: AtomicUpload;
  private tracker?: TransferTracker;
  private committed?: CompletedUpload;
  private succeeded = false;
  private closing?: Promise<void>;

  constructor(
    private readonly socket: net.Socket,
    private readonly ctx: EngineContext,
    private readonly options: ConnectionOptions,
  ) {
    this.peer = normalizeAddress(socket.remoteAddress ?? '');
    this.peerPort = socket.remotePort ?? 0;
    socket.on('error', (err) => void this.close(`connection error: ${err.message}`));
    socket.on('close', () => void this.close('the connection closed'));
    socket.on('end', () => this.enqueue({ type: 'eof' }));
    socket.on('data', (data: Buffer) => {
      if (this.closing) return; // a closing connection reads nothing more (and buffers nothing)
      this.touch();
      this.pending.push(data);
      this.pendingBytes += data.length;
      // Back-pressure: stop reading while a few MiB wait for the file system (or for a send to end).
      if (this.pendingBytes >= maxPendingBytes) socket.pause();
      if (!this.takeScheduled) {
        this.takeScheduled = true;
        this.enqueue('pending');
      }
    });
    this.touch();
    if (options.requirePrivilegedPort && (this.peerPort < 512 || this.peerPort > 1023)) {
      // Classic rshd's check; off by default because a reserved port proves nothing about who connects.
      this.refuse('protocol', '', `source port ${this.peerPort} is not a privileged port (512-1023)`);
    } else if (!ctx.access.allows(this.peer) && ctx.access.admission('rcp', this.peer) !== 'offer') {
      // Before a byte is read and long before any connection back to the peer (as tcpd refuses for
      // rshd): a peer outside --allow, with no offer, is told so with that cause.
      this.refuse('wrong-peer', '', `Permission denied: ${this.peer} is not in the allowed list and nothing is offered to it`);
    }
  }

  /** Ends the connection (server shutdown, timeout, error); resolves once any partial upload is discarded. Idempotent. */
  close(error?: string): Promise<void> {
    if (this.closing) return this.closing;
    this.closing = this.finish(error);
    return this.closing;
  }

  private async finish(error?: string): Promise<void> {
    clearTimeout(this.timer);
    if (this.machine.kind === 'source') this.machine.state = { kind: 'closed' };
    if (this.machine.kind === 'sink') this.machine.state = { kind: 'closed' };
    // Once the transfer succeeded its digest may still be on its way to the tracker: not in flight.
    const inFlight = this.tracker !== undefined && !this.tracker.isSettled && !this.succeeded;
    if (inFlight && error !== undefined) {
      this.socket.destroy(); // nothing more to say mid-transfer
    } else {
      this.socket.end(); // let a refusal message or the last acknowledgement reach the peer
      const linger = setTimeout(() => this.socket.destroy(), lingerMs);
      linger.unref();
      this.socket.once('close', () => clearTimeout(linger));
    }
    if (this.stderr && this.stderr !== 'opening') this.stderr.destroy();
    await this.upload?.abort(); // does nothing once committed
    await this.source?.close();
    this.readGrant?.release(this.succeeded);
    this.writeGrant?.release(this.succeeded);
    if (inFlight && this.tracker) {
      const why = error ?? 'the connection ended before the transfer completed';
      this.tracker.fail(this.bytesSoFar(), new TransferError('rcp', this.peer, this.tracker.info.file, why));
    }
  }

  private bytesSoFar(): number {
    return this.upload?.bytes ?? this.source?.sentBytes ?? 0;
  }

  private touch(): void {
    clearTimeout(this.timer);
    if (this.closing) return;
    this.timer = setTimeout(() => this.onTimeout(), this.options.idleTimeoutMs);
  }

  private onTimeout(): void {
    // Not queued: the queue may be blocked on a write the stalled peer never drains.
    if (this.machine.kind === 'header') {
      this.refuse('protocol', '', `incomplete rsh header after ${this.options.idleTimeoutMs} ms`);
      return;
    }
    void this.apply({ type: 'timeout' });
  }

  /**
   * Inputs are handled one at a time, in order. The socket keeps reading while earlier bytes are
   * written to the file (it pauses only past maxPendingBytes), so disk and network overlap.
   */
  private enqueue(input: 'pending' | { type: 'eof' }): void {
    this.chain = this.chain
      .then(() => {
        if (this.closing) return undefined;
        if (input !== 'pending') return this.handle(input);
        return this.takePending();
      })
      .catch((err) => void this.close(`internal error: ${(err as Error).message}`));
  }

  private async takePending(): Promise<void> {
    this.takeScheduled = false;
    const chunks = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    if (this.socket.isPaused()) this.socket.resume();
    // Chunk by chunk, not concatenated: copying every received byte once more costs more than it saves.
    for (const data of chunks) {
      if (this.closing) return;
      await this.handle({ type: 'bytes', data });
    }
  }

  private async handle(input: { type: 'bytes'; data: Uint8Array } | { type: 'eof' }): Promise<void> {
    if (this.machine.kind !== 'header') return this.apply(input);
    if (input.type === 'bytes') this.headerBytes = Buffer.concat([this.headerBytes, input.data]);
    let decoded;
    try {
      decoded = decodeRshHeader(this.headerBytes, input.type === 'eof');
    } catch (err) {
      if (!(err instanceof RshHeaderError)) throw err;
      // A header cut short has no one left to read a reply; a garbled one gets told why.
      if (err.kind === 'truncated') return this.refused('protocol', '', err.message);
      return this.refuse('protocol', '', err.message);
    }
    if (this.headerBytes.length > maxRshHeaderBytes) return this.refuse('protocol', '', 'rsh header too long');
    const stderrPort = decoded.kind === 'partial' ? decoded.stderrPort : decoded.header.stderrPort;
    // A client that sent its whole header (IOS does) has its user checked before we connect back to
    // it; glibc's rcmd() sends the user only once the stderr connection is up, so it is checked then.
    if (decoded.kind === 'complete' && !this.stderr) {
      const refusal = this.userRefusal(decoded.header);
      if (refusal) return this.refuse('wrong-user', commandName(decoded.header.command), refusal);
    }
    if (stderrPort && !this.stderr) {
      this.stderr = 'opening';
      try {
        this.stderr = await openStderrChannel({ peer: this.peer, port: stderrPort, localAddress: normalizeAddress(this.socket.localAddress ?? '127.0.0.1'), timeoutMs: this.options.idleTimeoutMs });
      } catch (err) {
        return this.refuse('protocol', '', `could not open the stderr connection back to ${this.peer}:${stderrPort} (${(err as Error).message})`);
      }
      if (this.closing) this.stderr.destroy();
    }
    if (decoded.kind === 'complete') {
      this.header = decoded.header;
      await this.start(decoded.header, decoded.rest);
    }
  }

  private async start(header: RshHeader, rest: Uint8Array): Promise<void> {
    let command: RcpCommand;
    try {
      command = parseRcpCommand(header.command);
    } catch (err) {
      if (!(err instanceof RcpCommandError)) throw err;
      return this.refuse('protocol', header.command, err.message);
    }
    this.command = command;
    const unsupported = unsupportedReason(command);
    if (unsupported) return this.refuse('protocol', command.name, unsupported);
    const refusal = this.userRefusal(header);
    if (refusal) return this.refuse('wrong-user', command.name, refusal);
    if (command.direction === 'from-us') {
      await this.startSource(header, command);
    } else {
      this.write(Buffer.from([0])); // rshd's "command accepted"
      const step = startSink(command.name);
      this.machine = { kind: 'sink', state: step.state };
      await this.run(step.actions);
    }
    if (rest.length > 0) await this.apply({ type: 'bytes', data: rest });
  }

  /** Why the header's remote user is refused, if it is. The expected name is not revealed: the device owner fixes it from the job's explanation. */
  private userRefusal(header: RshHeader): string | undefined {
    if (this.ctx.access.acceptsRcpUser(this.peer, header.remoteUser)) return undefined;
    return `remote user '${printable(header.remoteUser)}' is not accepted from ${this.peer} (check the user in the rcp: URL or 'ip rcmd remote-username')`;
  }

  private async startSource(header: RshHeader, command: RcpCommand): Promise<void> {
    try {
      this.readGrant = await this.ctx.access.authorizeRead({ protocol: 'rcp', peer: this.peer, name: command.name, username: header.remoteUser });
    } catch (err) {
      if (!(err instanceof AccessDeniedError)) throw err;
      return this.refuse(err.reason, command.name, err.detail, err.message);
    }
    const grant = this.readGrant;
    try {
      this.source = await DownloadSource.open(grant.path, this.ctx.digestCache);
    } catch (err) {
      // The peer gets the name it asked for; the local path stays in our log.
      return this.refuse('not-found', command.name, `could not open the file: ${peerErrorText(err, command.name)}`, `could not open ${grant.path}: ${(err as Error).message}`);
    }
    const info = await stat(grant.path);
    this.tracker = this.ctx.track({
      protocol: 'rcp',
      peer: this.peer,
      peerPort: this.peerPort,
      file: grant.name,
      localPath: grant.path,
      direction: 'to-peer',
      ...(grant.offerId ? { offerId: grant.offerId } : {}),
      totalBytes: this.source.sizeBytes,
      options: { remoteUser: header.remoteUser, localUser: header.localUser, preserveTimes: command.preserve },
    });
    this.listenForAbort();
    this.write(Buffer.from([0]));
    const step = startSource({
      name: basename(grant.name),
      sizeBytes: this.source.sizeBytes,
      mode: 0o644,
      ...(command.preserve ? { times: { mtimeSec: info.mtimeMs / 1000, atimeSec: info.atimeMs / 1000 } } : {}),
    });
    this.machine = { kind: 'source', state: step.state };
    await this.run(step.actions);
  }

  private async apply(input: SourceInput | SinkInput): Promise<void> {
    const m = this.machine;
    if (m.kind === 'source') {
      if (input.type !== 'bytes' && input.type !== 'eof' && input.type !== 'timeout' && input.type !== 'data-sent') return;
      const step = stepSource(m.state, input);
      m.state = step.state;
      return this.run(step.actions);
    }
    if (m.kind === 'sink') {
      if (input.type === 'data-sent') return;
      const step = stepSink(m.state, input);
      m.state = step.state;
      return this.run(step.actions);
    }
  }

  private async run(actions: RcpAction[]): Promise<void> {
    for (const a of actions) {
      if (this.closing) return;
      switch (a.type) {
        case 'send':
          this.write(a.bytes);
          break;
        case 'stream-file':
          await this.streamFile();
          break;
        case 'authorize':
          await this.authorizeUpload(a.name, a.sizeBytes);
          break;
        case 'write':
          await this.upload?.write(a.chunk).then(
            () => {
              this.tracker?.progress(this.upload?.bytes ?? 0);
              this.touch();
            },
            (err: Error) => this.close(err.message),
          );
          break;
        case 'commit':
          await this.commitUpload();
          break;
        case 'finished':
          this.finishTransfer();
          break;
        case 'close':
          await this.close(a.error);
          break;
      }
    }
  }

  private async streamFile(): Promise<void> {
    if (!this.source) return;
    const outcome = await sendFile(this.socket, this.source, {
      chunkBytes: this.options.chunkBytes,
      onProgress: (bytes) => {
        this.tracker?.progress(bytes);
        this.touch();
      },
      stopped: () => this.closing !== undefined,
    });
    if (outcome === 'short') return this.close('the file became shorter while it was being sent');
    if (outcome === 'sent') await this.apply({ type: 'data-sent' });
  }

  private async authorizeUpload(name: string, sizeBytes: number): Promise<void> {
    const header = this.header as RshHeader;
    try {
      this.writeGrant = await this.ctx.access.authorizeWrite({ protocol: 'rcp', peer: this.peer, name, username: header.remoteUser }, sizeBytes);
      this.upload = await AtomicUpload.begin(this.writeGrant.finalPath, this.writeGrant.maxBytes);
    } catch (err) {
      const denied = err instanceof AccessDeniedError ? err : undefined;
      const reason: DenyReason | 'protocol' = denied ? denied.reason : 'protocol';
      const detail = denied ? denied.detail : `could not create the file: ${peerErrorText(err, name)}`;
      this.emitRefused(reason, name, denied ? denied.message : `could not create the file for '${printable(name)}': ${(err as Error).message}`);
      return this.apply({ type: 'denied', message: refusalMessage(reason, name, detail) });
    }
    const grant = this.writeGrant;
    this.tracker = this.ctx.track({
      protocol: 'rcp',
      peer: this.peer,
      peerPort: this.peerPort,
      file: grant.name,
      localPath: grant.finalPath,
      direction: 'from-peer',
      ...(grant.offerId ? { offerId: grant.offerId } : {}),
      totalBytes: sizeBytes,
      options: { remoteUser: header.remoteUser, localUser: header.localUser, preserveTimes: this.command?.preserve ?? false },
    });
    this.listenForAbort();
    return this.apply({ type: 'authorized' });
  }

  /** The engine cancels a transfer (job cancelled, offer withdrawn) through its tracker's signal. */
  private listenForAbort(): void {
    const signal = this.tracker?.signal;
    if (!signal) return;
    const onAbort = () => void this.close(`cancelled: ${signal.reason instanceof Error ? signal.reason.message : String(signal.reason)}`);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  }

  private async commitUpload(): Promise<void> {
    const upload = this.upload;
    if (!upload) return;
    try {
      this.committed = await upload.commit();
    } catch (err) {
      const name = this.tracker?.info.file ?? '';
      this.ctx.log(`rcp ${this.peer}:${this.peerPort} upload of '${printable(name)}' not committed: ${(err as Error).message}`);
      return this.apply({ type: 'commit-failed', message: `rcp: ${peerErrorText(err, name)}` });
    }
    return this.apply({ type: 'committed' });
  }

  private finishTransfer(): void {
    this.succeeded = true;
    if (this.committed) {
      const done = this.committed;
      this.tracker?.finish(done.bytes, { md5: done.md5, sha256: done.sha256 });
    } else {
      const source = this.source;
      const tracker = this.tracker;
      if (!source) tracker?.finish(0, undefined);
      else
        void source.digests().then(
          (digests) => tracker?.finish(source.sentBytes, digests),
          () => tracker?.finish(source.sentBytes, undefined),
        );
    }
  }

  private write(bytes: Uint8Array): void {
    if (!this.socket.destroyed && this.socket.writable) this.socket.write(bytes);
  }

  /** Tells the peer why (rshd's `\1message\n`, which rcp and IOS show), reports it, and ends. */
  private refuse(reason: DenyReason | 'protocol', file: string, detail: string, logMessage = detail): void {
    this.write(formatReply({ type: 'warning', message: refusalMessage(reason, file, detail) }));
    this.refused(reason, file, logMessage);
  }

  private refused(reason: DenyReason | 'protocol', file: string, message: string): void {
    this.emitRefused(reason, file, message);
    void this.close();
  }

  private emitRefused(reason: DenyReason | 'protocol', file: string, message: string): void {
    // The event is the record (the CLI and the extension print it); a log line as well would say it twice.
    this.ctx.events.emit({ type: 'refused', protocol: 'rcp', peer: this.peer, file, reason, message });
  }
}

/** The file an rcp command names, for a refusal's wording ('' when it does not parse). */
function commandName(command: string): string {
  try {
    return parseRcpCommand(command).name;
  } catch {
    return '';
  }
}

function basename(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}
