// The ExtensionContext a UI test needs: subscriptions, storage under `dir`, and SecretStorage in memory.
import type * as vscodeTypes from 'vscode';
import { Uri } from './vscode';

export function fakeExtensionContext(dir: string): vscodeTypes.ExtensionContext {
  const secrets = new Map<string, string>();
  return {
    subscriptions: [],
    extensionUri: Uri.file('/ext'),
    globalStorageUri: Uri.file(dir),
    secrets: {
      get: async (k: string) => secrets.get(k),
      store: async (k: string, v: string) => void secrets.set(k, v),
      delete: async (k: string) => void secrets.delete(k),
    },
  } as unknown as vscodeTypes.ExtensionContext;
}
