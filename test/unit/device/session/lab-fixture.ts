// Starts a simulated lab device for one test and connects the device layer to it; both are closed
// when the test ends.
import type { TestContext } from 'node:test';
import { connectDevice, type DeviceSession, type DeviceSessionOptions, MemoryKnownHostsStore } from '../../../../src/device';
import { type LabDevice, type LabDeviceOptions, startLabDevice } from '../../../../src/lab';

export async function labDevice(t: TestContext, options: Partial<LabDeviceOptions> = {}): Promise<LabDevice> {
  const dev = await startLabDevice({ profile: 'c2960x', ...options });
  t.after(() => dev.close());
  return dev;
}

export async function labSession(t: TestContext, dev: LabDevice, options: Partial<DeviceSessionOptions> = {}): Promise<DeviceSession> {
  const session = await connectDevice({
    host: dev.host,
    port: dev.port,
    username: dev.username,
    password: dev.password,
    knownHosts: new MemoryKnownHostsStore(),
    onUnknownHostKey: () => true,
    readyTimeoutMs: 10_000,
    ...options,
  });
  t.after(() => session.close());
  return session;
}
