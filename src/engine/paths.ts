// The root jail: which requested names are acceptable, and how they map to paths inside a folder.
// Nothing a peer sends may name a file outside the engine's folders.
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { UnsafeNameError } from './errors';

const maxNameLength = 255;

/**
 * Checks a file name as a peer sent it and returns it normalised to forward-slash segments.
 * Refuses `..`, absolute paths, backslashes, drive letters, NUL and control characters (C0, DEL
 * and C1: U+0080–U+009F are terminal controls too), empty segments. A single leading "/" is NOT tolerated: some servers strip it, but it makes the same
 * request mean different files on different servers.
 */
export function checkRequestedName(name: string): string {
  if (name.length === 0) throw new UnsafeNameError(name, 'empty name');
  if (name.length > maxNameLength) throw new UnsafeNameError(name, `longer than ${maxNameLength} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f-\x9f]/.test(name)) throw new UnsafeNameError(name, 'control characters');
  if (name.includes('\\')) throw new UnsafeNameError(name, 'backslash');
  if (/^[A-Za-z]:/.test(name)) throw new UnsafeNameError(name, 'drive letter');
  if (name.startsWith('/') || name.startsWith('~')) throw new UnsafeNameError(name, 'absolute path');
  const segments = name.split('/');
  for (const s of segments) {
    if (s === '..') throw new UnsafeNameError(name, "'..' segment");
    if (s === '' || s === '.') throw new UnsafeNameError(name, 'empty or "." segment');
  }
  return segments.join('/');
}

/**
 * Resolves a checked name inside a folder, following symlinks, and refuses results outside it
 * (a symlink in the served folder must not become a way out).
 */
export async function resolveInside(folder: string, checkedName: string): Promise<string> {
  const realFolder = await realpath(folder);
  const candidate = path.resolve(realFolder, checkedName);
  let real: string;
  try {
    real = await realpath(candidate);
  } catch (err) {
    // ENOTDIR: a segment is a regular file (`hello.txt/x`): nothing can be there, which the caller
    // finds out as "not found" — not an internal error.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
    // Does not exist (yet): its parent must be inside.
    const parent = await realpath(path.dirname(candidate)).catch(() => path.dirname(candidate));
    real = path.join(parent, path.basename(candidate));
  }
  if (real !== realFolder && !real.startsWith(realFolder + path.sep)) {
    throw new UnsafeNameError(checkedName, 'resolves outside the served folder');
  }
  return real;
}
