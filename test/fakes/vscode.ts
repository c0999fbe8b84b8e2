// A small fake of the parts of the `vscode` API the UI uses, so UI logic runs under node --test.
// It records registrations so tests can compare them with package.json's contributions.

export const registered = {
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  treeDataProviders: new Map<string, unknown>(),
  treeViews: new Map<string, { expand(element: unknown): void; collapse(element: unknown): void }>(),
  webviewSerializers: new Map<string, unknown>(),
  messages: [] as string[],
  /** Every line written to an output channel, as `level: text`. */
  logLines: [] as string[],
  executed: [] as { command: string; args: unknown[] }[],
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

export interface FakeUri {
  scheme: string;
  fsPath: string;
  path: string;
  toString(): string;
}

function fileUri(fsPath: string): FakeUri {
  return { scheme: 'file', fsPath, path: fsPath, toString: () => `file://${fsPath}` };
}

export const Uri = {
  file: fileUri,
  joinPath: (base: FakeUri, ...parts: string[]) => fileUri([base.fsPath, ...parts].join('/')),
};

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}

export enum ViewColumn {
  Active = -1,
  Beside = -2,
  One = 1,
}

export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}

/** A webview panel that records what the host posts and lets a test play the webview's side. */
export class FakeWebviewPanel {
  readonly posted: unknown[] = [];
  private readonly received = new EventEmitter<unknown>();
  private readonly disposed = new EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  readonly webview = {
    html: '',
    options: {} as Record<string, unknown>,
    cspSource: 'vscode-webview://fake',
    asWebviewUri: (u: FakeUri) => ({ ...u, toString: () => `vscode-webview://fake${u.path}` }),
    // Messages cross to the webview as JSON (undefined fields vanish): the fake does the same.
    postMessage: async (m: unknown) => {
      this.posted.push(JSON.parse(JSON.stringify(m)));
      return true;
    },
    onDidReceiveMessage: this.received.event,
  };
  revealed = 0;
  constructor(
    readonly viewType: string,
    readonly title: string,
    readonly options: Record<string, unknown> = {},
  ) {}
  /** What the webview script would send. */
  sendFromWebview(m: unknown): void {
    this.received.fire(m);
  }
  reveal(): void {
    this.revealed++;
  }
  dispose(): void {
    this.disposed.fire();
  }
}

export const created = { panels: [] as FakeWebviewPanel[] };

/** Answers a test scripts for modal questions and input boxes, and what was asked and reported. */
export const scripted = {
  answers: [] as (string | undefined)[],
  inputs: [] as (string | undefined)[],
  modals: [] as { message: string; detail?: string }[],
  inputPrompts: [] as string[],
  /** Quick pick answers by item label (none scripted: dismissed). */
  picks: [] as (string | undefined)[],
  progress: [] as unknown[],
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
  async executeCommand(command: string, ...args: unknown[]): Promise<unknown> {
    registered.executed.push({ command, args });
    return registered.commands.get(command)?.(...args);
  },
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
    const expand = new EventEmitter<{ element: unknown }>();
    const collapse = new EventEmitter<{ element: unknown }>();
    const view = {
      message: undefined as string | undefined,
      onDidExpandElement: expand.event,
      onDidCollapseElement: collapse.event,
      /** What the person would do in the tree. */
      expand: (element: unknown) => expand.fire({ element }),
      collapse: (element: unknown) => collapse.fire({ element }),
      dispose: () => registered.treeDataProviders.delete(viewId),
    };
    registered.treeViews.set(viewId, view);
    return view;
  },
  async showInformationMessage(message: string): Promise<undefined> {
    registered.messages.push(message);
    return undefined;
  },
  async withProgress<T>(_options: unknown, task: (progress: { report(value: unknown): void }, token: { isCancellationRequested: boolean; onCancellationRequested: EventEmitter<void>['event'] }) => Promise<T>): Promise<T> {
    const cancel = new EventEmitter<void>();
    return task({ report: (value) => void scripted.progress.push(value) }, { isCancellationRequested: false, onCancellationRequested: cancel.event });
  },
  async showWarningMessage(message: string, ...rest: unknown[]): Promise<string | undefined> {
    registered.messages.push(message);
    // A modal question takes the test's scripted answer (none scripted: dismissed).
    const options = rest[0] as { modal?: boolean; detail?: string } | undefined;
    if (options?.modal) {
      scripted.modals.push({ message, ...(options.detail ? { detail: options.detail } : {}) });
      return scripted.answers.shift();
    }
    return undefined;
  },
  async showQuickPick<T extends { label: string }>(items: readonly T[] | Promise<readonly T[]>, _options?: unknown): Promise<T | undefined> {
    const label = scripted.picks.shift();
    const all = await items;
    if (label !== undefined && !all.some((i) => i.label === label)) throw new Error(`no quick pick item '${label}' among ${all.map((i) => i.label).join(', ')}`);
    return all.find((i) => i.label === label);
  },
  async showInputBox(options: { prompt?: string; validateInput?: (v: string) => string | undefined }): Promise<string | undefined> {
    scripted.inputPrompts.push(options.prompt ?? '');
    return scripted.inputs.shift();
  },
  async showErrorMessage(message: string): Promise<undefined> {
    registered.messages.push(message);
    return undefined;
  },
  createOutputChannel(name: string) {
    const line = (level: string) => (text: string) => void registered.logLines.push(`${level}: ${text}`);
    return { name, info: line('info'), warn: line('warn'), error: line('error'), show: () => undefined, dispose: () => undefined };
  },
  createStatusBarItem(_alignment?: StatusBarAlignment, _priority?: number) {
    return { name: '', text: '', tooltip: '' as string | undefined, command: undefined as string | undefined, visible: false, show() { this.visible = true; }, hide() { this.visible = false; }, dispose: () => undefined };
  },
  registerWebviewPanelSerializer(viewType: string, serializer: unknown): Disposable {
    registered.webviewSerializers.set(viewType, serializer);
    return new Disposable(() => registered.webviewSerializers.delete(viewType));
  },
  createWebviewPanel(viewType: string, title: string, _show: unknown, options: Record<string, unknown>): FakeWebviewPanel {
    const panel = new FakeWebviewPanel(viewType, title, options);
    created.panels.push(panel);
    return panel;
  },
};
