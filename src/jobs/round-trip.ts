// The round trip to the device, for the duration estimates: the least of a few SSH keep-alives on the
// job's own session (see device/keepalive.ts). Over a direct connection the SSH path is the path the
// device's copy takes back to this machine; through a jump host it is longer, so estimates err slow.
import type { DeviceSession } from '../device';

export interface RoundTrip {
  ms: number;
  /** How it was measured, for the pre-flight report. */
  how: string;
}

export async function measureRoundTrip(session: Pick<DeviceSession, 'roundTripMs'>, samples = 5): Promise<{ roundTrip?: RoundTrip; problem?: string }> {
  try {
    const ms = await session.roundTripMs(samples);
    return { roundTrip: { ms, how: `least of ${samples} SSH keep-alive round trips` } };
  } catch (err) {
    return { problem: err instanceof Error ? err.message : String(err) };
  }
}
