// Imports point one way (house style rule 1): only src/ui and src/extension.ts see `vscode`;
// the engine and the device layer never import each other. Checked on the source text, so it
// also catches type-only and dynamic imports that a bundle would drop.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/run-cli';

const importRe = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

function tsFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

export function importsOf(source: string): string[] {
  return [...source.matchAll(importRe)].map((m) => m[1]);
}

const rules: { folder: string; forbidden: RegExp; why: string }[] = [
  { folder: 'src/engine', forbidden: /^vscode$|\/(device|jobs|ui|lab)(\/|$)/, why: 'engine imports neither vscode nor device/jobs/ui/lab' },
  { folder: 'src/device', forbidden: /^vscode$|\/(engine|jobs|ui|lab)(\/|$)/, why: 'device imports neither vscode nor engine/jobs/ui/lab' },
  { folder: 'src/jobs', forbidden: /^vscode$|\/(ui|lab)(\/|$)/, why: 'jobs imports neither vscode nor ui/lab' },
  { folder: 'src/lab', forbidden: /^vscode$|\/(ui|jobs)(\/|$)/, why: 'lab imports neither vscode nor ui/jobs' },
  { folder: 'src/cli', forbidden: /^vscode$|\/ui(\/|$)/, why: 'the CLI never imports vscode or ui' },
  // The jobs layer's index.ts is its only entry: the plan, the executor and the checks behind it.
  { folder: 'src/ui', forbidden: /\/jobs\/./, why: 'the UI imports jobs through jobs/index.ts only' },
  { folder: 'src/cli', forbidden: /\/jobs\/./, why: 'the CLI imports jobs through jobs/index.ts only' },
];

test('the import scanner sees every import form', () => {
  const src = `import * as v from 'vscode';\nimport type { X } from "../device/x";\nconst m = await import('vscode');\nconst r = require( 'vscode' );\nexport { y } from './engine';`;
  assert.deepEqual(importsOf(src), ['vscode', '../device/x', 'vscode', 'vscode', './engine']);
});

for (const rule of rules) {
  test(rule.why, () => {
    const offenders = tsFiles(path.join(repoRoot, rule.folder)).flatMap((file) =>
      importsOf(readFileSync(file, 'utf8'))
        .filter((spec) => rule.forbidden.test(spec))
        .map((spec) => `${path.relative(repoRoot, file)} imports '${spec}'`),
    );
    assert.deepEqual(offenders, []);
  });
}
