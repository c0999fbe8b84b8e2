// Which protocol suits this link: each available protocol's duration is estimated from the round trip
// to the device and the image size — TFTP moves one block per round trip (lockstep, RFC 1350), TCP
// protocols at most one receive window of the device per round trip — plus the round trips each
// needs before data moves (the registry's setupRoundTrips). The pre-flight report shows the
// estimates and recommends the fastest; `auto` takes it. Pure.
import { allProtocols, type Protocol, protocolSpec } from '../engine';
import type { CopyRequest, CopySnapshot } from './copy-plan';
import type { CheckResult } from './preflight/check';
import { bootImageProtocols } from './preflight/flash-load-helper';
import { formatSize } from './preflight/format-size';

/**
 * The receive window assumed for IOS's TCP when the running configuration sets no
 * `ip tcp window-size`. 4128 bytes is what IOS advertises unless configured (four 1032-byte
 * segments); Cisco's 12.2 configuration guide still gave 2144. The 3850 capture in the fixtures (57:
 * a 450 MB image over HTTP across the Atlantic took over 5 hours, 291 s once the window was raised)
 * fits a window of about 4 KB at a round trip of about 150 ms.
 */
export const assumedIosTcpWindowBytes = 4128;

/** Round trip assumed when it could not be measured: a LAN. The report says it was assumed. */
const assumedRoundTripMs = 1;


export interface Estimate {
  protocol: Protocol;
  seconds: number;
  /** In words: what limits it. */
  basis: string;
}

export interface EstimateInput {
  sizeBytes: number;
  roundTripMs: number;
  tftpBlockBytes: number;
  tcpWindowBytes: number;
}

/** Seconds to move `sizeBytes` over `protocol` when the round trip is what limits it. */
export function estimate(protocol: Protocol, i: EstimateInput): Estimate {
  const spec = protocolSpec(protocol);
  const rtt = i.roundTripMs / 1000;
  if (spec.transport === 'udp') {
    // Lockstep: every block waits for the acknowledgement of the one before; the last is short (or empty).
    const blocks = Math.floor(i.sizeBytes / i.tftpBlockBytes) + 1;
    return { protocol, seconds: (spec.setupRoundTrips + blocks) * rtt, basis: `${spec.setupRoundTrips} round trip to start + ${blocks} blocks of ${i.tftpBlockBytes} bytes, one per round trip` };
  }
  const windows = Math.ceil(i.sizeBytes / i.tcpWindowBytes);
  return { protocol, seconds: (spec.setupRoundTrips + windows) * rtt, basis: `${spec.setupRoundTrips} round trips to start + ${windows} windows of ${i.tcpWindowBytes} bytes, one per round trip` };
}

export function formatDuration(seconds: number): string {
  if (seconds < 1) return `${Math.max(1, Math.round(seconds * 1000))} ms`;
  if (seconds < 90) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

type Limit = { why: string; by: 'device' | 'direction' | 'boot-image' | 'engine' };

/**
 * Why a protocol cannot be used for this copy, or undefined when it can. `by` says whose limit it
 * is: the device's IOS, the direction, the boot ROM image, or the engine's server.
 */
function unavailable(protocol: Protocol, snapshot: CopySnapshot, o: { direction: 'to-device' | 'from-device'; readOnlyFlash: boolean }): Limit | undefined {
  const spec = protocolSpec(protocol);
  if (o.direction === 'from-device' && !spec.capabilities.upload) return { by: 'direction', why: `the bundled engine does not take uploads over ${spec.title}` };
  if (o.readOnlyFlash && !bootImageProtocols.includes(protocol)) return { by: 'boot-image', why: `the boot ROM image (Flash Load Helper) copies over ${bootImageProtocols.map((p) => protocolSpec(p).title).join(' or ')} only` };
  const prefixes = snapshot.device.urlPrefixes;
  if (prefixes && !prefixes.includes(`${protocol}:`)) return { by: 'device', why: `${snapshot.device.hostname} lists no ${protocol}: file system (show file systems): its IOS has no ${spec.title} client` };
  const reach = snapshot.reach?.protocols[protocol];
  // A server not started for this job (a protocol was named) is still estimated, to compare with.
  if (!reach) return undefined;
  if (!reach.bound) return { by: 'engine', why: `the ${spec.title} server could not start: ${reach.bindError ?? 'no reason given'}` };
  if (!spec.portInUrl && reach.bound.port !== spec.wellKnownPort && !snapshot.reach?.portsMapped) return { by: 'engine', why: `the ${spec.title} server is on port ${reach.bound.port}, and IOS uses ${spec.wellKnownPort}` };
  return undefined;
}

export interface ProtocolChoice {
  protocol: Protocol;
  /** The pre-flight entry with the estimates (absent for an external server). */
  check?: CheckResult;
  estimates: Estimate[];
}

/**
 * The protocol of the copy: the one asked for, or with `auto` the fastest available by the
 * estimates. The check lists every estimate, what was assumed and why some protocols are out.
 */
export function chooseProtocol(snapshot: CopySnapshot, request: CopyRequest, o: { sizeBytes: number; direction: 'to-device' | 'from-device'; readOnlyFlash: boolean }): ProtocolChoice {
  const id = 'protocol';
  const title = 'Protocol for this link';
  // The round trip measured is ours to the device: it says nothing of the path to someone else's server.
  if (request.server.kind === 'external') {
    if (request.protocol !== 'auto') return { protocol: request.protocol, estimates: [] };
    return {
      protocol: 'tftp',
      estimates: [],
      check: { id, title, status: 'blocking', summary: 'auto picks among the bundled engine\u2019s servers; name the protocol the external server speaks.', facts: [], remedy: 'Give the protocol (--protocol tftp, ftp, …) with --server.' },
    };
  }
  const measured = snapshot.roundTrip;
  const roundTripMs = measured?.ms ?? assumedRoundTripMs;
  const blocksize = (request.kind === 'push' ? request.tftpBlocksize : undefined) ?? snapshot.device.config.tftpBlocksize ?? 512;
  const window = snapshot.device.config.tcpWindowSize ?? assumedIosTcpWindowBytes;
  const input: EstimateInput = { sizeBytes: o.sizeBytes, roundTripMs, tftpBlockBytes: blocksize, tcpWindowBytes: window };
  const out: (Limit & { protocol: Protocol })[] = [];
  const estimates: Estimate[] = [];
  for (const spec of allProtocols()) {
    const no = unavailable(spec.name, snapshot, o);
    if (no) out.push({ protocol: spec.name, ...no });
    else estimates.push(estimate(spec.name, input));
  }
  // Ties go to the registry's order (a stable sort).
  const fastest = [...estimates].sort((a, b) => a.seconds - b.seconds)[0];
  const asked = request.protocol;
  const protocol = asked !== 'auto' ? asked : (fastest?.protocol ?? 'tftp');
  const name = (p: Protocol) => protocolSpec(p).title;
  const facts = [
    measured ? `round trip to ${snapshot.device.hostname}: ${measured.ms.toFixed(1)} ms (${measured.how})` : `round trip unknown (${snapshot.roundTripProblem ?? 'not measured'}); ${assumedRoundTripMs} ms assumed`,
    `image ${formatSize(o.sizeBytes)}; TFTP block ${blocksize} bytes${blocksize === 512 ? ' (the IOS default)' : ''}; IOS TCP window ${window} bytes${snapshot.device.config.tcpWindowSize ? ' (ip tcp window-size)' : ' (assumed: the IOS default)'}`,
    ...estimates.map((e) => `${name(e.protocol)}: about ${formatDuration(e.seconds)} — ${e.basis}`),
    ...out.map((u) => `${name(u.protocol)}: not available — ${u.why}`),
    'estimates count round trips only: a slow link or slow flash adds to them',
  ];
  if (!fastest) {
    return asked === 'auto' ? { protocol, estimates, check: { id, title, status: 'blocking', summary: 'No protocol can be used for this copy.', facts } } : { protocol, estimates };
  }
  if (asked === 'auto') {
    return { protocol, estimates, check: { id, title, status: 'info', summary: `${name(protocol)} chosen: about ${formatDuration(fastest.seconds)}, the fastest for this link.`, facts } };
  }
  // The reachability and Flash Load Helper checks speak for the engine and the boot image; what is
  // left is the device's IOS and the direction, which nothing else checks.
  const refused = out.find((u) => u.protocol === protocol && (u.by === 'device' || u.by === 'direction'));
  if (refused) return { protocol, estimates, check: { id, title, status: 'blocking', summary: `${name(protocol)} cannot be used for this copy: ${refused.why}.`, facts, remedy: 'Choose another protocol, or auto.' } };
  const mine = estimates.find((e) => e.protocol === protocol);
  const much = mine !== undefined && fastest.protocol !== protocol && mine.seconds > 2 * fastest.seconds;
  return {
    protocol,
    estimates,
    check: {
      id,
      title,
      status: 'info',
      summary: much
        ? `${name(protocol)}: about ${formatDuration(mine.seconds)}; ${name(fastest.protocol)} (recommended) would take about ${formatDuration(fastest.seconds)} on this link.`
        : `${name(protocol)}: about ${formatDuration((mine ?? fastest).seconds)}${fastest.protocol === protocol ? ', the fastest for this link' : ''}.`,
      facts,
    },
  };
}
