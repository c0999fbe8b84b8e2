// The IOS dialogue as data (house style 17, after unicon's Statement): a rule pairs a prompt regex with
// the keys to send. Rules are given per command by the caller; a prompt no rule answers is an error.
import { confirmPrompt, flhProceedPrompt, installReloadPrompt, installRemovePrompt, morePrompt, passwordPrompt, reloadConfirmPrompt, yesNoPrompt } from './prompts';

/** A rule's decision not to answer: the command stops with a DialogueRefusedError. */
export class Refuse {
  /**
   * @param reason why, for the user (e.g. "erasing flash: was not confirmed in the plan").
   * @param reply the keys that back out of the question without accepting it: Ctrl-C by default,
   *   which IOS takes as "abort" at every copy/erase/delete question. `'n'` also declines a `[confirm]`.
   */
  constructor(
    readonly reason: string,
    readonly reply: string = ctrlC,
  ) {}
}

export interface DialogueContext {
  /** The command that raised the prompt. */
  command: string;
  /** The prompt text that matched (from the start of its line). */
  prompt: string;
  match: RegExpExecArray;
  /** How many times this rule already answered during this command (0 the first time). */
  count: number;
}

export interface DialogueRule {
  /** For messages and logs, e.g. 'destination-filename'. */
  name: string;
  /** Matched against the text received since the last answer; must match at its end. */
  prompt: RegExp;
  /**
   * The exact keys to send (they are NOT followed by Enter automatically: `[confirm]` takes a single
   * key, questions with a default take a line; use `enter`, `line(x)`), or a Refuse.
   */
  answer: (ctx: DialogueContext) => string | Refuse;
  /**
   * true: keep reading until the device prompt comes back (the usual case). false: the command is
   * over once this answer is sent (e.g. `reload`'s `Proceed with reload? [confirm]`).
   */
  continue: boolean;
}

export const enter = '\r';
export const ctrlC = '\x03';
/** A line of text followed by Enter. */
export const line = (text: string): string => `${text}\r`;

/**
 * Rules every command gets before the caller's: the pager (only if `terminal length 0` did not take;
 * the space is what a user presses and answers no question).
 */
export const builtinRules: readonly DialogueRule[] = [{ name: 'more', prompt: morePrompt, answer: () => ' ', continue: true }];

/** A rule that types a line at `Password:` once, and refuses if it is asked again (a wrong secret). */
export function passwordRule(secret: string, what = 'password'): DialogueRule {
  return {
    name: what,
    prompt: passwordPrompt,
    // IOS asks again after a wrong secret: answering the same secret again cannot help, and Enter on
    // an empty line backs out (three misses end with "% Bad secrets").
    answer: (ctx) => (ctx.count === 0 ? line(secret) : new Refuse(`the device asked for the ${what} again: it is wrong`, enter)),
    continue: true,
  };
}

/** `[confirm]` answered with yes (Enter) or no (`n`) as the caller decided; never a default. */
export function confirmRule(name: string, prompt: RegExp, decide: (ctx: DialogueContext) => boolean | Refuse): DialogueRule {
  return {
    name,
    prompt,
    answer: (ctx) => {
      const d = decide(ctx);
      return d instanceof Refuse ? d : d ? enter : 'n';
    },
    continue: true,
  };
}

/**
 * Questions that destroy data. They are listed so that a caller's catch-all rule can never answer
 * them by accident: `findRule` refuses them unless a rule NAMED for them (`erase-flash`,
 * `overwrite`, `delete`, `format`) matches first.
 */
export const dangerousPrompts: readonly { name: string; prompt: RegExp }[] = [
  { name: 'erase-flash', prompt: /Erase (?:\S+ )?(?:flash|\S+:) before copying\? ?\[confirm\] ?$/i },
  { name: 'erase-flash', prompt: /Erasing the flash filesystem will remove all files! Continue\? ?\[confirm\] ?$/i },
  { name: 'overwrite', prompt: /Do you want to over ?write\? ?\[confirm\] ?$/i },
  { name: 'delete', prompt: /Delete (?:filename \[[^\]\n]*\]\?|\S+\? ?\[confirm\]) ?$/i },
  // From the last notice only (`.*` with /s would run from every notice to the end and back).
  { name: 'format', prompt: /Format operation (?:may take a while|will destroy all data)(?:(?!Format operation)[\s\S])*\[confirm\] ?$/i },
  // Run-from-flash: yes reloads into the boot ROM image, which erases flash before it copies.
  { name: 'flh-reload', prompt: flhProceedPrompt },
  // The device goes down: `reload`, and an install activation or abort.
  { name: 'reload', prompt: reloadConfirmPrompt },
  { name: 'install-reload', prompt: installReloadPrompt },
  // `install remove inactive` deletes the files it listed.
  { name: 'install-remove', prompt: installRemovePrompt },
];

export interface RuleHit {
  rule: DialogueRule;
  match: RegExpExecArray;
}

/**
 * The first rule whose prompt matches at the end of `text` (trailing spaces allowed). A dangerous
 * prompt (erase/overwrite/delete/format) is answered only by a rule carrying its name; otherwise it
 * returns a refusing pseudo-rule, so a broad caller rule such as /\[confirm\]$/ can never erase flash.
 */
export function findRule(text: string, rules: readonly DialogueRule[]): RuleHit | undefined {
  for (const rule of rules) {
    const match = matchAtEnd(rule.prompt, text);
    if (!match) continue;
    const danger = dangerousPrompts.find((d) => matchAtEnd(d.prompt, text));
    if (danger && danger.name !== rule.name) {
      const refusal: DialogueRule = {
        name: danger.name,
        prompt: danger.prompt,
        answer: () => new Refuse(`'${danger.name}' has no default answer and no '${danger.name}' rule was given for this command`),
        continue: false,
      };
      return { rule: refusal, match };
    }
    return { rule, match };
  }
  return undefined;
}

/** Matches `re` so that only whitespace follows the match. */
export function matchAtEnd(re: RegExp, text: string): RegExpExecArray | undefined {
  const flags = re.flags.replace(/[gy]/g, '');
  const global = new RegExp(re.source, `${flags}g`);
  let last: RegExpExecArray | undefined;
  for (let m = global.exec(text); m; m = global.exec(text)) {
    last = m;
    if (m[0] === '') global.lastIndex++;
  }
  if (!last) return undefined;
  return /^\s*$/.test(text.slice(last.index + last[0].length)) ? last : undefined;
}

/** A `[y/n]` (or `[y/n/q]`) question of the IOS-XE installer, answered with a letter and Enter. */
export function letterRule(name: string, prompt: RegExp, decide: (ctx: DialogueContext) => 'y' | 'n' | 'q' | Refuse): DialogueRule {
  return {
    name,
    prompt,
    answer: (ctx) => {
      const d = decide(ctx);
      return d instanceof Refuse ? d : line(d);
    },
    continue: true,
  };
}

/** The usual yes/no rule builder, for `[yes/no]:` questions (a word and Enter). */
export function yesNoRule(name: string, prompt: RegExp, decide: (ctx: DialogueContext) => boolean | Refuse): DialogueRule {
  return {
    name,
    prompt,
    answer: (ctx) => {
      const d = decide(ctx);
      return d instanceof Refuse ? d : line(d ? 'yes' : 'no');
    },
    continue: true,
  };
}

export { confirmPrompt, flhProceedPrompt, yesNoPrompt };
