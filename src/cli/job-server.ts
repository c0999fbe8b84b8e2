// The server a CLI job uses: the bundled engine — each protocol's server started when the job needs
// it, on the port --engine-ports names, bound where the jobs layer says (the address facing the
// device, or --bind) — or the external server named with --server. Where the device reaches us is
// the jobs layer's business (engine-reach.ts); this only passes the user's --bind.
import type { Protocol, RunningServer, TransferEngine } from '../engine';
import type { ServerChoice } from '../jobs';
import type { ParsedArgs } from './command';
import { parseEnginePorts } from './engine-ports';

export function jobServer(command: string, args: ParsedArgs, engine: TransferEngine): ServerChoice {
  if (typeof args.values.server === 'string') return { kind: 'external', host: args.values.server };
  const { ports, mapped } = parseEnginePorts(command, args.values['engine-ports']);
  const started = new Map<Protocol, Promise<RunningServer>>();
  return {
    kind: 'engine',
    engine,
    server: (protocol, bind) => {
      let s = started.get(protocol);
      if (!s) {
        s = engine.start(protocol, { port: ports[protocol], bind });
        started.set(protocol, s);
        // A server that could not bind is tried again by the next job, not remembered as failed.
        s.catch(() => started.delete(protocol));
      }
      return s;
    },
    ...(typeof args.values.bind === 'string' ? { override: args.values.bind } : {}),
    ...(mapped ? { portsMapped: true } : {}),
  };
}
