// The SSH front of one simulated device (ssh2's server side): password and keyboard-interactive
// login against the profile's users, an interactive shell with echo, and one-command `exec` as IOS
// answers `ssh router "show version"`. Offers the algorithms of the profile's IOS era, or only the
// legacy ones when asked.
import type { AddressInfo } from 'node:net';
import { Server, type Connection, type ServerChannel } from 'ssh2';
import { configCommands } from './config-commands';
import type { DeviceState } from './device-state';
import { execCommands } from './exec-commands';
import type { HostKeyPair } from './host-keys';
import type { ProfileUser } from './profile';
import { Shell } from './shell';
import { forcedLegacySet, sshAlgorithmSets, type SshAlgorithmSet } from './ssh-algorithms';
import { Terminal } from './terminal';

export interface SshFrontOptions {
  host: string;
  port: number;
  /** Offer only diffie-hellman-group14-sha1 / ssh-rsa / aes128-cbc / hmac-sha1, whatever the profile's era. */
  legacyAlgorithms?: boolean;
  hostKey: HostKeyPair;
}

export interface SshFront {
  port: number;
  hostKeyPublic: string;
  /** What the device offers. */
  algorithms: SshAlgorithmSet;
  close(): Promise<void>;
}

/** The algorithms a device offers: its era's, or the forced legacy set. */
export function offeredAlgorithms(dev: DeviceState, legacyAlgorithms?: boolean): SshAlgorithmSet {
  return legacyAlgorithms ? forcedLegacySet : sshAlgorithmSets[dev.profile.sshAlgorithms ?? 'ios-xe-17'];
}

export async function startSshFront(dev: DeviceState, options: SshFrontOptions): Promise<SshFront> {
  const key = options.hostKey;
  const algorithms = offeredAlgorithms(dev, options.legacyAlgorithms);
  const clients = new Set<Connection>();
  const server = new Server(
    {
      hostKeys: [key.private],
      ident: 'Cisco-1.25',
      // ssh2 types its algorithm lists as its own literal names; these sets hold only names it supports.
      algorithms: {
        kex: [...algorithms.kex],
        serverHostKey: [...algorithms.serverHostKey],
        cipher: [...algorithms.cipher],
        hmac: [...algorithms.hmac],
        compress: [...algorithms.compress],
      } as never,
    },
    (client) => {
      // A client whose algorithms do not match fails the handshake here: an expected event, not a crash.
      client.on('error', () => undefined);
      // Replies go out at once (ssh2's pure-JS crypto writes a packet in pieces, which Nagle would hold
      // back for the peer's delayed ACK): the lab's round trip is loopback's.
      (client as unknown as { _sock?: { setNoDelay?(on: boolean): void } })._sock?.setNoDelay?.(true);
      // Reloading or in the boot ROM image: nothing answers SSH.
      if (dev.power.state === 'down') return drop(client)();
      clients.add(client);
      client.on('close', () => clients.delete(client));
      client.on('error', () => clients.delete(client));
      handleClient(dev, client);
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  let closed: Promise<void> | undefined;
  return {
    port: (server.address() as AddressInfo).port,
    hostKeyPublic: key.public,
    algorithms,
    close() {
      closed ??= new Promise<void>((resolve) => {
        for (const c of clients) c.end();
        server.close(() => resolve());
      });
      return closed;
    },
  };
}

function handleClient(dev: DeviceState, client: Connection): void {
  let user: ProfileUser | undefined;
  const find = (name: string) => dev.profile.users.find((u) => u.username === name);
  client.on('authentication', (ctx) => {
    const candidate = find(ctx.username);
    if (ctx.method === 'password') {
      if (candidate && ctx.password === candidate.password) {
        user = candidate;
        return ctx.accept();
      }
      return ctx.reject(['password', 'keyboard-interactive']);
    }
    if (ctx.method === 'keyboard-interactive') {
      ctx.prompt([{ prompt: 'Password: ', echo: false }], (answers) => {
        if (candidate && answers[0] === candidate.password) {
          user = candidate;
          ctx.accept();
        } else ctx.reject(['password', 'keyboard-interactive']);
      });
      return;
    }
    ctx.reject(['password', 'keyboard-interactive']);
  });
  client.on('ready', () => {
    client.on('session', (acceptSession) => {
      const session = acceptSession();
      let ptyRequested = false;
      session.on('pty', (accept) => {
        ptyRequested = true;
        accept?.();
      });
      session.on('window-change', (accept) => accept?.());
      session.on('env', (accept) => accept?.());
      session.on('shell', (accept) => {
        const channel = accept();
        if (user) void runShell(dev, client, channel, user, ptyRequested);
      });
      session.on('exec', (accept, _reject, info) => {
        const channel = accept();
        if (user) void runExec(dev, client, channel, user, info.command);
      });
    });
  });
  client.on('error', () => undefined);
}

function drop(client: Connection): () => void {
  // An abrupt loss of the session (no SSH disconnect message), like a link going down.
  return () => (client as unknown as { _sock?: { destroy(): void } })._sock?.destroy();
}

async function runShell(dev: DeviceState, client: Connection, channel: ServerChannel, user: ProfileUser, _pty: boolean): Promise<void> {
  const term = new Terminal((text) => channel.write(text), true);
  channel.on('data', (data: Buffer) => term.feed(data.toString('latin1')));
  channel.on('close', () => term.close());
  channel.on('error', () => term.close());
  const shell = new Shell(dev, term, user, { exec: execCommands, config: configCommands }, drop(client));
  try {
    await shell.interactive();
  } finally {
    term.close();
    if (channel.writable) {
      channel.exit(0);
      channel.end();
    }
    // After `exit` IOS closes the channel; the client then ends the connection (we do it if it does not).
    if (shell.loggedOut) setTimeout(() => client.end(), 2000).unref();
  }
}

async function runExec(dev: DeviceState, client: Connection, channel: ServerChannel, user: ProfileUser, command: string): Promise<void> {
  const term = new Terminal((text) => channel.write(text), false);
  term.length = 0;
  channel.on('data', (data: Buffer) => term.feed(data.toString('latin1')));
  channel.on('close', () => term.close());
  channel.on('error', () => term.close());
  const shell = new Shell(dev, term, user, { exec: execCommands, config: configCommands }, drop(client));
  try {
    await shell.execute(command);
  } finally {
    term.close();
    if (channel.writable) {
      channel.exit(0);
      channel.end();
    }
  }
}
