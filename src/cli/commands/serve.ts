// `serve`: runs the transfer engine headless — the servers named by their port flags (one flag per
// protocol of the registry), serving a read-only --root and accepting uploads into --inbox — and logs
// one line per transfer.
import { allProtocols, generateIdentity, type Protocol, printable, protocolList, type ServerOptionsOf, TransferEngine, type TransferEvent } from '../../engine';
import type { CliCommand, ParsedArgs } from '../command';
import type { CliIo } from '../io';
import { UsageError } from '../usage-error';
import { formatBytes, formatRate } from '../format';

function threadCount(raw: unknown): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new UsageError(`serve: --tftp-threads takes a number 0–64, not '${String(raw)}'`);
  return n;
}

function port(values: ParsedArgs['values'], flag: string): number | undefined {
  const raw = values[flag];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`serve: --${flag} takes a port number 0–65535, not '${String(raw)}'`);
  return n;
}

function portRange(raw: unknown): [number, number] | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d+)-(\d+)$/.exec(String(raw));
  const range = m ? ([Number(m[1]), Number(m[2])] as [number, number]) : undefined;
  if (!range || range[0] < 1024 || range[1] > 65535 || range[0] > range[1]) {
    throw new UsageError(`serve: --ftp-pasv-ports takes LOW-HIGH within 1024–65535, not '${String(raw)}'`);
  }
  return range;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)];
}

export function describeTransferEvent(e: TransferEvent): string | undefined {
  switch (e.type) {
    case 'started':
    case 'progress':
      return undefined;
    case 'finished': {
      const t = e.transfer;
      const verb = t.direction === 'to-peer' ? 'sent' : 'received';
      return `${t.protocol} ${t.peer}:${t.peerPort} ${verb} ${printable(t.file)} ${formatBytes(e.bytes)} in ${(e.durationMs / 1000).toFixed(1)} s (${formatRate(e.bytesPerSecond)}) ok${e.md5 ? ` md5=${e.md5}` : ''}`;
    }
    case 'failed': {
      const t = e.transfer;
      return `${t.protocol} ${t.peer}:${t.peerPort} ${t.direction === 'to-peer' ? 'send' : 'receive'} ${printable(t.file)} failed after ${formatBytes(e.bytes)}: ${e.reason}`;
    }
    case 'refused':
      // Names come from the peer: escape control characters so a name cannot drive the terminal.
      return `${e.protocol} ${e.peer} refused ${printable(e.file)}: ${withoutControls(e.message)}`;
  }
}

/** Messages quote peer input: no control character reaches the terminal (nothing is cut short). */
function withoutControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x1f\x7f-\x9f]/g, '?');
}

async function runServe(args: ParsedArgs, io: CliIo): Promise<number> {
  const v = args.values;
  const ports = new Map<Protocol, number>();
  for (const p of allProtocols()) {
    const n = port(v, p.name);
    if (n !== undefined) ports.set(p.name, n);
  }
  if (ports.size === 0) throw new UsageError(`serve: name at least one server: ${allProtocols().map((p) => `--${p.name} PORT`).join(', ')}`);
  const ftpPort = ports.get('ftp');
  // IIM_FTP_PASS keeps the password out of the process list, where --ftp-pass is visible to every local user.
  const ftpPass = v['ftp-pass'] ?? process.env.IIM_FTP_PASS;
  if ((v['ftp-user'] === undefined) !== (ftpPass === undefined)) throw new UsageError('serve: give --ftp-user and --ftp-pass (or IIM_FTP_PASS) together');
  const rcpUsers = strings(v['rcp-user']);
  const tftpThreads = v['tftp-threads'] === undefined ? undefined : threadCount(v['tftp-threads']);
  const ftpLogin = ftpPort === undefined ? undefined : v['ftp-user'] ? { username: String(v['ftp-user']), password: String(ftpPass) } : generateIdentity();

  const engine = new TransferEngine({
    bind: v.bind === undefined ? '127.0.0.1' : String(v.bind),
    ...(v.root !== undefined ? { root: String(v.root) } : {}),
    ...(v.inbox !== undefined ? { inbox: String(v.inbox) } : {}),
    allowedPeers: strings(v.allow),
    credentials: { ...(ftpLogin ? { ftp: ftpLogin } : {}), rcpUsers },
    // The engine's own lines (what could not start, held logins, local failures behind a refusal).
    log: (line) => io.stdout(`engine: ${withoutControls(line)}\n`),
  });
  engine.events.subscribe((e) => {
    const line = describeTransferEvent(e);
    if (line) io.stdout(`${line}\n`);
  });
  try {
    // What some protocols take besides a port, and what their listening line adds.
    const extras: Partial<Record<Protocol, { options: Partial<ServerOptionsOf<Protocol>>; note: string }>> = {
      ...(ftpLogin ? { ftp: { options: { ...(portRange(v['ftp-pasv-ports']) ? { passivePorts: portRange(v['ftp-pasv-ports']) } : {}) }, note: ` (user ${ftpLogin.username}${v['ftp-user'] ? '' : `, password ${ftpLogin.password}`})` } } : {}),
      ...(tftpThreads !== undefined ? { tftp: { options: { transferThreads: tftpThreads }, note: ` (downloads on ${tftpThreads || 'no'} worker thread${tftpThreads === 1 ? '' : 's'})` } } : {}),
      rcp: { options: { requirePrivilegedPort: v['rcp-require-privileged-port'] === true }, note: ` (remote users: ${rcpUsers.length ? rcpUsers.join(', ') : 'none — every request is refused'})` },
    };
    for (const p of allProtocols()) {
      const n = ports.get(p.name);
      if (n === undefined) continue;
      const extra = extras[p.name];
      const s = await engine.start(p.name, { ...extra?.options, port: n });
      io.stdout(`${p.title} listening on ${s.address}:${s.port}${extra?.note ?? ''}\n`);
    }
    if (v.root === undefined) io.stdout('no --root: nothing is served for download\n');
    if (v.inbox === undefined) io.stdout('no --inbox: uploads are refused\n');
    await new Promise<void>((resolve) => {
      if (io.stopSignal.aborted) resolve();
      io.stopSignal.addEventListener('abort', () => resolve(), { once: true });
    });
    io.stdout('stopping\n');
    return 0;
  } catch (err) {
    io.stderr(`ios-image-manager serve: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    await engine.close();
  }
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'run the bundled transfer engine (its file servers) on this machine',
  usage: `serve [--bind ADDR] ${allProtocols()
    .map((p) => `[--${p.name} PORT${p.name === 'ftp' ? ' [--ftp-user U --ftp-pass P] [--ftp-pasv-ports LOW-HIGH]' : p.name === 'rcp' ? ' [--rcp-user NAME]...' : p.name === 'tftp' ? ' [--tftp-threads N]' : ''}]`)
    .join(' ')} [--root DIR] [--inbox DIR] [--allow ADDR]...`,
  details: [
    '',
    '  --bind ADDR        address to listen on (default 127.0.0.1)',
    ...allProtocols().map(
      (p) =>
        `  --${p.name} PORT${' '.repeat(Math.max(1, 10 - p.name.length))}start the ${p.title} server (${p.portInUrl ? `default ${p.defaultPort}: the copy URL names the port` : `${p.wellKnownPort} in real use${p.wellKnownPort < 1024 ? '; needs privileges below 1024' : ''}`})`,
    ),
    `  (servers: ${protocolList('and')})`,
    '  --ftp-user/--ftp-pass  the FTP login, else one is generated and printed',
    '                     (--ftp-pass is visible to every local user in the process list: IIM_FTP_PASS is not)',
    '  --ftp-pasv-ports   passive data port range, e.g. 50000-50100',
    '  --tftp-threads N   TFTP downloads run on N worker threads (default one per core, up to 8; 0: all on the',
    '                     main thread); who may fetch what is decided on the main thread either way',
    '  --rcp-user NAME    an accepted RCP remote username (repeatable); without one every RCP request is refused',
    '  --rcp-require-privileged-port  refuse RCP clients whose source port is outside 512–1023',
    '                     (classic rshd; off by default: it proves nothing about who connects)',
    '  --root DIR         serve files under DIR read-only (nothing is served without it)',
    '  --inbox DIR        accept uploads into DIR, never overwriting (uploads are refused without it)',
    '  --allow ADDR       only these peers may use --root/--inbox (repeatable; default any)',
  ],
  options: {
    bind: { type: 'string' },
    ...Object.fromEntries(allProtocols().map((p) => [p.name, { type: 'string' as const }])),
    'ftp-user': { type: 'string' },
    'ftp-pass': { type: 'string' },
    'ftp-pasv-ports': { type: 'string' },
    'rcp-user': { type: 'string', multiple: true },
    'tftp-threads': { type: 'string' },
    'rcp-require-privileged-port': { type: 'boolean' },
    root: { type: 'string' },
    inbox: { type: 'string' },
    allow: { type: 'string', multiple: true },
  },
  positionals: { min: 0, max: 0 },
  run: runServe,
};
