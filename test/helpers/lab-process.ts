// `lab` as a user starts it: the built CLI as a child process, resolved once it prints "lab running"
// (its output so far returned), killed when the test ends.
import { type ChildProcess, spawn } from 'node:child_process';
import type { TestContext } from 'node:test';
import { cliPath } from './run-cli';

export async function startLabProcess(t: TestContext, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; out: string }> {
  const child = spawn(process.execPath, [cliPath, 'lab', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  t.after(() => child.kill('SIGKILL'));
  let out = '';
  child.stdout!.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: string) => {
      out += d;
      if (out.includes('lab running')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`lab exited early (${code}): ${out}`)));
  });
  return { child, out };
}
