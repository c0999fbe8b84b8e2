// The prompts IOS prints, as regexes (house style 17, after unicon's pattern tables). Each prompt
// waits for input, so every pattern is anchored to the END of the text received so far.

/** Characters IOS accepts in a hostname, as it shows it in the prompt. */
const hostChars = String.raw`[A-Za-z0-9][A-Za-z0-9._\-/]*`;

/**
 * Any IOS EXEC prompt at the end of the text: `host>` (user EXEC), `host#` (privileged),
 * `host(config)#`, `host(config-if)#` … Group 1 = hostname, 2 = the `(config…)` part, 3 = `>` or `#`.
 */
export const anyExecPrompt = new RegExp(String.raw`(?:^|\n)(${hostChars})(\(config[^)\n]*\))?([>#]) ?$`);

/** ROMMON (`rommon 1 >`) and the Catalyst boot loader (`switch:`): detected and reported, never driven. */
export const rommonPrompt = /(?:^|\n)(rommon ?\d* ?>|switch:) ?$/;

/** The pager, when `terminal length 0` did not take (or before it is sent). */
export const morePrompt = / ?--More-- ?$/;

/** `[confirm]`: Enter (or `y`) confirms, `n` declines — IOS reads the key without Enter. */
export const confirmPrompt = /\[confirm\] ?$/;

/**
 * The Flash Load Helper's `Proceed? [confirm]` (run-from-flash 2500/1600): only after its notice, so
 * a `reload`'s `Proceed with reload? [confirm]` is never taken for it.
 */
// From the last notice only: `[\s\S]*` would run from every notice to the end of the text and back.
export const flhProceedPrompt = /Flash load helper(?:(?!Flash load helper)[\s\S])*\nProceed\? ?\[confirm\] ?$/i;

/**
 * IOS-XE install mode's questions, answered with a letter and Enter (the installer reads a line).
 * `installReloadPrompt`: activate, abort and the one-shot (`This operation may require a reload of the
 * system. Do you want to proceed? [y/n]`); `installRemovePrompt`: `install remove inactive`;
 * `installSaveConfigPrompt`: unsaved configuration (`… re-enter the command. [y/n/q]`);
 * `installBootConfigPrompt`: a one-shot from bundle mode (`Please confirm you have changed boot config to flash:packages.conf [y/n]`).
 */
export const installReloadPrompt = /reload of the system\. Do you want to proceed\? \[y\/n\] ?$/;
export const installRemovePrompt = /Do you want to remove the above files\? \[y\/n\] ?$/;
export const installSaveConfigPrompt = /re-enter the command\. \[y\/n\/q\] ?$/;
export const installBootConfigPrompt = /confirm you have changed boot config to \S+ \[y\/n\] ?$/;

/** `reload`: the unsaved-configuration question, and the confirmation after which the device goes down. */
export const reloadSavePrompt = /System configuration has been modified\. Save\? \[yes\/no\]: ?$/;
export const reloadConfirmPrompt = /Proceed with reload\? \[confirm\] ?$/;

/** `[yes/no]:` questions (e.g. `Save? [yes/no]:`), which need a whole word and Enter. */
export const yesNoPrompt = /\[yes\/no\](?: ?\[\w+\])?:? ?$/i;

/** The enable (or login) password prompt. */
export const passwordPrompt = /(?:^|\n)Password: ?$/;

/** What a prompt of the device looks like once its hostname is known. */
export function execPromptFor(hostname: string): RegExp {
  return new RegExp(String.raw`(?:^|\n)(${escapeRegExp(hostname)})(\(config[^)\n]*\))?([>#]) ?$`);
}

export type ExecMode = 'user' | 'privileged' | 'config';

export interface ExecPrompt {
  hostname: string;
  mode: ExecMode;
  /** The prompt exactly as printed, e.g. `R1(config-if)#`. */
  text: string;
}

/** Reads the EXEC prompt at the end of `text`, if there is one. */
export function matchExecPrompt(text: string, re: RegExp = anyExecPrompt): ExecPrompt | undefined {
  const m = re.exec(text);
  if (!m) return undefined;
  const mode: ExecMode = m[2] ? 'config' : m[3] === '#' ? 'privileged' : 'user';
  return { hostname: m[1], mode, text: `${m[1]}${m[2] ?? ''}${m[3]}` };
}

/**
 * Whether the last line looks like a question waiting for an answer: it ends in `?` or `]`
 * (`Destination filename [x]?`, `[confirm]`), offers a choice (`(y/n)`), or asks for a secret
 * (`Password:`, `Username:`). Used only after the device has gone quiet, to stop with an
 * "unknown prompt" error instead of waiting for the timeout. A bare `:` does not count: IOS ends
 * progress lines with one (`Loading x from h (via Gi0/0): `) and then waits on the network.
 */
export function looksLikeQuestion(lastLine: string): boolean {
  // Only the end of the line: the last line may be a copy's progress line, long and untrusted.
  const line = lastLine.slice(-questionWindow).trimEnd();
  if (line === '') return false;
  if (line.endsWith('?') || line.endsWith(']')) return true;
  let end = line.length;
  while (end > 0 && (line[end - 1] === ':' || line[end - 1] === ' ')) end--;
  const head = line.slice(0, end).toLowerCase();
  if (head.endsWith('(y/n)') || head.endsWith('(yes/no)')) return true;
  return line.endsWith(':') && /password|username|login|passphrase/i.test(line);
}

/** How much of the end of a line looksLikeQuestion reads (a question is far shorter). */
const questionWindow = 1024;

/**
 * A question waiting for input, in the sense of looksLikeQuestion, as a regex anchored at the end.
 * The secret-word branch reads from the last such word only, so no position is rescanned per word.
 */
export const questionPrompt = /(?:[?\]] *|\((?:y\/n|yes\/no)\)[: ]*|(?:password|username|login|passphrase)(?:(?!password|username|login|passphrase)[^\n])*: *)$/i;

/** The text after the last line break: what a prompt waiting for input is. */
export function lastLine(text: string): string {
  const i = text.lastIndexOf('\n');
  return i < 0 ? text : text.slice(i + 1);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
