// The manifest contributes exactly what the code registers, and activates lazily.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type * as vscodeTypes from 'vscode';
import { repoRoot } from '../helpers/run-cli';
import { registered } from '../fakes/vscode';
import { activate } from '../../src/extension';
import { commandTable } from '../../src/ui/commands';
import { allProtocols } from '../../src/engine';

interface Manifest {
  name: string;
  displayName: string;
  publisher: string;
  engines: { vscode: string };
  activationEvents?: string[];
  main: string;
  contributes: {
    commands: { command: string; title: string; category?: string; icon?: string }[];
    viewsContainers: { activitybar: { id: string; icon: string }[] };
    views: Record<string, { id: string; name: string }[]>;
    viewsWelcome?: { view: string; contents: string }[];
  };
  devDependencies: Record<string, string>;
}
const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;

test('identity', () => {
  assert.equal(manifest.name, 'ios-image-manager');
  assert.equal(manifest.displayName, 'IOS Image Manager');
  assert.ok(manifest.publisher);
  assert.equal(manifest.main, './dist/extension.js');
});

test('activation is lazy: never "*" or onStartupFinished', () => {
  for (const e of manifest.activationEvents ?? []) {
    assert.ok(e !== '*' && e !== 'onStartupFinished', `eager activation event ${e}`);
  }
});

test('@types/vscode is no newer than engines.vscode', () => {
  const engine = manifest.engines.vscode.replace(/^\^/, '');
  const types = manifest.devDependencies['@types/vscode'].replace(/^[\^~]/, '');
  const [ea, eb] = engine.split('.').map(Number);
  const [ta, tb] = types.split('.').map(Number);
  assert.ok(ta < ea || (ta === ea && tb <= eb), `@types/vscode ${types} > engine ${engine}`);
});

test('the activity-bar container has an SVG icon file and holds the Devices view', () => {
  const [container] = manifest.contributes.viewsContainers.activitybar;
  assert.match(container.icon, /\.svg$/);
  assert.ok(existsSync(path.join(repoRoot, container.icon)), container.icon);
  assert.ok(readFileSync(path.join(repoRoot, container.icon), 'utf8').includes('<svg'));
  const views = manifest.contributes.views[container.id];
  assert.deepEqual(views.map((v) => [v.id, v.name]), [['iosImageManager.devices', 'Devices']]);
});

test('the empty Devices view welcomes with a button for a contributed command', () => {
  const welcome = manifest.contributes.viewsWelcome?.find((w) => w.view === 'iosImageManager.devices');
  assert.ok(welcome);
  const linked = [...welcome.contents.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]);
  assert.ok(linked.length > 0);
  for (const id of linked) assert.ok(manifest.contributes.commands.some((c) => c.command === id), id);
});

test('every contributed command has a category and an icon, and the table matches the manifest', () => {
  for (const c of manifest.contributes.commands) {
    assert.ok(c.category, `${c.command} has a category`);
    assert.match(c.icon ?? '', /^\$\([\w-]+\)$/, `${c.command} has a codicon`);
    assert.match(c.command, /^iosImageManager\.[a-z][A-Za-z]+$/);
  }
  assert.deepEqual(Object.keys(commandTable).sort(), manifest.contributes.commands.map((c) => c.command).sort());
});

test('activate() registers exactly the contributed commands and views', () => {
  const subscriptions: { dispose(): void }[] = [];
  activate({ subscriptions, secrets: { get: async () => undefined, store: async () => undefined, delete: async () => undefined } } as unknown as vscodeTypes.ExtensionContext);
  assert.deepEqual([...registered.commands.keys()].sort(), manifest.contributes.commands.map((c) => c.command).sort());
  const viewIds = Object.values(manifest.contributes.views).flat().map((v) => v.id);
  assert.deepEqual([...registered.treeDataProviders.keys()].sort(), viewIds.sort());
  for (const s of subscriptions) s.dispose();
  assert.equal(registered.commands.size, 0, 'disposing the context unregisters every command');
});

test('the engine settings follow the protocol registry: one port setting per protocol, with its default port', async () => {
  const raw = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { default?: unknown; enum?: unknown[] }> }[] } };
  const settings = Object.assign({}, ...raw.contributes.configuration.map((c) => c.properties)) as Record<string, { default?: unknown; enum?: unknown[] }>;
  const portSettings = Object.keys(settings).filter((k) => /^iosImageManager\.engine\.[a-z]+Port$/.test(k));
  assert.deepEqual(portSettings.sort(), allProtocols().map((p) => `iosImageManager.engine.${p.name}Port`).sort());
  for (const p of allProtocols()) assert.equal(settings[`iosImageManager.engine.${p.name}Port`].default, p.defaultPort, p.name);
  const choices = settings['iosImageManager.transfers.defaultProtocol'].enum ?? [];
  for (const p of allProtocols()) assert.ok(choices.includes(p.name), `defaultProtocol offers ${p.name}`);
});
