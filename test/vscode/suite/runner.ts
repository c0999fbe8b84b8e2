// A test runner small enough to need no dependency: the suite registers async tests, `runAll` runs
// them in order inside the Extension Development Host, prints one line each and throws if any
// failed (which is how @vscode/test-electron learns the outcome).
export type TestFn = () => Promise<void>;

const tests: { name: string; fn: TestFn; timeoutMs: number }[] = [];

export function test(name: string, fn: TestFn, timeoutMs = 60_000): void {
  tests.push({ name, fn, timeoutMs });
}

function withTimeout(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export async function runAll(): Promise<void> {
  const failed: string[] = [];
  for (const t of tests) {
    const started = Date.now();
    try {
      await withTimeout(t.fn(), t.timeoutMs);
      console.log(`✔ ${t.name} (${Date.now() - started} ms)`);
    } catch (err) {
      failed.push(t.name);
      console.log(`✖ ${t.name} (${Date.now() - started} ms)\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }
  console.log(`${tests.length - failed.length} passed, ${failed.length} failed`);
  if (failed.length) throw new Error(`${failed.length} of ${tests.length} failed: ${failed.join('; ')}`);
}

/** Polls `probe` until it returns something truthy; rejects with `what` when `ms` pass first. */
export async function eventually<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
