// The CLI's confirmation of a reload (Reload into New Image, an install): what will happen is printed
// always; a --yes flag confirms; a person at a terminal types the hostname; without a terminal (or
// where the answer could not be asked) nothing is done and the refusal says which flag confirms.
import type { CliIo } from './io';

export interface HostnameConfirmation {
  hostname: string;
  /** The plan, printed before anything is asked. */
  text: string;
  /** The --yes flag was given. */
  preConfirmed: boolean;
  /** Output is JSON on stdout: the text goes to stderr. */
  json: boolean;
  /** False where no question may be asked even at a terminal. */
  mayAsk?: boolean;
  question: string;
  /** Said when nothing could be asked. */
  refusal: string;
}

export async function confirmByHostname(io: CliIo, c: HostnameConfirmation): Promise<boolean> {
  const say = c.json ? io.stderr : io.stdout;
  say(c.text);
  if (c.preConfirmed) return true;
  if (c.mayAsk === false || !io.isTty || !io.ask) {
    say(c.refusal);
    return false;
  }
  const typed = await io.ask(c.question);
  return typed.trim() === c.hostname;
}
