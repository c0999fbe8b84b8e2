// A small fake of the parts of the `vscode` API the UI uses, so UI logic runs under node --test.
// It records registrations so tests can compare them with package.json's contributions.

export const registered = {
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  treeDataProviders: new Map<string, unknown>(),
  messages: [] as string[],
};

export class Disposable {
  constructor(private readonly onDispose: () => void) {}
  dispose(): void {
    this.onDispose();
  }
}

export class EventEmitter<T> {
  private listeners: ((e: T) => void)[] = [];
  readonly event = (listener: (e: T) => void) => {
    this.listeners.push(listener);
    return new Disposable(() => (this.listeners = this.listeners.filter((l) => l !== listener)));
  };
  fire(e: T): void {
    for (const l of this.listeners) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class ThemeIcon {
  constructor(readonly id: string) {}
}

export enum TreeItemCollapsibleState {
  None = 0,
  Collapsed = 1,
  Expanded = 2,
}

export class TreeItem {
  description?: string;
  tooltip?: string;
  contextValue?: string;
  iconPath?: ThemeIcon;
  id?: string;
  constructor(
    readonly label: string,
    readonly collapsibleState: TreeItemCollapsibleState = TreeItemCollapsibleState.None,
  ) {}
}

export const Uri = {
  file: (fsPath: string) => ({ scheme: 'file', fsPath, path: fsPath }),
};

export const settings = new Map<string, unknown>();

export enum ConfigurationTarget {
  Global = 1,
  Workspace = 2,
  WorkspaceFolder = 3,
}

export const workspace = {
  getConfiguration(section: string) {
    return {
      get: <T>(key: string): T | undefined => settings.get(`${section}.${key}`) as T | undefined,
      update: async (key: string, value: unknown) => {
        settings.set(`${section}.${key}`, value);
      },
    };
  },
  onDidChangeConfiguration(_listener: unknown): Disposable {
    return new Disposable(() => undefined);
  },
};

export const commands = {
  registerCommand(id: string, handler: (...args: unknown[]) => unknown): Disposable {
    if (registered.commands.has(id)) throw new Error(`command '${id}' already exists`);
    registered.commands.set(id, handler);
    return new Disposable(() => registered.commands.delete(id));
  },
};

export const window = {
  registerTreeDataProvider(viewId: string, provider: unknown): Disposable {
    registered.treeDataProviders.set(viewId, provider);
    return new Disposable(() => registered.treeDataProviders.delete(viewId));
  },
  createTreeView(viewId: string, options: { treeDataProvider: unknown }) {
    registered.treeDataProviders.set(viewId, options.treeDataProvider);
    return { message: undefined as string | undefined, dispose: () => registered.treeDataProviders.delete(viewId) };
  },
  async showInformationMessage(message: string): Promise<undefined> {
    registered.messages.push(message);
    return undefined;
  },
};
