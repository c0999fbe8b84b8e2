// A few read buffers taken in turn and given back once the socket is done with them, so a download
// of any size reuses the same memory instead of leaving a megabyte of garbage per read.
export class BufferRing {
  private readonly free: Buffer[] = [];
  private readonly waiting: ((b: Buffer) => void)[] = [];
  private made = 0;

  constructor(
    private readonly size: number,
    private readonly count: number,
  ) {}

  /** A free buffer (the whole of it), waiting for one to be given back when all are in use. */
  take(): Promise<Buffer> {
    const buf = this.free.pop();
    if (buf) return Promise.resolve(buf);
    if (this.made < this.count) {
      this.made++;
      return Promise.resolve(Buffer.allocUnsafeSlow(this.size));
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Gives back a buffer from take(), or any view into one. */
  give(view: Buffer): void {
    const buf = view.length === this.size && view.byteOffset === 0 ? view : Buffer.from(view.buffer, 0, this.size);
    const waiter = this.waiting.shift();
    if (waiter) waiter(buf);
    else this.free.push(buf);
  }
}
