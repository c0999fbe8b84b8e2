// The steps of an IOS-XE install as its card lists them, followed from the job's events: the plan
// names them, each stage starts one (the one before it is then done), the installer's own lines
// (`Add: Passed on [1 2]`, `Image added. Version: …`, `FAILED: …`) are the running step's detail, and
// the outcome closes the list. Pure: no VS Code.
import type { InstallJobEvent, InstallStage, InstallStep } from '../../jobs';
import type { CardStep } from './protocol';

const stepName = (s: InstallStep): string => {
  switch (s.kind) {
    case 'save-config':
      return 'Save the configuration (write memory)';
    case 'convert-to-install':
      return `Convert to install mode (${s.commands.filter((c) => c.startsWith('boot system') || c === 'no boot system').join(', ')}, write memory)`;
    case 'remove-inactive':
      return 'install remove inactive';
    case 'copy':
      return `Copy to ${s.destination} and verify /md5`;
    case 'offer-direct':
      return 'Offer the image for install add file <URL>';
    case 'add':
      return 'install add';
    case 'activate':
      return `install activate auto-abort-timer ${s.autoAbortMinutes}`;
    case 'one-shot':
      return 'install add … activate commit';
    case 'await-reload':
      return 'Reload; reconnect (same host key)';
    case 'health-check':
      return 'Health check';
    case 'commit':
      return 'install commit';
  }
};

const stageStep: Partial<Record<InstallStage, InstallStep['kind'][]>> = {
  saving: ['save-config'],
  converting: ['convert-to-install'],
  'removing-inactive': ['remove-inactive'],
  transferring: ['copy', 'offer-direct'],
  adding: ['add'],
  activating: ['activate'],
  installing: ['one-shot'],
  reloading: ['await-reload'],
  'health-check': ['health-check'],
  committing: ['commit'],
};

export class InstallStepTracker {
  private steps: CardStep[] = [{ name: 'Pre-flight', status: 'running' }];
  private kinds: (InstallStep['kind'] | 'preflight' | 'rollback')[] = ['preflight'];

  get current(): CardStep[] {
    return this.steps.map((s) => ({ ...s }));
  }

  /** The steps after this event, or undefined when it changed nothing. */
  apply(e: InstallJobEvent): CardStep[] | undefined {
    switch (e.type) {
      case 'plan':
        this.steps = [{ name: 'Pre-flight', status: 'done' }, ...e.steps.map((s): CardStep => ({ name: stepName(s), status: 'pending' }))];
        this.kinds = ['preflight', ...e.steps.map((s) => s.kind)];
        return this.current;
      case 'stage': {
        if (e.stage === 'waiting-for-rollback') {
          this.finishRunning('failed');
          this.steps.push({ name: 'Wait for the auto-abort timer to roll back', status: 'running' });
          this.kinds.push('rollback');
          return this.current;
        }
        const kinds = stageStep[e.stage];
        const at = kinds ? this.kinds.findIndex((k) => (kinds as string[]).includes(k)) : -1;
        if (at < 0) return undefined;
        this.finishRunning('done');
        this.steps[at] = { ...this.steps[at]!, status: 'running' };
        return this.current;
      }
      case 'install': {
        const i = e.event;
        if (i.type !== 'phase' && i.type !== 'image-added' && i.type !== 'failed' && i.type !== 'member' && i.type !== 'syncing') return undefined;
        const running = this.steps.findIndex((s) => s.status === 'running');
        if (running < 0) return undefined;
        this.steps[running] = { ...this.steps[running]!, detail: i.line.trim() };
        return this.current;
      }
      case 'waiting': {
        const running = this.steps.findIndex((s) => s.status === 'running');
        if (running < 0) return undefined;
        this.steps[running] = { ...this.steps[running]!, detail: `waiting for ${e.what}: ${e.elapsedSeconds} s` };
        return this.current;
      }
      case 'health': {
        const at = this.kinds.lastIndexOf(this.kinds.includes('rollback') ? 'rollback' : 'health-check');
        if (at < 0) return undefined;
        const bad = e.health.facts.filter((f) => !f.ok).map((f) => f.text);
        this.steps[at] = { ...this.steps[at]!, detail: e.health.healthy ? e.health.facts.map((f) => f.text).join('; ') : `not healthy: ${bad.join('; ')}` };
        return this.current;
      }
      case 'outcome': {
        const ok = e.outcome.status === 'committed' || (e.outcome.status === 'rolled-back' && this.kinds.at(-1) === 'rollback');
        this.finishRunning(ok ? 'done' : 'failed');
        return this.current;
      }
      default:
        return undefined;
    }
  }

  private finishRunning(status: 'done' | 'failed'): void {
    this.steps = this.steps.map((s) => (s.status === 'running' ? { ...s, status } : s));
  }
}
