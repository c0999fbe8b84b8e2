// Named builds on one shared base: the extension (Node, `vscode` external), the headless CLI
// (plain Node, must never pull in `vscode`), and the Transfers webview (browser).
import { copyFileSync, mkdirSync } from 'node:fs';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const base = {
  bundle: true,
  sourcemap: true,
  minify: production,
  logLevel: 'warning',
  target: 'node20',
  platform: 'node',
  format: 'cjs',
  // ssh2 tries optional native add-ons (cpu-features, sshcrypto.node) inside try/catch and falls back
  // to pure JS; leave them unresolved so the bundle needs no node_modules at run time.
  external: ['cpu-features', '*.node'],
};

/** @type {Record<string, import('esbuild').BuildOptions>} */
export const builds = {
  extension: { ...base, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: [...base.external, 'vscode'] },
  cli: {
    ...base,
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    // No `external: ['vscode']` on purpose: if the CLI ever reaches `vscode`, the build fails.
  },
  // TFTP transfer threads (src/engine/tftp/transfer-threads.ts): loaded by file name next to the
  // extension's and the CLI's bundles.
  tftpWorker: { ...base, entryPoints: ['src/engine/tftp/transfer-worker.ts'], outfile: 'dist/tftp-transfer-worker.js' },
  // The Transfers webview: browser code, no Node built-ins; it shares only protocol.ts with the host.
  webview: { ...base, platform: 'browser', format: 'iife', target: 'es2022', external: [], entryPoints: ['media/transfers/main.ts'], outfile: 'dist/media/transfers.js' },
};

// The webview draws its status icons with VS Code's own icon font (codicons, CC BY 4.0: its licence
// goes along), from dist/media like the script, so the CSP needs no other source.
function copyCodicons() {
  const from = 'node_modules/@vscode/codicons';
  mkdirSync('dist/media/codicons', { recursive: true });
  for (const [src, dst] of [['dist/codicon.css', 'codicon.css'], ['dist/codicon.ttf', 'codicon.ttf'], ['LICENSE', 'LICENSE.txt']]) copyFileSync(`${from}/${src}`, `dist/media/codicons/${dst}`);
}

const names = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const selected = names.length ? names : Object.keys(builds);
for (const name of selected) {
  if (!builds[name]) throw new Error(`unknown build "${name}"; known: ${Object.keys(builds).join(', ')}`);
}

if (selected.includes('webview')) copyCodicons();

if (watch) {
  for (const name of selected) {
    const ctx = await esbuild.context(builds[name]);
    await ctx.watch();
    console.log(`[watch] ${name}`);
  }
} else {
  await Promise.all(selected.map((name) => esbuild.build(builds[name])));
}
