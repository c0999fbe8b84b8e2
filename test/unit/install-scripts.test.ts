// Every dependency's install script is decided in package.json (`allowScripts`, with the reason in
// `//allowScripts`), so a fresh `npm ci` warns about none; and what the denials leave out is not needed.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/run-cli';

interface Manifest {
  name: string;
  scripts?: Record<string, string>;
  allowScripts?: Record<string, boolean>;
  '//allowScripts'?: Record<string, string>;
}

function installed(dir: string): Manifest[] {
  const out: Manifest[] = [];
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (name.startsWith('@')) {
      out.push(...installed(full));
      continue;
    }
    try {
      out.push(JSON.parse(readFileSync(path.join(full, 'package.json'), 'utf8')) as Manifest);
    } catch {
      continue;
    }
    try {
      out.push(...installed(path.join(full, 'node_modules')));
    } catch {
      // no nested node_modules
    }
  }
  return out;
}

test('every installed package with an install script is allowed or denied, with the reason', () => {
  const root = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
  const withScripts = [...new Set(installed(path.join(repoRoot, 'node_modules')).filter((m) => ['preinstall', 'install', 'postinstall'].some((s) => m.scripts?.[s])).map((m) => m.name))].sort();
  assert.ok(withScripts.length > 0, 'node_modules is installed');
  const decided = Object.keys(root.allowScripts ?? {});
  assert.deepEqual(withScripts.filter((n) => !decided.includes(n)), [], 'undecided install scripts');
  for (const n of decided) assert.ok((root['//allowScripts']?.[n] ?? '').length > 20, `${n}: the reason for the decision`);
});

// The modules are loaded as npm installed them (a native add-on is found, or not, at require time).
const load = createRequire(__filename);

test('what the denied scripts would build is not needed: ssh2 runs without its native parts', () => {
  // cpu-features and ssh2's crypto binding are not built (every SSH test runs on the JS fallbacks).
  assert.throws(() => load('cpu-features'));
  assert.throws(() => load('ssh2/lib/protocol/crypto/build/Release/sshcrypto.node'));
  const ssh2 = load('ssh2') as { Client: unknown; Server: unknown; utils: { generateKeyPairSync(type: string): { public: string } } };
  assert.equal(typeof ssh2.Client, 'function');
  assert.match(ssh2.utils.generateKeyPairSync('ed25519').public, /ssh-ed25519/);
});
