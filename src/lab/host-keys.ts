// A simulated device's SSH host key, kept across lab restarts in a state folder (one file per
// profile and key type, 0600) so that a restarted lab is the same host to a known_hosts check, as a
// real router is after a reload. Without a state folder every start makes a fresh key.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { utils } from 'ssh2';

export interface HostKeyPair {
  /** OpenSSH private key text. */
  private: string;
  /** `ssh-rsa AAAA…` */
  public: string;
}

export class LabStateError extends Error {
  readonly code = 'E_LAB_STATE';
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Where the CLI keeps the lab's state: `$XDG_STATE_HOME/ios-image-manager/lab`, else `~/.local/state/…`. */
export function defaultLabStateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : path.join(os.homedir(), '.local', 'state');
  return path.join(base, 'ios-image-manager', 'lab');
}

/** Every IOS release generates RSA host keys (`crypto key generate rsa modulus 2048`). */
function generate(): HostKeyPair {
  // ssh2's generator now and then returns a key its own parser rejects: generate until it parses.
  for (let attempt = 0; ; attempt++) {
    const key = utils.generateKeyPairSync('rsa', { bits: 2048 });
    if (!(utils.parseKey(key.private) instanceof Error) || attempt >= 20) return key;
  }
}

function publicOf(privateKey: string, file: string): string {
  const parsed = utils.parseKey(privateKey);
  if (parsed instanceof Error) throw new LabStateError(`the lab host key ${file} cannot be read (${parsed.message}); delete it to make a new one`, file);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  return `${key.type} ${key.getPublicSSH().toString('base64')}`;
}

/** The host key of the device built from `profile`: read from `stateDir`, or made (and saved there when given). */
export function labHostKey(stateDir: string | undefined, profile: string): HostKeyPair {
  if (stateDir === undefined) return generate();
  const file = path.join(stateDir, `${profile.replace(/[^\w.-]/g, '_')}.ssh_host_rsa_key`);
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new LabStateError(`cannot read the lab host key ${file}: ${(err as Error).message}`, file);
  }
  if (text !== undefined) return { private: text, public: publicOf(text, file) };
  const key = generate();
  try {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, key.private, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  } catch (err) {
    // Another lab started at the same moment wrote it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return labHostKey(stateDir, profile);
    throw new LabStateError(`cannot keep the lab host key in ${file}: ${(err as Error).message}`, file);
  }
  return { private: key.private, public: publicOf(key.private, file) };
}
