// A fresh temporary folder per test, removed afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';

export function tempDir(t: TestContext, prefix = 'iim-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  // Retries: a server closed by a later hook may still be finishing a temporary upload file in it.
  t.after(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));
  return dir;
}
