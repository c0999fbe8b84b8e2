// The two arguments of `copy`, parsed as IOS reads them: a network URL or bare prefix
// (`tftp://h/p`, `ftp://user:pass@h/p`, `rcp://user@h/p`, `http://h:8080/p`, `tftp:`), a flash file or bare file
// system (`flash:x.bin`, `bootflash:`), or a configuration (`running-config`, `startup-config`).
import type { DeviceState } from './device-state';
import type { SimFileSystem } from './flash';
import { fileSystemRows } from './render';

/** The URL schemes the simulated IOS's copy clients know (a profile lists those its IOS has in `show file systems`). */
export type NetProtocol = 'tftp' | 'ftp' | 'rcp' | 'http';

export type Endpoint =
  | { kind: 'net'; protocol: NetProtocol; host?: string; port?: number; path?: string; user?: string; password?: string; word: string }
  | { kind: 'flash'; fs: SimFileSystem; prefix: string; name: string; word: string }
  | { kind: 'config'; which: 'running' | 'startup'; word: string };

export function parseEndpoint(dev: DeviceState, word: string): Endpoint | undefined {
  const lower = word.toLowerCase();
  if (lower === 'running-config' || lower === 'system:running-config') return { kind: 'config', which: 'running', word };
  if (lower === 'startup-config' || lower === 'nvram:startup-config') return { kind: 'config', which: 'startup', word };
  const net = /^(tftp|ftp|rcp|http):(?:\/\/(.*))?$/i.exec(word);
  if (net) {
    const protocol = net[1].toLowerCase() as NetProtocol;
    // An IOS without the client has no such file system: the word is not a URL to it.
    if (!hasNetworkFileSystem(dev, `${protocol}:`)) return undefined;
    if (net[2] === undefined) return { kind: 'net', protocol, word };
    const rest = net[2];
    const slash = rest.indexOf('/');
    const authority = slash < 0 ? rest : rest.slice(0, slash);
    // `tftp://h//abs/file` keeps the second slash: the path is `/abs/file`.
    const path = slash < 0 ? undefined : rest.slice(slash + 1) || undefined;
    const at = authority.lastIndexOf('@');
    const userinfo = at < 0 ? undefined : authority.slice(0, at);
    const hostPort = at < 0 ? authority : authority.slice(at + 1);
    // Only HTTP's URL may name a port (IOS has no port for tftp:, ftp: or rcp: URLs).
    const withPort = protocol === 'http' ? /^(.*?)(?::(\d{1,5}))?$/.exec(hostPort) : undefined;
    const host = withPort ? withPort[1] : hostPort;
    const port = withPort?.[2] !== undefined ? Number(withPort[2]) : undefined;
    const colon = userinfo?.indexOf(':') ?? -1;
    return {
      kind: 'net',
      protocol,
      host: host || undefined,
      ...(port !== undefined ? { port } : {}),
      path,
      user: userinfo === undefined ? undefined : decodeURIComponent(colon < 0 ? userinfo : userinfo.slice(0, colon)),
      password: userinfo === undefined || colon < 0 ? undefined : decodeURIComponent(userinfo.slice(colon + 1)),
      word,
    };
  }
  const r = dev.resolve(word);
  if ('unknownPrefix' in r) return undefined;
  // A bare word without a prefix names a file on the default file system (`copy x.bin tftp:`).
  return { kind: 'flash', fs: r.fs, prefix: word.includes(':') ? r.prefix : r.fs.name, name: r.name, word };
}

/** `tftp://host/path` as IOS prints it in `Accessing …` and `%Error …` lines (no password; HTTP's port as given). */
export function urlText(protocol: NetProtocol, host: string, path: string, user?: string, port?: number): string {
  return `${protocol}://${user ? `${user}@` : ''}${host}${port !== undefined ? `:${port}` : ''}/${path}`;
}

function hasNetworkFileSystem(dev: DeviceState, prefix: string): boolean {
  return fileSystemRows(dev).some((r) => typeof r !== 'string' && r.type === 'network' && r.prefixes.includes(prefix));
}

export function basename(path: string): string {
  const parts = path.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? '';
}
