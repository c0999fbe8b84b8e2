// Shared set-up for the TFTP interop tests: an engine with a served root and an inbox in a temp
// folder, the Debian clients run as child processes with a time bound, and event collection.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { type EngineOptions, type RunningServer, TransferEngine, type TransferEvent } from '../../../src/engine';
import type { TftpServerOptions } from '../../../src/engine/tftp/server';
import { tempDir } from '../../helpers/temp-dir';

export interface Harness {
  engine: TransferEngine;
  server: RunningServer;
  root: string;
  inbox: string;
  dir: string;
  events: TransferEvent[];
  /** Resolves with the next settled event (finished/failed/refused) matching the predicate. */
  settled(pred?: (e: TransferEvent) => boolean): Promise<TransferEvent>;
  /**
   * Resolves with the transfers' ends (finished/failed) once there are `count` of them: a client
   * exits on the last DATA, our side ends later (the final ACK, the digest), so its exit is not ours.
   */
  ended(count: number): Promise<TransferEvent[]>;
}

export async function startHarness(t: TestContext, engineOptions: EngineOptions = {}, serverOptions: Partial<TftpServerOptions> = {}): Promise<Harness> {
  const dir = tempDir(t, 'iim-tftp-');
  const root = path.join(dir, 'root');
  const inbox = path.join(dir, 'inbox');
  mkdirSync(root);
  mkdirSync(inbox);
  const engine = new TransferEngine({ root, inbox, ...engineOptions });
  const events: TransferEvent[] = [];
  // Each waiter looks at the events so far and answers once what it waits for is there.
  const waiters = new Set<() => void>();
  const waitFor = <T>(find: () => T | undefined): Promise<T> => {
    const now = find();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve) => {
      waiters.add(function check() {
        const found = find();
        if (found === undefined) return;
        waiters.delete(check);
        resolve(found);
      });
    });
  };
  engine.events.subscribe((e) => {
    events.push(e);
    if (e.type === 'started' || e.type === 'progress') return;
    for (const check of [...waiters]) check();
  });
  const server = await engine.startTftp({ port: 0, ...serverOptions });
  t.after(() => engine.close());
  return {
    engine,
    server,
    root,
    inbox,
    dir,
    events,
    settled: (pred = () => true) => waitFor(() => events.find((e) => e.type !== 'started' && e.type !== 'progress' && pred(e))),
    ended: (count) =>
      waitFor(() => {
        const ends = events.filter((e) => e.type === 'finished' || e.type === 'failed');
        return ends.length >= count ? ends : undefined;
      }),
  };
}

export function randomFile(dir: string, name: string, sizeBytes: number): Buffer {
  const data = randomBytes(sizeBytes);
  writeFileSync(path.join(dir, name), data);
  return data;
}

export interface ClientResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a client with a time bound; never throws on a non-zero exit (tests assert on it). */
export function runClient(cmd: string, args: string[], timeoutMs = 60_000, cwd?: string): Promise<ClientResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, cwd, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: unknown }).code as number | null) ?? 1 : 0;
      resolve({ code: typeof code === 'number' ? code : 1, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}
