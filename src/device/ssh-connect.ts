// Opens an authenticated, host-key-verified SSH connection to a device (ssh2 Client): password,
// keyboard-interactive or private key, an optional jump host, and legacy algorithms for old IOS only
// when the device offers nothing better (first modern, then one retry with legacy added).
import net from 'node:net';
import { Client, type ClientChannel, type ConnectConfig, utils as sshUtils } from 'ssh2';
import { AuthenticationError, ConnectError, DeviceError } from './errors';
import { fingerprintSha256, type HostKeyDecision, keyTypeOfBlob, type KnownHostsStore, verifyHostKey } from './known-hosts';

/** Answers keyboard-interactive prompts (one answer per prompt). */
export type KeyboardInteractiveHandler = (prompts: { prompt: string; echo: boolean }[], name: string, instructions: string) => string[] | Promise<string[]>;

export interface SshEndpoint {
  host: string;
  /** Default 22. */
  port?: number;
  username: string;
  password?: string;
  /** PEM or OpenSSH private key. */
  privateKey?: string | Buffer;
  passphrase?: string;
  /**
   * Keyboard-interactive: true answers password prompts with `password` (what IOS's
   * `ip ssh` keyboard-interactive asks); a function answers them itself. Default: on when a password is given.
   */
  keyboardInteractive?: boolean | KeyboardInteractiveHandler;
}

export type LegacyPolicy = 'auto' | 'never' | 'always';

export interface SshConnectOptions extends SshEndpoint {
  knownHosts: KnownHostsStore;
  /** Asked about a key the store does not know; without it unknown keys are refused. */
  onUnknownHostKey?: HostKeyDecision;
  /** Reach the device through this SSH host (`ssh -J`); its key is verified against the same store. */
  jumpHost?: SshEndpoint;
  /** Handshake + authentication time limit; default 20 s. */
  readyTimeoutMs?: number;
  /**
   * 'auto' (default): modern algorithms first, and only if the device offers none of them one retry
   * with the legacy ones added, for this connection only. 'never' refuses old devices; 'always' offers both.
   */
  legacyAlgorithms?: LegacyPolicy;
  /** The device's name in messages; default `user@host:port`. */
  label?: string;
}

/** The algorithms old IOS (12.x, early 15.x) may offer alone. Appended, so they lose every tie. */
export const legacyAlgorithmSet = {
  kex: ['diffie-hellman-group14-sha1', 'diffie-hellman-group-exchange-sha1', 'diffie-hellman-group1-sha1'],
  serverHostKey: ['ssh-rsa'],
  cipher: ['aes128-cbc', 'aes256-cbc', 'aes192-cbc', '3des-cbc'],
} as const;

const legacyNames = new Set<string>([...legacyAlgorithmSet.kex, ...legacyAlgorithmSet.serverHostKey, ...legacyAlgorithmSet.cipher]);

export interface NegotiatedAlgorithms {
  kex: string;
  serverHostKey: string;
  cipher: string;
  mac: string;
}

export interface SshConnection {
  client: Client;
  label: string;
  /** Whether the retry with legacy algorithms was needed, and which legacy ones were negotiated. */
  legacy: { used: boolean; algorithms: string[] };
  algorithms: NegotiatedAlgorithms;
  /** The device's SSH software version (e.g. `Cisco-1.25`). */
  serverSoftware?: string;
  hostKey: { type: string; fingerprint: string };
  /**
   * This machine's address on the TCP connection to the device (the interface that really faces
   * it), and the device's address as seen from here. Absent through a jump host: that connection
   * starts on the jump host, not here.
   */
  localAddress?: string;
  remoteAddress?: string;
  /** Closes the connection (and the jump host's). Idempotent. */
  close(): void;
}

/** Connects, verifies the host key, authenticates. Throws a DeviceError subclass. */
export async function sshConnect(o: SshConnectOptions): Promise<SshConnection> {
  const port = o.port ?? 22;
  const label = o.label ?? `${o.username}@${o.host}:${port}`;
  let jump: Client | undefined;
  const openSock = async (): Promise<ClientChannel | undefined> => {
    if (!o.jumpHost) return undefined;
    jump?.end();
    const j = await connectOnce({ ...o.jumpHost, knownHosts: o.knownHosts, onUnknownHostKey: o.onUnknownHostKey, readyTimeoutMs: o.readyTimeoutMs }, jumpLabel(o.jumpHost), 'modern', undefined);
    jump = j.client;
    return forwardOut(j.client, o.host, port, label);
  };
  const policy = o.legacyAlgorithms ?? 'auto';
  try {
    let attempt: Attempt;
    try {
      attempt = await connectOnce(o, label, policy === 'always' ? 'legacy' : 'modern', await openSock());
    } catch (err) {
      if (!(policy === 'auto' && err instanceof NoCommonAlgorithmError)) throw err instanceof NoCommonAlgorithmError ? err.asConnectError(policy) : err;
      // The device offers only old algorithms: retry once, for this device only, with them added.
      attempt = await connectOnce(o, label, 'legacy', await openSock()).catch((e: unknown) => {
        throw e instanceof NoCommonAlgorithmError ? e.asConnectError('always') : e;
      });
      attempt.legacyRetry = true;
    }
    const { client, negotiated, hostKey, legacyRetry, socket } = attempt;
    const jumpClient = jump;
    let closed = false;
    return {
      client,
      label,
      legacy: { used: legacyRetry, algorithms: Object.values(negotiated).filter((a) => legacyNames.has(a)) },
      algorithms: negotiated,
      serverSoftware: (client as unknown as { _remoteVer?: string })._remoteVer,
      hostKey,
      ...(socket?.localAddress ? { localAddress: unmapped(socket.localAddress) } : {}),
      ...(socket?.remoteAddress ? { remoteAddress: unmapped(socket.remoteAddress) } : {}),
      close: () => {
        if (closed) return;
        closed = true;
        client.end();
        jumpClient?.end();
      },
    };
  } catch (err) {
    jump?.end();
    throw err;
  }
}

interface Attempt {
  client: Client;
  negotiated: NegotiatedAlgorithms;
  hostKey: { type: string; fingerprint: string };
  legacyRetry: boolean;
  /** The TCP connection we opened ourselves (direct connections only). */
  socket?: net.Socket;
}

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is the IPv4 address a device would use. */
function unmapped(address: string): string {
  return address.startsWith('::ffff:') && net.isIPv4(address.slice(7)) ? address.slice(7) : address;
}

/** The handshake found no algorithm in common (ssh2: "Handshake failed: no matching …"). */
class NoCommonAlgorithmError extends Error {
  constructor(
    readonly device: string,
    readonly detail: string,
  ) {
    super(detail);
  }
  asConnectError(policy: LegacyPolicy): ConnectError {
    const hint =
      policy === 'never'
        ? ' (the device may offer only legacy algorithms, and legacy algorithms are disabled for it)'
        : ' even with the legacy algorithms (diffie-hellman-group14/1-sha1, ssh-rsa, aes-cbc) added';
    return new ConnectError(this.device, `${this.detail}${hint}`);
  }
}

function jumpLabel(j: SshEndpoint): string {
  return `jump host ${j.username}@${j.host}:${j.port ?? 22}`;
}

function forwardOut(jump: Client, host: string, port: number, label: string): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    jump.forwardOut('127.0.0.1', 0, host, port, (err, stream) => {
      if (err) reject(new ConnectError(label, `the jump host could not open a channel to ${host}:${port}: ${err.message}`, { cause: err }));
      else resolve(stream);
    });
  });
}

async function hostKeyTypesOnRecord(o: SshConnectOptions): Promise<string[]> {
  const known = await o.knownHosts.lookup(o.host, o.port ?? 22);
  return [...new Set(known.filter((k) => !k.revoked).map((k) => k.type))];
}

/** Host-key algorithms that a key type on record can be verified with, best first. */
function algorithmsForKeyType(type: string, legacy: boolean): string[] {
  if (type === 'ssh-rsa') return legacy ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : ['rsa-sha2-512', 'rsa-sha2-256'];
  return [type];
}

async function algorithmConfig(o: SshConnectOptions, mode: 'modern' | 'legacy'): Promise<ConnectConfig['algorithms']> {
  const legacy = mode === 'legacy';
  // Like OpenSSH, prefer the host-key types already on record, so that a device with several host
  // keys presents the one we know instead of looking "changed".
  const preferred = (await hostKeyTypesOnRecord(o)).flatMap((t) => algorithmsForKeyType(t, legacy));
  const hostKeyRemove = legacy ? [...preferred] : ['ssh-rsa', ...preferred];
  type List = { append?: string[]; prepend?: string[]; remove?: string[] };
  const serverHostKey: List = { remove: hostKeyRemove, prepend: preferred };
  if (legacy) serverHostKey.append = [...legacyAlgorithmSet.serverHostKey];
  const kex: List = legacy ? { append: [...legacyAlgorithmSet.kex] } : { remove: [] };
  const cipher: List = legacy ? { append: [...legacyAlgorithmSet.cipher] } : { remove: [] };
  // ssh2's typings want its literal algorithm names; these lists hold only names it supports.
  return { serverHostKey, kex, cipher } as unknown as ConnectConfig['algorithms'];
}

function connectOnce(o: SshConnectOptions, label: string, mode: 'modern' | 'legacy', sock: ClientChannel | undefined): Promise<Attempt> {
  const port = o.port ?? 22;
  return algorithmConfig(o, mode).then(
    (algorithms) =>
      new Promise<Attempt>((resolve, reject) => {
        const client = new Client();
        let settled = false;
        let hostKeyError: unknown;
        let hostKey: Attempt['hostKey'] | undefined;
        let negotiated: NegotiatedAlgorithms | undefined;
        const tried: string[] = [];
        const finish = (err: unknown, attempt?: Attempt) => {
          if (settled) return;
          settled = true;
          if (err) {
            client.end();
            reject(err);
          } else resolve(attempt as Attempt);
        };
        client.on('handshake', (n) => {
          negotiated = { kex: n.kex, serverHostKey: n.serverHostKey, cipher: n.cs.cipher, mac: n.cs.mac };
        });
        client.on('keyboard-interactive', (name, instructions, _lang, prompts, answer) => {
          const handler = typeof o.keyboardInteractive === 'function' ? o.keyboardInteractive : defaultKeyboardAnswers(o);
          Promise.resolve(handler(prompts.map((p) => ({ prompt: p.prompt, echo: p.echo ?? false })), name, instructions)).then(answer, () => answer([]));
        });
        // Direct connections: our own TCP socket (ssh2 waits for it to connect), so that its local
        // address — the one the device can reach us on — is known. Through a jump host, its channel.
        let own: net.Socket | undefined;
        client.on('ready', () => {
          if (!negotiated || !hostKey) return finish(new ConnectError(label, 'handshake finished without a verified host key'));
          finish(undefined, { client, negotiated, hostKey, legacyRetry: false, ...(own ? { socket: own } : {}) });
        });
        client.on('error', (err: Error & { level?: string }) => {
          if (hostKeyError) return finish(hostKeyError);
          if (err.level === 'client-authentication') return finish(new AuthenticationError(label, tried, { cause: err }));
          if (/no matching/i.test(err.message)) return finish(new NoCommonAlgorithmError(label, err.message.replace(/^Handshake failed: /, '')));
          if (err.level === 'client-timeout') return finish(new ConnectError(label, `no SSH handshake within ${o.readyTimeoutMs ?? 20_000} ms`, { cause: err }));
          finish(new ConnectError(label, errnoText(err), { cause: err }));
        });
        client.on('close', () => finish(hostKeyError ?? new ConnectError(label, 'the connection closed during the handshake')));

        const methods = authMethods(o);
        if (o.privateKey !== undefined) {
          // ssh2 would silently skip a key it cannot read; say why instead.
          const privateKey = sshUtils.parseKey(o.privateKey, o.passphrase);
          if (privateKey instanceof Error) {
            return finish(
              new DeviceError('E_KEY', label, `cannot use the private key for ${label}: ${privateKey.message}${o.passphrase === undefined ? ' (is it encrypted? give its passphrase)' : ''}`),
            );
          }
        }
        let next = 0;
        const config: ConnectConfig = {
          host: o.host,
          port,
          username: o.username,
          readyTimeout: o.readyTimeoutMs ?? 20_000,
          algorithms,
          hostVerifier: (blob: Buffer, verify: (ok: boolean) => void) => {
            const type = keyTypeOfBlob(blob) ?? 'unknown';
            const fingerprint = fingerprintSha256(blob);
            verifyHostKey({ store: o.knownHosts, host: o.host, port, key: { type, blob }, device: label, onUnknown: o.onUnknownHostKey }).then(
              () => {
                hostKey = { type, fingerprint };
                verify(true);
              },
              (err: unknown) => {
                hostKeyError = err;
                verify(false);
              },
            );
          },
          authHandler: (_methodsLeft, _partial, cb) => {
            const m = methods[next++];
            if (!m) return cb(false as never);
            tried.push(m);
            if (m === 'publickey') return cb({ type: 'publickey', username: o.username, key: o.privateKey as Buffer, passphrase: o.passphrase } as never);
            if (m === 'password') return cb({ type: 'password', username: o.username, password: o.password ?? '' });
            return cb({ type: 'keyboard-interactive', username: o.username, prompt: (...args: unknown[]) => client.emit('keyboard-interactive', ...args) } as never);
          },
        };
        try {
          if (sock) config.sock = sock;
          else {
            own = new net.Socket();
            own.setMaxListeners(0);
            // An interactive session (as OpenSSH sets it): small packets go out at once, and a
            // keep-alive's round trip is the link's, not Nagle's wait for a delayed ACK.
            own.setNoDelay(true);
            own.connect({ host: o.host, port });
            config.sock = own;
          }
          client.connect(config);
        } catch (err) {
          own?.destroy();
          finish(new ConnectError(label, err instanceof Error ? err.message : String(err), { cause: err }));
        }
      }),
  );
}

function authMethods(o: SshEndpoint): string[] {
  const methods: string[] = [];
  if (o.privateKey !== undefined) methods.push('publickey');
  if (o.password !== undefined) methods.push('password');
  if (typeof o.keyboardInteractive === 'function' || (o.keyboardInteractive ?? o.password !== undefined)) methods.push('keyboard-interactive');
  return methods;
}

/** Answers each prompt that asks for a secret with the password; a user-name prompt with the user. */
function defaultKeyboardAnswers(o: SshEndpoint): KeyboardInteractiveHandler {
  return (prompts) => prompts.map((p) => (/user ?name|login/i.test(p.prompt) && p.echo ? o.username : (o.password ?? '')));
}

function errnoText(err: Error & { code?: string }): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'connection refused (is SSH enabled on the device, and the port right?)';
    case 'ETIMEDOUT':
      return 'connection timed out';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name not found';
    default:
      return err.message;
  }
}
