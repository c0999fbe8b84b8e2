// `inspect ssh://USER[:PASSWORD]@HOST[:PORT]`: connects over SSH (host key checked against a
// known_hosts file), and prints the device's facts and, per file system, its files and free space.
import os from 'node:os';
import path from 'node:path';
import { connectDevice, DeviceError, type DeviceInventory, FileKnownHostsStore, HostKeyUnknownError, inspectDevice, knownHostsName, ParseError } from '../../device';
import type { CliCommand, ParsedArgs } from '../command';
import { devicePassword, passwordHelp, passwordStdinOption } from '../device-password';
import type { CliIo } from '../io';
import { UsageError } from '../usage-error';

export const inspectCommand: CliCommand = {
  name: 'inspect',
  summary: "print a device's facts, file systems and files",
  usage: 'inspect ssh://USER[:PASSWORD]@HOST[:PORT] [--json] [--strict] [--known-hosts FILE] [--accept-new-host-key]',
  details: [
    '',
    'What could not be read (an output no parser understands, a rejected command) is listed under',
    '"problems" and the rest is still printed; the exit status is 0 when the device was reached and',
    'its show version was read.',
    '',
    'Options:',
    '  --json                 print {hostname, platform, version, image, bootVariable, fileSystems, problems} as JSON',
    '                         (a fact that could not be read is null)',
    '  --strict               exit 1 when anything could not be read',
    `  --known-hosts FILE     OpenSSH known_hosts file (default ${defaultKnownHostsFile().replace(os.homedir(), '~')})`,
    '  --accept-new-host-key  trust and remember the key of a device seen for the first time',
    '                         (a CHANGED key is always refused)',
    ...passwordHelp,
    '',
    'Environment:',
    '  IIM_PASSWORD           the login password (safer than the URL)',
    '  IIM_ENABLE_SECRET      the enable secret, for a login that lands in user EXEC (host>)',
  ],
  options: {
    json: { type: 'boolean' },
    strict: { type: 'boolean' },
    'known-hosts': { type: 'string' },
    'accept-new-host-key': { type: 'boolean' },
    ...passwordStdinOption,
  },
  positionals: { min: 1, max: 1 },
  run: runInspect,
};

export function defaultKnownHostsFile(): string {
  const base = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(base, 'ios-image-manager', 'known_hosts');
}

interface SshTarget {
  host: string;
  port: number;
  username: string;
  password?: string;
}

/** `ssh://user[:password]@host[:port]`, percent-decoded; IPv6 hosts in brackets. */
export function parseSshUrl(text: string): SshTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`inspect: '${redact(text)}' is not a URL (expected ssh://USER[:PASSWORD]@HOST[:PORT])`);
  }
  if (url.protocol !== 'ssh:') throw new UsageError(`inspect: expected an ssh:// URL, got ${url.protocol}//…`);
  if (!url.username || !url.hostname) throw new UsageError('inspect: the URL needs a user and a host: ssh://USER[:PASSWORD]@HOST[:PORT]');
  const port = url.port ? Number(url.port) : 22;
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    username: decodeURIComponent(url.username),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
  };
}

/** The URL with its password hidden, for messages. */
function redact(text: string): string {
  return text.replace(/^(ssh:\/\/[^:@/]*:)[^@/]*@/, '$1***@');
}

async function runInspect(args: ParsedArgs, io: CliIo): Promise<number> {
  const target = parseSshUrl(args.positionals[0]);
  const password = await devicePassword('inspect', target, args, io);
  const enableSecret = process.env.IIM_ENABLE_SECRET || undefined;
  const knownHostsFile = typeof args.values['known-hosts'] === 'string' ? args.values['known-hosts'] : defaultKnownHostsFile();
  const acceptNew = args.values['accept-new-host-key'] === true;
  const store = new FileKnownHostsStore(knownHostsFile);
  const label = `${target.username}@${knownHostsName(target.host, target.port)}`;
  let accepted: string | undefined;
  let session;
  try {
    session = await connectDevice({
      ...target,
      password,
      enableSecret,
      label,
      knownHosts: store,
      onUnknownHostKey: (info) => {
        if (acceptNew) accepted = `${info.keyType} ${info.fingerprint}`;
        return acceptNew;
      },
    });
  } catch (err) {
    if (err instanceof HostKeyUnknownError) {
      io.stderr(
        `ios-image-manager inspect: the host key of ${knownHostsName(err.host, err.port)} is not known (${err.keyType} ${err.fingerprint}).\n` +
          `Check it against the device (\`show crypto key mypubkey rsa\` / \`show ip ssh\` on the console), then run again with --accept-new-host-key to trust it (it is stored in ${knownHostsFile}).\n`,
      );
      return 1;
    }
    return fail(io, err);
  }
  const stop = () => session.close();
  io.stopSignal.addEventListener('abort', stop, { once: true });
  try {
    if (accepted) io.stderr(`Added the host key of ${knownHostsName(target.host, target.port)} (${accepted}) to ${knownHostsFile}.\n`);
    const facts = session.facts();
    if (facts.legacy.used) {
      io.stderr(`Note: ${facts.label} offers only legacy SSH algorithms; used ${facts.legacy.algorithms.join(', ')} for this device.\n`);
    }
    const inventory = await inspectDevice(session);
    io.stdout(args.values.json ? `${JSON.stringify(inspectJson(inventory), null, 2)}\n` : renderInventory(inventory));
    for (const n of inventory.notes) if (n.kind === 'unparsed') io.stderr(`note: ${n.command}: skipped line ${n.lineNumber ?? '?'} ${JSON.stringify(n.line ?? '')} (${n.message})\n`);
    if (!inventory.showVersion) return 1;
    return args.values.strict === true && inventory.problems.length > 0 ? 1 : 0;
  } catch (err) {
    return fail(io, err);
  } finally {
    io.stopSignal.removeEventListener('abort', stop);
    session.close();
  }
}

function fail(io: CliIo, err: unknown): number {
  if (err instanceof DeviceError || err instanceof ParseError) {
    io.stderr(`ios-image-manager inspect: ${err.message}\n`);
    return 1;
  }
  throw err;
}

/**
 * The documented --json shape, exactly: {hostname, platform, version, image, bootVariable,
 * fileSystems: [{name, type, total, free, files: [{name, size, date, permissions}]}], problems:
 * [{command, message, line?}], bootMode, chassis: [{member?, pid, serial}], install: {locations: [{members, packages}], autoAbortTimer}};
 * a fact that could not be read (or a command the device does not have) is null. The inventory carries more for
 * the jobs (default flag, dir layout, read-only); scripts get a stable contract.
 */
export function inspectJson(inv: DeviceInventory) {
  return {
    hostname: inv.hostname,
    platform: inv.platform ?? null,
    version: inv.version ?? null,
    image: inv.image ?? null,
    bootVariable: inv.bootVariable ?? null,
    fileSystems: inv.fileSystems.map((fs) => ({
      name: fs.name,
      type: fs.type,
      total: fs.total,
      free: fs.free,
      files: fs.files?.map((f) => ({ name: f.name, size: f.size, date: f.date, permissions: f.permissions })) ?? null,
    })),
    bootMode: inv.bootMode ?? null,
    chassis: inv.chassis?.units.map((u) => ({ ...(u.member !== undefined ? { member: u.member } : {}), pid: u.pid ?? null, serial: u.sn ?? null })) ?? null,
    install: inv.installSummary
      ? {
          locations: inv.installSummary.locations.map((l) => ({ members: l.members, packages: l.packages.map((p) => ({ type: p.type, state: p.state ?? p.stateCode, ...(p.version ? { version: p.version } : {}), ...(p.filename ? { filename: p.filename } : {}) })) })),
          autoAbortTimer: inv.installSummary.autoAbortTimer ?? null,
        }
      : null,
    problems: inv.problems.map((p) => ({ command: p.command, message: p.message, ...(p.line !== undefined ? { line: p.line } : {}) })),
  };
}

/** The human-readable form: facts, then one block per file system. */
export function renderInventory(inv: DeviceInventory): string {
  const unknown = '(unknown: see problems)';
  const boot = inv.bootVariable === undefined ? unknown : inv.bootVariable.length ? inv.bootVariable.join('; ') : '(empty: boots the first image in flash)';
  const lines = [
    `${inv.hostname}  ${inv.platform ?? 'model unknown'}  version ${inv.version ?? 'unknown'}${inv.bootMode && inv.showVersion?.osFamily === 'ios-xe' ? `  (${inv.bootMode} mode)` : ''}`,
    `  running image:  ${inv.image ?? unknown}`,
    `  boot variable:  ${boot}`,
  ];
  if (inv.chassis) lines.push(`  chassis:        ${inv.chassis.units.map((u) => `${u.member !== undefined ? `${u.member}: ` : ''}${u.pid ?? '?'} ${u.sn ?? '?'}`).join(', ')}`);
  for (const l of inv.installSummary?.locations ?? []) {
    lines.push(`  install [${l.label}]: ${l.packages.map((p) => `${p.type} ${p.version ?? p.filename ?? p.filenameOrVersion} (${p.state ?? p.stateCode})`).join(', ')}`);
  }
  const timer = inv.installSummary?.autoAbortTimer;
  if (timer?.active) lines.push(`  auto-abort timer running: ${timer.remainingSeconds !== undefined ? `${Math.round(timer.remainingSeconds / 60)} min left` : 'time left unknown'} — the device rolls back unless committed`);
  for (const fs of inv.fileSystems) {
    const total = fs.total === null ? '? bytes total' : `${fs.total} bytes total`;
    const free = fs.free === null ? '? free' : `${fs.free} bytes free`;
    lines.push('', `${fs.name} (${fs.type})  ${total}, ${free}`);
    if (fs.files === null) {
      lines.push(`  (files unknown: see problems)`);
      continue;
    }
    if (fs.files.length === 0) lines.push('  (no files)');
    const width = Math.max(0, ...fs.files.map((f) => String(f.size).length));
    for (const f of fs.files) lines.push(`  ${f.permissions.padEnd(5)} ${String(f.size).padStart(width)}  ${(f.date ?? '-').padEnd(25)}  ${f.name}`);
  }
  if (inv.problems.length) {
    lines.push('', 'Could not read:');
    for (const p of inv.problems) lines.push(`  ${p.command}: ${p.message}${p.line !== undefined ? ` — ${JSON.stringify(p.line)}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
