// A mistake in how the CLI was called: reported as one line on stderr with exit code 2,
// the convention shared by POSIX utilities and Node's own CLI.

export class UsageError extends Error {
  readonly code = 'E_USAGE';
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
