// `demo`: the whole job on the built-in lab, in a minute, without hardware. Starts simulated
// devices and the bundled engine on loopback, pushes sample images over several protocols with live
// progress and the pre-flight report, shows an erase-on-copy refused, and prints flash before/after.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectDevice, type DeviceSession, inspectDevice, MemoryKnownHostsStore } from '../../device';
import { protocolSpec, standInPorts, TransferEngine } from '../../engine';
import { gatherSnapshot, pushImage, readLocalImage, runningEngineServer, type TransferProtocol } from '../../jobs';
import { type LabDevice, startLab } from '../../lab';
import { sampleImages, writeSampleImage } from '../../lab/sample-image';
import type { CliCommand, ParsedArgs } from '../command';
import type { CliIo } from '../io';
import { JobProgressPrinter } from '../job-progress';
import { renderInventory } from './inspect';

interface Step {
  profile: string;
  protocol: TransferProtocol;
  /** Expected: the copy goes through, or the pre-flight stops it (erase not confirmed). */
  expect: 'succeeded' | 'blocked';
  sizeBytes: number;
  note: string;
}

const steps: Step[] = [
  { profile: 'c2960x', protocol: 'tftp', expect: 'succeeded', sizeBytes: 18 * 1024 * 1024, note: 'Catalyst 2960-X (room for about one more image), TFTP at the IOS default 512-byte blocks' },
  { profile: 'isr4331', protocol: 'ftp', expect: 'succeeded', sizeBytes: 48 * 1024 * 1024, note: 'ISR 4331 (IOS-XE, bootflash:), FTP with a one-time login' },
  { profile: 'c2911', protocol: 'rcp', expect: 'succeeded', sizeBytes: 32 * 1024 * 1024, note: "ISR G2 2911, RCP with the device's own remote-username rule" },
  { profile: 'c9300', protocol: 'http', expect: 'succeeded', sizeBytes: 48 * 1024 * 1024, note: 'Catalyst 9300 stack (IOS-XE), HTTP on an unprivileged port named in the URL, under a one-time secret path' },
  { profile: 'c2500-run-from-flash', protocol: 'tftp', expect: 'blocked', sizeBytes: 4 * 1024 * 1024, note: '2500 running IOS from read-only Class B flash: the Flash Load Helper would reload it twice and erase flash, and nobody confirmed it' },
];

async function trustLabKey(store: MemoryKnownHostsStore, d: LabDevice): Promise<void> {
  const [type, base64] = d.hostKeyPublic.trim().split(/\s+/);
  await store.add(d.host, d.port, { type, blob: Buffer.from(base64, 'base64') });
}

async function openLabSession(d: LabDevice, store: MemoryKnownHostsStore): Promise<DeviceSession> {
  const user = d.privilegedUser ?? { username: d.username, password: d.password };
  return connectDevice({ host: d.host, port: d.port, username: user.username, password: user.password, enableSecret: d.enableSecret, knownHosts: store, label: `${d.profile.name} (${d.host}:${d.port})` });
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

async function runDemo(args: ParsedArgs, io: CliIo): Promise<number> {
  const scale = args.values.quick ? 1 / 8 : 1;
  const work = mkdtempSync(path.join(os.tmpdir(), 'iim-demo-'));
  const engine = new TransferEngine();
  const store = new MemoryKnownHostsStore();
  let lab: Awaited<ReturnType<typeof startLab>> | undefined;
  let failures = 0;
  try {
    // The engine binds free loopback ports; the lab is told which stand for the well-known ones.
    const servers = await engine.startAll(() => 0);
    const described = Object.values(servers).map((s) => {
      const spec = protocolSpec(s.protocol);
      return `${spec.title} ${s.port}${spec.portInUrl ? '' : ` (for ${spec.wellKnownPort})`}`;
    });
    io.stdout(`Transfer engine on 127.0.0.1: ${described.join(', ')}\n`);
    lab = await startLab({ profiles: steps.map((s) => s.profile), ports: standInPorts(servers) });
    for (const d of lab.devices) await trustLabKey(store, d);
    io.stdout(`Simulated lab: ${lab.devices.map((d) => `${d.profile.name} on ssh://127.0.0.1:${d.port}`).join(', ')}\n`);

    for (const [i, step] of steps.entries()) {
      if (io.stopSignal.aborted) break;
      const device = lab.devices[i];
      const spec = sampleImages[step.profile];
      io.stdout(`\n━━ ${i + 1}/${steps.length} ${step.note}\n`);
      const image = await writeSampleImage(work, spec, Math.round(step.sizeBytes * scale), i + 1);
      const session = await openLabSession(device, store);
      try {
        io.stdout(`  Flash before:\n${indent(renderInventory(await inspectDevice(session)))}\n`);
        const snapshot = await gatherSnapshot(session, device.privilegedUser?.username ?? device.username);
        const local = await readLocalImage(image.path);
        const server = runningEngineServer(engine, servers, { override: '127.0.0.1', portsMapped: true });
        io.stdout(`  push ${local.name} (${local.sizeBytes} bytes) over ${step.protocol.toUpperCase()}\n`);
        const printer = new JobProgressPrinter(io, '  ');
        const abort = new AbortController();
        const onStop = () => abort.abort();
        io.stopSignal.addEventListener('abort', onStop, { once: true });
        const result = await pushImage(session, snapshot, { protocol: step.protocol, local, server, reconnect: () => openLabSession(device, store), signal: abort.signal, onEvent: (e) => printer.handle(e) }).finally(() =>
          io.stopSignal.removeEventListener('abort', onStop),
        );
        if (result.outcome.status !== step.expect) {
          failures++;
          io.stdout(`  UNEXPECTED: expected ${step.expect}, got ${result.outcome.status}\n`);
        } else if (step.expect === 'blocked') {
          io.stdout('  As it should: nothing was sent to the device. `push --yes-erase` would go ahead after this warning.\n');
        }
        io.stdout(`  Flash after:\n${indent(renderInventory(await inspectDevice(session)))}\n`);
      } finally {
        session.close();
      }
    }
    io.stdout(`\n${failures ? `${failures} step(s) did not end as expected.` : 'Demo complete: every step ended as expected.'}\n`);
    return failures ? 1 : 0;
  } finally {
    await lab?.close();
    await engine.close();
    rmSync(work, { recursive: true, force: true });
  }
}

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'show the whole job on the built-in simulated lab: pre-flight, a copy over each protocol, an erase refused',
  usage: 'demo [--quick]',
  details: ['', '  --quick   smaller sample images (an eighth of the size)'],
  options: { quick: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  run: runDemo,
};
