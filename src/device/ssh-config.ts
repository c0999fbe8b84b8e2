// Reads OpenSSH client config (~/.ssh/config) into device entries for import: Host blocks with
// HostName, User, Port, ProxyJump and IdentityFile. Wildcard and negated patterns are not devices.

export interface SshConfigHost {
  alias: string;
  hostName: string;
  user?: string;
  port?: number;
  proxyJump?: string;
  identityFile?: string;
}

export function parseSshConfig(text: string): SshConfigHost[] {
  const hosts: SshConfigHost[] = [];
  let current: { aliases: string[]; fields: Map<string, string> } | undefined;
  const flush = () => {
    if (!current) return;
    for (const alias of current.aliases) {
      if (/[*?!]/.test(alias)) continue;
      const f = current.fields;
      const port = f.has('port') ? Number(f.get('port')) : undefined;
      hosts.push({
        alias,
        hostName: f.get('hostname') ?? alias,
        ...(f.has('user') ? { user: f.get('user') } : {}),
        ...(port && Number.isInteger(port) && port > 0 && port < 65536 ? { port } : {}),
        ...(f.has('proxyjump') && f.get('proxyjump') !== 'none' ? { proxyJump: f.get('proxyjump') } : {}),
        ...(f.has('identityfile') ? { identityFile: f.get('identityfile') } : {}),
      });
    }
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    // `Key value`, `Key=value`, `Key = value`: split at the first blank or `=` (a lazy key before
    // optional blanks backtracks over long lines).
    const sep = line.search(/[\s=]/);
    if (sep <= 0) continue;
    const key = line.slice(0, sep).toLowerCase();
    let rest = line.slice(sep).trimStart();
    if (rest.startsWith('=')) rest = rest.slice(1).trimStart();
    const value = rest.replace(/^"(.*)"$/, '$1').trim();
    if (key === 'host') {
      flush();
      current = { aliases: value.split(/\s+/), fields: new Map() };
    } else if (key === 'match') {
      flush();
      current = undefined; // Match blocks are conditional; they describe no single device.
    } else if (current && !current.fields.has(key)) {
      // OpenSSH: the first value obtained for a keyword wins.
      current.fields.set(key, value);
    }
  }
  flush();
  return hosts;
}
