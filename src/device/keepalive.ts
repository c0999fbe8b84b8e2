// The round trip to a device, measured on its SSH connection: an OpenSSH keep-alive
// (`keepalive@openssh.com`, a global request that wants a reply) goes out, and any reply — success
// or, as IOS and most servers answer an unknown request, failure — comes back one round trip later.
// It is what OpenSSH's ServerAliveInterval sends, so devices answer it without logging anything.
import type { Client } from 'ssh2';

/** ssh2's own keep-alive uses these; they are not part of its typed API. */
interface ClientInternals {
  _protocol?: { ping(): void };
  _callbacks?: ((failed: boolean) => void)[];
}

export class RoundTripUnavailableError extends Error {
  readonly code = 'E_NO_ROUND_TRIP';
  constructor(why: string) {
    super(`the round trip could not be measured: ${why}`);
    this.name = new.target.name;
  }
}

/** One keep-alive's round trip in milliseconds. */
export function keepaliveRoundTrip(client: Client, timeoutMs = 5_000): Promise<number> {
  const internals = client as unknown as ClientInternals;
  const protocol = internals._protocol;
  const callbacks = internals._callbacks;
  if (!protocol || typeof protocol.ping !== 'function' || !Array.isArray(callbacks)) return Promise.reject(new RoundTripUnavailableError('this SSH library version has no keep-alive hook'));
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      reject(new RoundTripUnavailableError(`no answer to a keep-alive within ${timeoutMs} ms`));
    }, timeoutMs);
    // Replies to global requests come back in the order the requests went out (RFC 4254 §4).
    callbacks.push(() => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(performance.now() - started);
    });
    try {
      protocol.ping();
    } catch (err) {
      done = true;
      clearTimeout(timer);
      reject(new RoundTripUnavailableError(err instanceof Error ? err.message : String(err)));
    }
  });
}
