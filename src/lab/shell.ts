// One vty session on a simulated device: login privilege, prompts (`host>`, `host#`,
// `host(config)#`), command dispatch through the mode's table, and IOS's error messages for
// input it cannot parse (`% Invalid input detected at '^' marker.`, ambiguous, incomplete).
import { matchCommand, type CommandSpec } from './command-parser';
import type { DeviceState } from './device-state';
import { applyModifier, splitModifier } from './output-modifiers';
import type { ProfileUser } from './profile';
import type { Terminal } from './terminal';

export type Mode = 'exec' | 'config';

export interface CommandEntry {
  run: (shell: Shell, args: string[], line: string) => Promise<void>;
  /** Minimum privilege level (1 = user EXEC, 15 = privileged). */
  privilege: number;
}

export interface ShellTables {
  exec: readonly CommandSpec<CommandEntry>[];
  config: readonly CommandSpec<CommandEntry>[];
}

export class Shell {
  mode: Mode = 'exec';
  privilege: number;
  /** Set by `exit`/`logout`: the session loop ends. */
  loggedOut = false;

  constructor(
    readonly dev: DeviceState,
    readonly term: Terminal,
    readonly user: ProfileUser,
    readonly tables: ShellTables,
    /** Ends the SSH connection abruptly (the drop-session fault). */
    readonly drop: () => void,
    /** The line name IOS reports (`vty0`) and the peer address. */
    readonly peer = '127.0.0.1',
  ) {
    this.privilege = user.privilege;
  }

  get prompt(): string {
    const host = this.dev.running.hostname;
    if (this.mode === 'config') return `${host}(config)#`;
    return `${host}${this.privilege >= 15 ? '#' : '>'}`;
  }

  /** The interactive loop: prompt, read, execute, until logout or disconnect. */
  async interactive(): Promise<void> {
    // A reload drops every vty session (dev.dropSessions).
    this.dev.sessions.add(this);
    try {
      this.term.write('\n');
      while (!this.loggedOut && !this.term.isClosed) {
        this.term.write(this.prompt);
        const line = await this.term.readLine();
        if (line === null) return;
        if (line === '\x1a') {
          if (this.mode === 'config') this.leaveConfig();
          continue;
        }
        await this.execute(line, this.prompt.length);
      }
    } finally {
      this.dev.sessions.delete(this);
    }
  }

  leaveConfig(): void {
    this.mode = 'exec';
  }

  /** Runs one command line; `column0` is where the line starts on screen (after the prompt). */
  async execute(line: string, column0 = 0): Promise<void> {
    if (this.mode === 'exec' && line.includes('|')) {
      const mod = splitModifier(line);
      if (mod.kind === 'incomplete') {
        this.term.write('% Incomplete command.\n\n');
        return;
      }
      if (mod.kind === 'invalid') {
        this.invalid(column0 + mod.column);
        return;
      }
      if (mod.kind === 'ok') {
        // IOS takes modifiers on commands that print (show, dir, more); elsewhere `|` is invalid input.
        const first = mod.command.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
        if (!(first.length >= 2 && 'show'.startsWith(first)) && !(first.length >= 2 && 'dir'.startsWith(first)) && !(first.length >= 2 && 'more'.startsWith(first))) {
          this.invalid(column0 + line.indexOf('|'));
          return;
        }
        const text = await this.term.capture(() => this.execute(mod.command, column0));
        // The command's own error (`% Invalid input …` under its marker) is printed as it is.
        if (/(^|\n)% (Invalid input|Incomplete command|Ambiguous command)/.test(text)) this.term.write(text);
        else await this.term.page(applyModifier(text, mod.modifier));
        return;
      }
    }
    // A profile may replay a real device's output verbatim for a given command line.
    const replay = this.mode === 'exec' && this.privilege >= 15 ? this.dev.profile.recorded?.[line.trim().replace(/\s+/g, ' ').toLowerCase()] : undefined;
    if (replay !== undefined) {
      await this.term.page(replay);
      return;
    }
    const table = (this.mode === 'config' ? this.tables.config : this.tables.exec).filter((s) => s.value.privilege <= this.privilege);
    const m = matchCommand(table, line);
    switch (m.kind) {
      case 'empty':
        return;
      case 'ok':
        try {
          await m.value.run(this, m.args, line);
        } catch (err) {
          if (err instanceof InvalidInput) this.invalid(column0 + line.indexOf(err.word));
          else throw err;
        }
        return;
      case 'ambiguous':
        this.term.write(`% Ambiguous command:  "${line.trim()}"\n`);
        return;
      case 'incomplete':
        this.term.write('% Incomplete command.\n\n');
        return;
      case 'invalid': {
        const words = line.trim().split(/\s+/);
        if (this.mode === 'exec' && words.length === 1 && m.column === line.indexOf(words[0])) {
          // IOS takes a lone unknown word for a host name to telnet to.
          this.term.write(`Translating "${words[0]}"\n% Unknown command or computer name, or unable to find computer address\n`);
          return;
        }
        this.invalid(column0 + m.column);
        return;
      }
    }
  }

  invalid(column: number): void {
    this.term.write(`${' '.repeat(column)}^\n% Invalid input detected at '^' marker.\n\n`);
  }
}

/** Thrown by a handler when an argument is wrong; the shell draws the marker under `word`. */
export class InvalidInput extends Error {
  constructor(readonly word: string) {
    super(`invalid input at ${word}`);
    this.name = new.target.name;
  }
}
