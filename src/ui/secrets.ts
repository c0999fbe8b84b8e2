// Device credentials in VS Code's SecretStorage (the OS keychain), never in settings or logs. Asked
// for when first needed, kept per device name, forgotten on request or when the device is removed.
import * as vscode from 'vscode';

export type SecretKind = 'password' | 'enableSecret' | 'passphrase';

const labels: Record<SecretKind, string> = { password: 'SSH password', enableSecret: 'enable secret', passphrase: 'private key passphrase' };

export class CredentialStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  private key(device: string, kind: SecretKind): string {
    return `iosImageManager/${encodeURIComponent(device)}/${kind}`;
  }

  get(device: string, kind: SecretKind): Thenable<string | undefined> {
    return this.secrets.get(this.key(device, kind));
  }

  async set(device: string, kind: SecretKind, value: string): Promise<void> {
    await this.secrets.store(this.key(device, kind), value);
  }

  /** The stored secret, or asks for it (and stores it). Undefined when the user cancels. */
  async getOrAsk(device: string, kind: SecretKind, optional = false): Promise<string | undefined> {
    const stored = await this.get(device, kind);
    if (stored !== undefined) return stored;
    const value = await vscode.window.showInputBox({
      title: `${device}: ${labels[kind]}`,
      prompt: optional ? `Leave empty if ${device} has none.` : `Kept in the OS keychain, never in settings.`,
      password: true,
      ignoreFocusOut: true,
    });
    if (value === undefined) return undefined;
    await this.set(device, kind, value);
    return value;
  }

  async forgetOne(device: string, kind: SecretKind): Promise<void> {
    await this.secrets.delete(this.key(device, kind));
  }

  async forget(device: string): Promise<void> {
    await Promise.all((Object.keys(labels) as SecretKind[]).map((k) => this.secrets.delete(this.key(device, k))));
  }

  async rename(from: string, to: string): Promise<void> {
    for (const k of Object.keys(labels) as SecretKind[]) {
      const v = await this.get(from, k);
      if (v !== undefined) await this.set(to, k, v);
    }
    await this.forget(from);
  }
}
