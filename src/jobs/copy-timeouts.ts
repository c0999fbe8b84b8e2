// How long a copy may take on the device before the job gives up on it.
/**
 * A copy's time limits. Over a slow link a copy runs for hours (TFTP at 512-byte blocks moves one
 * block per round trip: 200 MB over 20 ms takes over two hours) while the device keeps printing its
 * marks, so what ends a stalled copy is silence — ten minutes without a byte from the device, longer
 * than any erase or signature check prints nothing — and the whole-time limit only catches a copy
 * slower than 2 KB/s.
 */
export function copyTimeouts(sizeBytes: number): { timeoutMs: number; silenceTimeoutMs: number } {
  const silenceTimeoutMs = 10 * 60_000;
  return { timeoutMs: Math.max(silenceTimeoutMs, (sizeBytes / 2_000) * 1000), silenceTimeoutMs };
}
