// Open SSH Terminal: a pseudoterminal over a plain ssh2 shell to the device, with the same
// credentials and host-key checks as the tree's sessions. Resizes follow the terminal.
import type { ClientChannel } from 'ssh2';
import * as vscode from 'vscode';
import { sshConnect, type SshConnection } from '../../device';
import type { Ctx } from '../ctx';
import { deviceOf } from '../transfers/transfer-commands';
import { connectOptions } from './inventory-loader';

export async function openTerminal(ctx: Ctx, node?: unknown): Promise<void> {
  const device = deviceOf(ctx, node);
  if (!device) return;
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | void>();
  let connection: SshConnection | undefined;
  let channel: ClientChannel | undefined;
  let size = { columns: 80, rows: 24 };
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: (dims) => {
      if (dims) size = dims;
      write.fire(`Connecting to ${device.username}@${device.host}:${device.port ?? 22}…\r\n`);
      void (async () => {
        try {
          const { options } = await connectOptions(ctx, device);
          connection = await sshConnect(options);
          channel = await new Promise<ClientChannel>((resolve, reject) =>
            connection!.client.shell({ term: 'xterm-256color', cols: size.columns, rows: size.rows }, (err, ch) => (err ? reject(err) : resolve(ch))),
          );
          channel.on('data', (d: Buffer) => write.fire(d.toString('utf8')));
          channel.stderr.on('data', (d: Buffer) => write.fire(d.toString('utf8')));
          channel.on('close', () => {
            write.fire('\r\n[connection closed]\r\n');
            connection?.close();
            close.fire(0);
          });
        } catch (err) {
          write.fire(`\r\n${err instanceof Error ? err.message : String(err)}\r\n`);
          connection?.close();
        }
      })();
    },
    close: () => {
      channel?.close();
      connection?.close();
    },
    handleInput: (data) => void channel?.write(data),
    setDimensions: (dims) => {
      size = dims;
      channel?.setWindow(dims.rows, dims.columns, 0, 0);
    },
  };
  const terminal = vscode.window.createTerminal({ name: `SSH ${device.name}`, pty, iconPath: new vscode.ThemeIcon('terminal') });
  terminal.show();
}
