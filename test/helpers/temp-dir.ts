// A fresh temporary folder per test, removed afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';

export function tempDir(t: TestContext, prefix = 'iim-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  t.after(() => removeWhenSettled(dir));
  return dir;
}

/**
 * A server closed by a later hook may still be finishing a temporary upload file in the folder, and a
 * write stream's file may be opened on the thread pool after the test ended. rmSync's own retries
 * only repeat the final rmdir, never the listing, so a file created in between failed the test
 * (ENOTEMPTY); here the whole removal is repeated, yielding to the event loop in between.
 */
async function removeWhenSettled(dir: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      rmSync(dir, { recursive: true, force: true });
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EBUSY') || attempt >= 40) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
