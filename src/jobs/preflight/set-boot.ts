// The optional step after a push: make the new image the boot image and save. Shown in the
// pre-flight report with the exact commands, so the person confirming the job sees them before
// anything is sent; it only ever runs after `verify /md5` agrees with the local digest.
import { type BootSyntax, describeBootSyntax } from '../boot-syntax';
import type { CheckResult } from './check';

export interface SetBootPlan {
  /** `fs:name` of the new image. */
  target: string;
  /** The lines sent, in order (configure terminal … write memory). */
  commands: string[];
  /** How this platform's `boot system` builds the BOOT variable. */
  syntax: BootSyntax;
  /** The running image kept as a second `boot system` entry, when there is one worth keeping. */
  fallback?: string;
  /** Why the running image is not kept as a fallback, when it is not. */
  noFallbackBecause?: string;
}

export function checkSetBoot(plan: SetBootPlan, verify: boolean): CheckResult {
  const id = 'set-boot';
  const title = 'Afterwards: set the boot image and save';
  const facts = [
    ...plan.commands.map((c) => `will send: ${c}`),
    plan.fallback ? `${plan.fallback} (running now) stays as the fallback entry` : (plan.noFallbackBecause ?? 'no other image is kept as a fallback entry'),
    describeBootSyntax(plan.syntax),
    'the device is not reloaded',
  ];
  if (!verify) {
    return {
      id,
      title,
      status: 'blocking',
      summary: `The boot image is only changed after verify /md5 confirms the copy, and verification is turned off.`,
      facts,
      remedy: 'Turn verification back on, or set the boot image later from a verified file.',
    };
  }
  return {
    id,
    title,
    status: 'info',
    summary: `Only after verify /md5 matches: boot ${plan.target} next and save the configuration (asked separately where a person is there to answer).`,
    facts,
  };
}
