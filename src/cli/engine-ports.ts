// `--engine-ports tftp=N,ftp=N,…`: where the bundled servers listen, one entry per protocol of the
// registry. Given explicitly, the ports of protocols whose URL cannot name one are taken to stand for
// their default ports (the simulated lab is told the same mapping).
import { allProtocols, type Protocol, protocolList } from '../engine';
import { UsageError } from './usage-error';

export function defaultEnginePorts(): Record<Protocol, number> {
  return Object.fromEntries(allProtocols().map((p) => [p.name, p.defaultPort])) as Record<Protocol, number>;
}

/** `tftp=N,ftp=N,…` for usage lines. */
export const enginePortsSyntax = allProtocols()
  .map((p) => `${p.name}=N`)
  .join(',');

export function parseEnginePorts(command: string, raw: unknown): { ports: Record<Protocol, number>; mapped: boolean } {
  const ports = defaultEnginePorts();
  if (raw === undefined) return { ports, mapped: false };
  const names = new Set<string>(allProtocols().map((p) => p.name));
  for (const part of String(raw).split(',')) {
    const m = /^([a-z]+)=(\d{1,5})$/.exec(part.trim());
    if (!m || !names.has(m[1]) || Number(m[2]) > 65535) throw new UsageError(`${command}: --engine-ports takes ${enginePortsSyntax} (protocols: ${protocolList('and')}), not '${part}'`);
    ports[m[1] as Protocol] = Number(m[2]);
  }
  return { ports, mapped: true };
}
