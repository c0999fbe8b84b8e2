// The protocols the engine serves, in one table: each entry says what a protocol is to the rest of
// the program — its default port, whether IOS can name a port in its URL, how its server starts,
// how an offer becomes the URL a device is given, and what it can do. Everything that lists
// protocols (the engine host, the CLI's flags, the settings, pre-flight, the lab's port map, the
// pickers) iterates this table; adding a protocol is a folder of its own plus one entry here.
import { randomBytes } from 'node:crypto';
import type { EngineContext, RunningServer } from './context';
import { startFtpServer, type FtpServerOptions } from './ftp/server';
import { startHttpServer, type HttpServerOptions } from './http/server';
import { startRcpServer, type RcpServerOptions } from './rcp/server';
import { startTftpServer, type TftpServerOptions } from './tftp/server';

/** Every protocol's name, in the order pickers and help texts list them. */
export const protocolNames = ['tftp', 'ftp', 'rcp', 'http'] as const;

export type Protocol = (typeof protocolNames)[number];

export interface ProtocolCapabilities {
  /** A device can ask for the rest of a file after an interruption (FTP REST, HTTP Range). */
  resume: boolean;
  /** The size travels before the data (TFTP tsize, FTP SIZE, the rcp C-line, Content-Length). */
  sizeInAdvance: boolean;
  /**
   * How a copy is tied to one device: `none` (its address only), `one-time-login` (a user and
   * password in the URL), `remote-username` (the rsh user IOS sends), `unguessable-path` (a secret
   * path segment in the URL).
   */
  credentials: 'none' | 'one-time-login' | 'remote-username' | 'unguessable-path';
  /** The device can send files to us over it (a pull). */
  upload: boolean;
}

/** Where the URL points and who the device says it is, when that goes in the URL. */
export interface UrlTarget {
  host: string;
  /** Only used where IOS can name a port (portInUrl); the default port is left out. */
  port?: number;
  path: string;
  username?: string;
  password?: string;
}

/** What every server needs; each protocol adds its own options (ServerOptionsOf). */
export interface ServerPlacement {
  bind: string;
  /** 0 picks a free port (tests, the simulated lab). */
  port: number;
}

export interface ProtocolSpec<P extends Protocol = Protocol, O extends ServerPlacement = ServerPlacement> {
  readonly name: P;
  /** As people write it: `TFTP`. */
  readonly title: string;
  readonly transport: 'udp' | 'tcp';
  /** Where the engine's server listens unless told otherwise (the setting's default). */
  readonly defaultPort: number;
  /** The port IOS uses when the URL names none (the protocol's well-known port). */
  readonly wellKnownPort: number;
  /**
   * IOS accepts a port in this protocol's URL (`http://host:8080/x`). When false the server must be
   * on wellKnownPort, which needs privileges below 1024, or the simulated lab must be told the mapping.
   */
  readonly portInUrl: boolean;
  readonly capabilities: ProtocolCapabilities;
  /**
   * Round trips before the first byte of data moves (connection, login, request), for the duration
   * estimates: what a long link costs a copy besides the data itself.
   */
  readonly setupRoundTrips: number;
  /** One line for pickers: what it is good for. */
  readonly summary: string;
  start(ctx: EngineContext, options: O): Promise<RunningServer>;
  /**
   * The name an offer of `name` gets: the file's name, or (HTTP) the file's name under a secret,
   * unguessable folder, so only the device given the URL can ask for it.
   */
  offerName?(name: string): string;
  /** The URL a device is given, as IOS writes it; `redact` hides a password. */
  url(target: UrlTarget, opts?: { redact?: boolean }): string;
}

const enc = (s: string) => encodeURIComponent(s);
const hostPart = (host: string) => (host.includes(':') ? `[${host}]` : host);
const pathPart = (path: string) => path.split('/').map(enc).join('/');

/** `scheme://[user[:password]@]host[:port]/path`, the shape every IOS network URL has. */
function iosUrl(scheme: string, t: UrlTarget, opts: { redact?: boolean; withPassword: boolean; withPort: boolean; defaultPort: number }): string {
  const auth =
    t.username === undefined ? '' : t.password === undefined || !opts.withPassword ? `${enc(t.username)}@` : `${enc(t.username)}:${opts.redact ? '*****' : enc(t.password)}@`;
  const port = opts.withPort && t.port !== undefined && t.port !== opts.defaultPort ? `:${t.port}` : '';
  return `${scheme}://${auth}${hostPart(t.host)}${port}/${pathPart(t.path)}`;
}

function defineProtocol<P extends Protocol, O extends ServerPlacement>(spec: ProtocolSpec<P, O>): ProtocolSpec<P, O> {
  return spec;
}

const registry = {
  tftp: defineProtocol<'tftp', TftpServerOptions>({
    name: 'tftp',
    title: 'TFTP',
    transport: 'udp',
    defaultPort: 69,
    wellKnownPort: 69,
    portInUrl: false,
    capabilities: { resume: false, sizeInAdvance: true, credentials: 'none', upload: true },
    // The read request, answered by the first block (an option acknowledgement adds one).
    setupRoundTrips: 1,
    summary: 'every IOS has it; slow on long links (one block per round trip), no login',
    start: startTftpServer,
    url: (t) => iosUrl('tftp', t, { withPassword: false, withPort: false, defaultPort: 69 }),
  }),
  ftp: defineProtocol<'ftp', FtpServerOptions>({
    name: 'ftp',
    title: 'FTP',
    transport: 'tcp',
    defaultPort: 21,
    wellKnownPort: 21,
    portInUrl: false,
    capabilities: { resume: true, sizeInAdvance: true, credentials: 'one-time-login', upload: true },
    // Connect, greeting, USER, PASS, TYPE, PASV, data connect, RETR.
    setupRoundTrips: 8,
    summary: 'faster for large images; a one-time login is generated per copy',
    start: startFtpServer,
    url: (t, opts = {}) => iosUrl('ftp', t, { ...opts, withPassword: true, withPort: false, defaultPort: 21 }),
  }),
  rcp: defineProtocol<'rcp', RcpServerOptions>({
    name: 'rcp',
    title: 'RCP',
    transport: 'tcp',
    defaultPort: 514,
    wellKnownPort: 514,
    portInUrl: false,
    capabilities: { resume: false, sizeInAdvance: true, credentials: 'remote-username', upload: true },
    // Connect, the rsh header and its answer, the rcp start and the C-line.
    setupRoundTrips: 4,
    summary: 'fast, uses the device\u2019s remote username (ip rcmd remote-username)',
    start: startRcpServer,
    url: (t) => iosUrl('rcp', t, { withPassword: false, withPort: false, defaultPort: 514 }),
  }),
  http: defineProtocol<'http', HttpServerOptions>({
    name: 'http',
    title: 'HTTP',
    transport: 'tcp',
    // Unprivileged, IANA's http-alt: the copy URL names it, so no root, setcap or admin rights.
    defaultPort: 8080,
    wellKnownPort: 80,
    portInUrl: true,
    // Uploads: the engine does not take them (what IOS sends for `copy … http://` is not confirmed; see README).
    capabilities: { resume: true, sizeInAdvance: true, credentials: 'unguessable-path', upload: false },
    // Connect, then the request answered by the first bytes.
    setupRoundTrips: 2,
    summary: 'fast on long links; needs no privileged port (the URL names it); IOS 12.4 and later, IOS-XE',
    start: startHttpServer,
    offerName: (name) => `${randomBytes(16).toString('base64url')}/${name}`,
    url: (t, opts = {}) => iosUrl('http', t, { ...opts, withPassword: true, withPort: true, defaultPort: 80 }),
  }),
} satisfies { [P in Protocol]: ProtocolSpec<P, never> };

/** A protocol's own server options (passive ports for FTP, privileged ports for RCP …). */
export type ServerOptionsOf<P extends Protocol> = Parameters<(typeof registry)[P]['start']>[1];

/** The entry for one protocol. */
export function protocolSpec<P extends Protocol>(name: P): (typeof registry)[P] {
  return registry[name];
}

/** Every entry, in protocolNames order. */
export function allProtocols(): ProtocolSpec[] {
  return protocolNames.map((n) => registry[n] as unknown as ProtocolSpec);
}

/**
 * The ports that stand for the well-known ports of protocols whose URL cannot name one, by protocol
 * name: what the simulated lab is told (`{ tftp: 40123, ftp: 40124, rcp: 40125 }`).
 */
export function standInPorts(servers: Partial<Record<Protocol, { port: number }>>): Record<string, number> {
  return Object.fromEntries(allProtocols().flatMap((p) => (!p.portInUrl && servers[p.name] ? [[p.name, servers[p.name]!.port]] : [])));
}

export function isProtocol(name: string): name is Protocol {
  return (protocolNames as readonly string[]).includes(name);
}

/** `tftp, ftp or rcp`: the names for a usage message. */
export function protocolList(conjunction = 'or'): string {
  return protocolNames.length < 2 ? protocolNames.join('') : `${protocolNames.slice(0, -1).join(', ')} ${conjunction} ${protocolNames.at(-1)}`;
}
