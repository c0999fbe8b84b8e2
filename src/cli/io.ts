// What a CLI command may touch of the outside world, passed in so that commands run in tests
// without spawning a process.

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Resolves when the user asks the command to stop (SIGINT/SIGTERM in the real process). */
  stopSignal: AbortSignal;
  isTty: boolean;
  /** Asks the person at the terminal and resolves with the line typed; absent when stdin is not a terminal. */
  ask?: (question: string) => Promise<string>;
  /** The same without echoing what is typed (passwords); absent when stdin is not a terminal. */
  askSecret?: (question: string) => Promise<string>;
  /** All of standard input, once (`--password-stdin`). */
  readStdin?: () => Promise<string>;
}
