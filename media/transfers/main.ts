// The Transfers webview: renders the host's job cards (snapshot, then deltas) and sends the user's
// actions back. Renders only what changed: progress and output in place, the whole card only when
// its state does. Keeps only view state (which outputs are collapsed) in setState; the host owns the rest.
import { formatBytes, formatRate } from '../../src/jobs/byte-units';
import { type CardChange, CardState } from '../../src/ui/transfers/card-state';
import { type CardCheck, type CardStep, type HostToWebview, isActive, type JobCard, type WebviewToHost } from '../../src/ui/transfers/protocol';

interface VsCodeApi {
  postMessage(m: WebviewToHost): void;
  getState(): ViewState | undefined;
  setState(s: ViewState): void;
}
interface ViewState {
  collapsed: string[];
}
declare function acquireVsCodeApi(): VsCodeApi;

/** The parts of a rendered card that change without a re-render. */
interface CardView {
  numbers?: HTMLElement;
  bar?: HTMLProgressElement;
  out: HTMLPreElement;
  committed: Text;
  live: Text;
}

const vscode = acquireVsCodeApi();
const state = new CardState();
const jobs = state.jobs;
const views = new Map<string, CardView>();
const collapsed = new Set(vscode.getState()?.collapsed ?? []);
const list = document.getElementById('jobs')!;
const empty = document.getElementById('empty')!;
const clear = document.getElementById('clear-finished') as HTMLButtonElement;

function send(m: WebviewToHost): void {
  vscode.postMessage(m);
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string | undefined)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c !== undefined) e.append(c);
  return e;
}

function icon(name: string, label?: string, extra = ''): HTMLElement {
  return el('span', { class: `codicon codicon-${name}${extra}`, ...(label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': 'true' }) });
}

function duration(seconds: number | undefined): string {
  if (seconds === undefined) return '';
  const m = Math.floor(seconds / 60);
  return m ? `${m} min ${seconds % 60} s` : `${seconds} s`;
}

const statusIcon: Record<JobCard['status'], string> = { running: 'sync', waiting: 'warning', succeeded: 'pass', skipped: 'pass', blocked: 'circle-slash', declined: 'close', failed: 'error', cancelled: 'debug-stop' };
const checkIcon: Record<CardCheck['status'], string> = { ok: 'pass', info: 'info', warning: 'warning', blocking: 'circle-slash' };
const stepIcon: Record<CardStep['status'], string> = { pending: 'circle-large-outline', running: 'sync', done: 'pass', failed: 'error' };

/** An install's steps, in order, with the device's latest line for the one running. */
function stepsList(steps: CardStep[]): HTMLElement {
  const ol = el('ol', { class: 'steps', 'aria-label': 'Install steps' });
  for (const s of steps) {
    ol.append(el('li', { class: `step ${s.status}` }, icon(stepIcon[s.status], s.status, s.status === 'running' ? ' codicon-modifier-spin' : ''), ' ', s.name, s.detail ? el('span', { class: 'detail' }, ` — ${s.detail}`) : undefined));
  }
  return ol;
}

/** A title that ends in a file system's colon (`… flash:`) takes no second one. */
function heading(title: string): string {
  return title.endsWith(':') ? `${title} ` : `${title}: `;
}

function checksList(checks: CardCheck[]): HTMLElement {
  const ul = el('ul', { class: 'checks', 'aria-label': 'Pre-flight checks' });
  for (const c of checks) {
    const facts = c.facts.length ? el('ul', { class: 'facts' }, ...c.facts.map((f) => el('li', {}, f))) : undefined;
    ul.append(el('li', { class: `check ${c.status}` }, icon(checkIcon[c.status], c.status), ' ', el('strong', {}, heading(c.title)), c.summary, facts, c.remedy ? el('p', { class: 'remedy' }, c.remedy) : undefined));
  }
  return ul;
}

function confirmation(job: JobCard): HTMLElement | undefined {
  const p = job.pending;
  if (!p || job.status !== 'waiting' || job.cancelling) return undefined;
  const box = el('section', { class: 'confirm', role: 'alertdialog', 'aria-labelledby': `${job.id}-confirm-title` });
  const title = p.kind === 'typed' ? `This ${p.confirmations.includes('install-reload') ? 'install' : 'copy'} needs your explicit confirmation on ${p.hostname}` : 'Confirm to go on';
  box.append(el('h3', { id: `${job.id}-confirm-title` }, icon('warning'), ` ${title}`));
  // The checks say what happens and what a failure leaves behind, in one wording: nothing is added here.
  for (const c of p.checks) {
    box.append(el('p', {}, el('strong', {}, c.summary)));
    if (c.facts.length) box.append(el('ul', { class: 'facts' }, ...c.facts.map((f) => el('li', {}, f))));
    if (c.remedy) box.append(el('p', { class: 'remedy' }, c.remedy));
  }
  const buttons = el('div', { class: 'buttons' });
  let input: HTMLInputElement | undefined;
  if (p.kind === 'typed') {
    const inputId = `${job.id}-hostname`;
    input = el('input', { id: inputId, type: 'text', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${job.id}-confirm-title` });
    box.append(el('label', { for: inputId }, 'Type the device hostname ', el('code', {}, p.hostname), ' to confirm:'), input);
  }
  const install = p.confirmations.includes('install-reload');
  const ok = el('button', { type: 'button', class: 'danger-button' }, install ? 'Install and reload' : p.confirmations.includes('erase-flash') ? 'Erase and copy' : p.confirmations.includes('delete-running-image') ? 'Replace and copy' : 'Confirm and copy');
  if (input) {
    const i = input;
    ok.setAttribute('disabled', '');
    i.addEventListener('input', () => (i.value.trim() === p.hostname ? ok.removeAttribute('disabled') : ok.setAttribute('disabled', '')));
    i.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && i.value.trim() === p.hostname) send({ type: 'confirm', id: job.id, typedHostname: i.value });
    });
  }
  ok.addEventListener('click', () => send({ type: 'confirm', id: job.id, ...(input ? { typedHostname: input.value } : {}) }));
  const no = el('button', { type: 'button', class: 'secondary' }, install ? 'Do not install' : 'Do not copy');
  no.addEventListener('click', () => send({ type: 'decline', id: job.id }));
  buttons.append(ok, no);
  box.append(buttons);
  return box;
}

/** A bar only where bytes mean something: not before the copy, not on a card that never copied. */
function showsProgress(job: JobCard): boolean {
  if (job.status === 'waiting' || job.status === 'blocked' || job.status === 'declined') return false;
  return job.totalBytes !== undefined || job.bytes > 0;
}

function progressText(job: JobCard): { text: string; title: string; pct: number } {
  const pct = job.totalBytes ? Math.min(100, Math.floor((job.bytes / job.totalBytes) * 100)) : 0;
  const total = job.totalBytes !== undefined ? ` of ${formatBytes(job.totalBytes)} (${pct}%)` : '';
  const running = job.status === 'running' && !job.cancelling;
  const rate = running && job.bytesPerSecond ? ` · ${formatRate(job.bytesPerSecond)}` : '';
  const eta = running && job.etaSeconds !== undefined && job.etaSeconds > 0 ? ` · ETA ${duration(job.etaSeconds)}` : '';
  return { text: `${formatBytes(job.bytes)}${total}${rate}${eta}`, title: `${job.bytes}${job.totalBytes !== undefined ? ` of ${job.totalBytes}` : ''} bytes`, pct };
}

function cardBody(job: JobCard): { card: HTMLElement; view: CardView } {
  const card = el('article', { class: `card ${job.status}`, id: job.id, 'aria-label': `${job.direction === 'to-device' ? 'Upload' : 'Download'} ${job.file} ${job.direction === 'to-device' ? 'to' : 'from'} ${job.device}` });
  const state = job.cancelling ? 'cancelling' : job.status;
  const spin = job.status === 'running' ? ' codicon-modifier-spin' : '';
  card.append(
    el(
      'header',
      {},
      icon(job.cancelling ? 'loading' : statusIcon[job.status], state, job.cancelling ? ' codicon-modifier-spin' : spin),
      ' ',
      el('strong', {}, job.device),
      ' ',
      icon(job.direction === 'to-device' ? 'arrow-right' : 'arrow-left'),
      ' ',
      el('code', {}, job.file),
      el('span', { class: 'meta' }, ` ${job.protocol.toUpperCase()} · ${job.phase}`),
    ),
  );
  const view: Partial<CardView> = {};
  if (showsProgress(job)) {
    const p = progressText(job);
    view.bar = el('progress', { max: '100', value: String(p.pct), 'aria-label': 'Progress' });
    view.numbers = el('span', { class: 'numbers', title: p.title }, p.text);
    card.append(el('div', { class: 'progress' }, view.bar, view.numbers));
  }
  if (job.message) card.append(el('p', { class: `message ${job.status}`, role: job.status === 'failed' ? 'alert' : 'status' }, job.message));
  if (job.steps?.length) card.append(stepsList(job.steps));
  const confirm = confirmation(job);
  if (confirm) card.append(confirm);
  if (job.checks.length) card.append(el('details', {}, el('summary', {}, `Pre-flight (${job.checks.length} checks)`), checksList(job.checks)));
  const outId = `${job.id}-output`;
  view.committed = document.createTextNode(job.output);
  view.live = document.createTextNode(job.liveLine ?? '');
  view.out = el('pre', { class: 'output', id: outId, tabindex: '0', 'aria-label': 'Device output' }, view.committed, view.live);
  const toggle = el('button', { type: 'button', class: 'link', 'aria-controls': outId, 'aria-expanded': String(!collapsed.has(job.id)) }, collapsed.has(job.id) ? 'Show device output' : 'Hide device output');
  if (collapsed.has(job.id)) view.out.hidden = true;
  toggle.addEventListener('click', () => {
    if (collapsed.has(job.id)) collapsed.delete(job.id);
    else collapsed.add(job.id);
    vscode.setState({ collapsed: [...collapsed] });
    render(job.id);
  });
  const actions = el('div', { class: 'buttons' }, toggle);
  const log = el('button', { type: 'button', class: 'link' }, 'Open full log');
  log.addEventListener('click', () => send({ type: 'show-log', id: job.id }));
  actions.append(log);
  // A waiting card is answered in its confirmation box ("Do not copy"); a cancelling one is stopping.
  if (job.status === 'running' && !job.cancelling) {
    const cancel = el('button', { type: 'button', class: 'secondary' }, 'Cancel');
    cancel.addEventListener('click', () => send({ type: 'cancel', id: job.id }));
    actions.append(cancel);
  }
  card.append(actions, view.out);
  return { card, view: view as CardView };
}

function scrollToEnd(out: HTMLElement): void {
  out.scrollTop = out.scrollHeight;
}

function render(id: string): void {
  const job = jobs.get(id);
  const old = document.getElementById(id);
  if (!job) {
    old?.remove();
    views.delete(id);
  } else {
    // Keep a half-typed hostname and the focus across re-renders of the same card.
    const typed = old?.querySelector<HTMLInputElement>('.confirm input')?.value;
    const focused = document.activeElement && old?.contains(document.activeElement) ? document.activeElement.tagName : undefined;
    const { card, view } = cardBody(job);
    views.set(id, view);
    if (old) old.replaceWith(card);
    else list.prepend(card);
    const input = card.querySelector<HTMLInputElement>('.confirm input');
    if (input && typed) {
      input.value = typed;
      input.dispatchEvent(new Event('input'));
    }
    if (input && (focused === 'INPUT' || !old?.querySelector('.confirm'))) input.focus();
    scrollToEnd(view.out);
  }
  updateChrome();
}

function updateProgress(id: string): void {
  const job = jobs.get(id)!;
  const view = views.get(id);
  if (!view?.numbers || !view.bar || !showsProgress(job)) return render(id);
  const p = progressText(job);
  view.bar.value = p.pct;
  view.numbers.textContent = p.text;
  view.numbers.title = p.title;
}

function appendOutput(c: Extract<CardChange, { kind: 'output' }>): void {
  const job = jobs.get(c.id);
  const view = views.get(c.id);
  if (!job) return;
  if (!view) return render(c.id);
  const atEnd = view.out.scrollTop + view.out.clientHeight >= view.out.scrollHeight - 4;
  if (c.trimmed) view.committed.data = job.output;
  else if (c.text) view.committed.appendData(c.text);
  view.live.data = job.liveLine ?? '';
  if (atEnd) scrollToEnd(view.out);
}

function updateChrome(): void {
  empty.hidden = jobs.size > 0;
  empty.textContent = state.cleared ? 'Finished transfers cleared. New ones appear here.' : 'No transfers yet. Upload an image from the Devices view or the Explorer.';
  clear.disabled = ![...jobs.values()].some((j) => !isActive(j.status));
}

function handle(m: HostToWebview): void {
  // A batch is applied to the state whole before anything is drawn: a card drawn in it already shows
  // every line of the batch, so a later output change of that card must not append them again.
  const drawn = new Set<string>();
  let allDrawn = false;
  for (const c of state.apply(m)) {
    switch (c.kind) {
      case 'reset':
        allDrawn = true;
        views.clear();
        list.replaceChildren();
        // Oldest first: each render puts its card on top.
        for (const id of jobs.keys()) render(id);
        updateChrome();
        break;
      case 'card':
        drawn.add(c.id);
        render(c.id);
        break;
      case 'progress':
        updateProgress(c.id);
        break;
      case 'output':
        if (!allDrawn && !drawn.has(c.id)) appendOutput(c);
        break;
      default: {
        const never: never = c;
        return never;
      }
    }
  }
}

window.addEventListener('message', (e: MessageEvent<HostToWebview>) => handle(e.data));
clear.addEventListener('click', () => send({ type: 'clear-finished' }));
updateChrome();
send({ type: 'ready' });
