// IOS-XE 3.x (Catalyst 3650/3850) `software install | commit | clean | expand`: the text after the
// member tag (`[1 2]: Starting install operation`). Cisco's command reference and real captures: phases
// are `Starting … operation`, errors end with `Operation aborted.`, the end is a `Finished …` sentence.

export type SoftwareLine =
  | { kind: 'phase'; phase: string; status: 'started' }
  | { kind: 'step'; text: string }
  | { kind: 'sync'; text: string }
  /** The header of a file list that follows, one name a line. */
  | { kind: 'list'; list: 'remove' | 'changes-old' | 'changes-new' }
  /** `Setting rollback timer to 45 minutes`. */
  | { kind: 'timer'; minutes: number }
  | { kind: 'reload'; text: string }
  /** The operation completed: `Finished installing software.`, `Clean up completed`, … */
  | { kind: 'done'; text: string }
  /** `% flash: requires … Operation aborted.` */
  | { kind: 'aborted'; reason: string }
  | { kind: 'info'; text: string };

const DONE = ['Finished installing software', 'Finished committing software changes', 'Clean up completed', 'Finished expanding the running bundle', 'Finished rolling back'];
const STEPS = [
  'Expanding ',
  'Finished expanding bundle',
  'Copying package files',
  'Package files copied',
  'Verifying and copying',
  'Verified and copied',
  'Starting compatibility checks',
  'Finished compatibility checks',
  'Bypassing ',
  'Starting application pre-installation processing',
  'Finished application pre-installation processing',
  'Creating pending provisioning file',
  'Committing provisioning file',
  'Cleaning up unnecessary package files',
  'No path specified',
  'Cleaning ',
  'Preparing packages list to delete',
];

/** Reads one tagged 3.x line body; undefined when it is none of these. */
export function softwareLine(body: string): SoftwareLine | undefined {
  if (body.startsWith('% ')) {
    return { kind: 'aborted', reason: body.slice(2).replace(/ ?Operation aborted\.$/, '').trim() };
  }
  if (DONE.some((d) => body.startsWith(d))) return { kind: 'done', text: body };
  if (body.startsWith('Starting ') && body.endsWith(' operation')) return { kind: 'phase', phase: body.slice(9, -10), status: 'started' };
  if (body === 'Files that will be deleted:') return { kind: 'list', list: 'remove' };
  if (body === 'Old files list:') return { kind: 'list', list: 'changes-old' };
  if (body === 'New files list:') return { kind: 'list', list: 'changes-new' };
  const timer = /^Setting rollback timer to (\d+) minutes?$/.exec(body);
  if (timer) return { kind: 'timer', minutes: Number(timer[1]) };
  if (body === 'Reloading' || body === 'Pausing before reload') return { kind: 'reload', text: body };
  if (body.startsWith('Downloading file') || body.startsWith('Finished downloading') || body.startsWith('Copying software') || body.startsWith('Finished copying software')) return { kind: 'sync', text: body };
  if (STEPS.some((p) => body.startsWith(p))) return { kind: 'step', text: body };
  if (body.startsWith('xFSU') || body.startsWith('Performing xFSU')) return { kind: 'info', text: body };
  return undefined;
}
