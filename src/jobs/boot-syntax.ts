// How `boot system` builds the BOOT variable, per platform. Routers (ISR, 2500, 2900, ASR, Cat4500/
// 6500 supervisors) add one entry per `boot system` line, tried in order, and need `no boot system`
// to drop the old ones. Catalyst access switches (2960, 3560, 3750, 3650/3850, 9200–9600, IE) write
// the BOOT variable from one command: a second `boot system` replaces the first, several images go
// in one command separated by `;`, and stacks name the members (`boot system switch all …`).

export type BootSyntax = 'router' | 'catalyst' | 'catalyst-stack';

/** Catalyst switches whose `boot system` sets the whole BOOT path-list (not the modular 4500/6500). */
const catalystModels = /^(WS-C(29|35|36|37|38)\d\d|C9[2-6]\d\d(?!\d)|IE-?\d|C1000-)/i;

/** Stack members show up as `flash-N:` file systems. */
const memberFlash = /^flash-\d+:$/i;

export function bootSyntax(platform: string, fileSystems: readonly string[]): BootSyntax {
  if (!catalystModels.test(platform.trim())) return 'router';
  return fileSystems.some((f) => memberFlash.test(f)) ? 'catalyst-stack' : 'catalyst';
}

/**
 * The configuration lines that make `images` the BOOT variable, first tried first: the old list is
 * cleared, then routers get a line per image, switches one line with all of them.
 */
export function bootSystemLines(images: readonly string[], syntax: BootSyntax): string[] {
  switch (syntax) {
    case 'router':
      return ['no boot system', ...images.map((i) => `boot system ${i}`)];
    case 'catalyst':
      return ['no boot system', `boot system ${images.join(';')}`];
    case 'catalyst-stack':
      return ['no boot system switch all', `boot system switch all ${images.join(';')}`];
  }
}

/** In words, for the pre-flight report. */
export function describeBootSyntax(syntax: BootSyntax): string {
  return syntax === 'router'
    ? 'router: each `boot system` line adds an entry, tried in order; `no boot system` clears the old ones first'
    : `Catalyst${syntax === 'catalyst-stack' ? ' stack' : ''}: one \`boot system\` command sets the whole BOOT list, so the images go in one line separated by ';'${syntax === 'catalyst-stack' ? ', for every member (`switch all`)' : ''}`;
}
