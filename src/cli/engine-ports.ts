// `--engine-ports tftp=N,ftp=N,rcp=N`: where the bundled servers listen. Given explicitly, the
// ports are taken to stand for 69/21/514 (the simulated lab is told the same mapping).
import type { TransferProtocol } from '../jobs/copy-command';
import { UsageError } from './usage-error';

export const standardEnginePorts: Record<TransferProtocol, number> = { tftp: 69, ftp: 21, rcp: 514 };

export function parseEnginePorts(command: string, raw: unknown): { ports: Record<TransferProtocol, number>; mapped: boolean } {
  if (raw === undefined) return { ports: { ...standardEnginePorts }, mapped: false };
  const ports = { ...standardEnginePorts };
  for (const part of String(raw).split(',')) {
    const m = /^(tftp|ftp|rcp)=(\d{1,5})$/.exec(part.trim());
    if (!m || Number(m[2]) > 65535) throw new UsageError(`${command}: --engine-ports takes tftp=N,ftp=N,rcp=N, not '${part}'`);
    ports[m[1] as TransferProtocol] = Number(m[2]);
  }
  return { ports, mapped: true };
}
