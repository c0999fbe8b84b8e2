// Collects received TFTP blocks into large writes to the AtomicUpload (one write per ~256 KiB, not
// per packet), converting from netascii when asked, and pushes back on the network when the disk
// falls behind so memory stays bounded.
import type { AtomicUpload, CompletedUpload } from '../atomic-upload';
import { NetasciiDecoder } from './netascii';
import type { TransferMode } from './packets';

const flushBytes = 256 * 1024;
/** Above this much unwritten data, write() returns a promise and the transfer waits (its ACKs too). */
const backlogLimitBytes = 8 * 1024 * 1024;

export class UploadSink {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private inFlightBytes = 0;
  private chain: Promise<void> = Promise.resolve();
  private error: Error | undefined;
  private readonly decoder: NetasciiDecoder | undefined;

  constructor(
    private readonly upload: AtomicUpload,
    mode: TransferMode,
    private readonly onError: (error: Error) => void,
  ) {
    this.decoder = mode === 'netascii' ? new NetasciiDecoder() : undefined;
  }

  /** Queues in-order payload. Returns a promise only when the transfer should wait for the disk. */
  write(data: Buffer): Promise<void> | undefined {
    if (this.error) return undefined;
    const bytes = this.decoder ? this.decoder.push(data) : data;
    if (bytes.length) {
      this.pending.push(bytes);
      this.pendingBytes += bytes.length;
    }
    if (this.pendingBytes >= flushBytes) this.flush();
    return this.inFlightBytes > backlogLimitBytes ? this.chain : undefined;
  }

  /** Writes what is left and links the file into place. */
  async commit(): Promise<CompletedUpload> {
    if (this.decoder) {
      const rest = this.decoder.end();
      if (rest.length) {
        this.pending.push(rest);
        this.pendingBytes += rest.length;
      }
    }
    this.flush();
    await this.chain;
    if (this.error) throw this.error;
    return this.upload.commit();
  }

  async abort(): Promise<void> {
    this.pending = [];
    await this.chain.catch(() => undefined);
    await this.upload.abort();
  }

  private flush(): void {
    if (this.pendingBytes === 0) return;
    const chunk = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    const size = chunk.length;
    this.pending = [];
    this.pendingBytes = 0;
    this.inFlightBytes += size;
    this.chain = this.chain.then(async () => {
      if (this.error) return;
      try {
        await this.upload.write(chunk);
      } catch (err) {
        this.error = err as Error;
        this.onError(this.error);
      } finally {
        this.inFlightBytes -= size;
      }
    });
  }
}
