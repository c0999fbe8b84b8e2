// Finds Debian tools the interop tests drive, so a test can skip with the reason printed when one is
// missing (`.ci/run` installs them all).
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';

const searchPath = (process.env.PATH ?? '').split(path.delimiter).concat(['/usr/sbin', '/sbin', '/usr/bin']);

export function toolPath(name: string): string | undefined {
  for (const dir of searchPath) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

/** Returns the tool's path, or marks the test skipped (with the Debian package to install) and returns undefined. */
export function needTool(t: TestContext, name: string, debianPackage: string): string | undefined {
  const found = toolPath(name);
  if (!found) t.skip(`${name} not installed (apt-get install ${debianPackage})`);
  return found;
}

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
