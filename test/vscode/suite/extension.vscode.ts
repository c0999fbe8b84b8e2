// The extension in desktop VS Code: activation on its view, every contributed command registered,
// the simulated lab started and stopped from its commands (devices in and out of the settings, SSH
// really listening), and the Transfers webview opened by its command.
import assert from 'node:assert/strict';
import net from 'node:net';
import * as vscode from 'vscode';
import { eventually, test } from './runner';

const extensionId = 'ios-image-manager.ios-image-manager';

interface DeviceSetting {
  name: string;
  host: string;
  port?: number;
  group?: string;
}

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(extensionId);
  assert.ok(ext, `${extensionId} is not loaded`);
  return ext;
}

function devices(): DeviceSetting[] {
  return vscode.workspace.getConfiguration('iosImageManager').get<DeviceSetting[]>('devices') ?? [];
}

/** The first line a server sends on connect (an SSH server's identification string). */
function banner(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(5_000, () => socket.destroy(new Error(`no banner from ${host}:${port}`)));
    socket.once('data', (d) => {
      socket.destroy();
      resolve(d.toString('latin1').split('\r\n')[0] ?? '');
    });
    socket.once('error', reject);
  });
}

test('activates when its Devices view is opened, not before', async () => {
  const ext = extension();
  assert.equal(ext.isActive, false, 'active before anything asked for it');
  await vscode.commands.executeCommand('iosImageManager.devices.focus');
  await eventually('the extension is active', () => ext.isActive);
});

test('every command in contributes.commands is registered', async () => {
  const contributed = (extension().packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map((c) => c.command);
  assert.ok(contributed.length >= 20, `only ${contributed.length} commands contributed`);
  const registered = new Set(await vscode.commands.getCommands(true));
  assert.deepEqual(contributed.filter((c) => !registered.has(c)), []);
});

test('Start Simulated Lab puts five lab devices in the settings with SSH listening; Stop takes them out', async () => {
  await vscode.commands.executeCommand('iosImageManager.startLab');
  const lab = await eventually('lab devices in the settings', () => {
    const found = devices().filter((d) => d.group === 'Simulated lab');
    return found.length ? found : undefined;
  });
  assert.deepEqual(lab.map((d) => d.name).sort(), ['lab-c2500-run-from-flash', 'lab-c2911', 'lab-c2960x', 'lab-c3850-stack', 'lab-c9200', 'lab-c9300', 'lab-isr4331']);
  for (const d of lab) {
    assert.equal(d.host, '127.0.0.1');
    assert.match(await banner(d.host, d.port!), /^SSH-2\.0-/, d.name);
  }

  await vscode.commands.executeCommand('iosImageManager.stopLab');
  await eventually('lab devices gone from the settings', () => !devices().some((d) => d.group === 'Simulated lab'));
  await assert.rejects(banner(lab[0]!.host, lab[0]!.port!), /ECONNREFUSED/);
}, 120_000);

test('Show Transfers opens the Transfers webview', async () => {
  await vscode.commands.executeCommand('iosImageManager.showTransfers');
  const tab = await eventually('a Transfers webview tab', () =>
    vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('iosImageManager.transfers')),
  );
  assert.equal(tab.label, 'Transfers');
});
