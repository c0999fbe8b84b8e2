// The Transfers webview: renders the host's job cards (snapshot, then deltas) and sends the user's
// actions back. Keeps only view state (which outputs are collapsed) in setState; the host owns the rest.
import type { CardCheck, HostToWebview, JobCard, WebviewToHost } from '../../src/ui/transfers/protocol';

interface VsCodeApi {
  postMessage(m: WebviewToHost): void;
  getState(): ViewState | undefined;
  setState(s: ViewState): void;
}
interface ViewState {
  collapsed: string[];
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const jobs = new Map<string, JobCard>();
const collapsed = new Set(vscode.getState()?.collapsed ?? []);
const list = document.getElementById('jobs')!;
const empty = document.getElementById('empty')!;

function send(m: WebviewToHost): void {
  vscode.postMessage(m);
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string | undefined)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c !== undefined) e.append(c);
  return e;
}

function size(bytes: number | undefined): string {
  if (bytes === undefined) return '?';
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return i === 0 ? `${bytes} B` : `${v.toFixed(1)} ${units[i]}`;
}

function duration(seconds: number | undefined): string {
  if (seconds === undefined) return '';
  const m = Math.floor(seconds / 60);
  return m ? `${m} min ${seconds % 60} s` : `${seconds} s`;
}

const statusIcon: Record<JobCard['status'], string> = { running: '⟳', waiting: '⚠', succeeded: '✓', skipped: '↷', blocked: '⛔', failed: '✗', cancelled: '■' };
const checkIcon: Record<CardCheck['status'], string> = { ok: '✓', info: 'ℹ', warning: '⚠', blocking: '⛔' };

function checksList(checks: CardCheck[]): HTMLElement {
  const ul = el('ul', { class: 'checks', 'aria-label': 'Pre-flight checks' });
  for (const c of checks) {
    const facts = c.facts.length ? el('ul', { class: 'facts' }, ...c.facts.map((f) => el('li', {}, f))) : undefined;
    ul.append(
      el('li', { class: `check ${c.status}` }, el('span', { class: 'icon', 'aria-label': c.status }, checkIcon[c.status]), ' ', el('strong', {}, `${c.title}: `), c.summary, facts, c.remedy ? el('p', { class: 'remedy' }, c.remedy) : undefined),
    );
  }
  return ul;
}

function confirmation(job: JobCard): HTMLElement | undefined {
  const p = job.pending;
  if (!p) return undefined;
  const box = el('section', { class: 'confirm', role: 'alertdialog', 'aria-labelledby': `${job.id}-confirm-title` });
  const title = p.kind === 'typed' ? `This copy needs your explicit confirmation on ${p.hostname}` : 'Confirm to go on';
  box.append(el('h3', { id: `${job.id}-confirm-title` }, `⚠ ${title}`));
  for (const c of p.checks) {
    box.append(el('p', {}, el('strong', {}, c.summary)), el('ul', { class: 'facts' }, ...c.facts.map((f) => el('li', {}, f))));
    if (c.remedy) box.append(el('p', { class: 'remedy' }, c.remedy));
  }
  if (p.confirmations.includes('erase-flash')) box.append(el('p', { class: 'danger' }, 'Every file on that file system is erased first. If the copy then fails or is interrupted, the device has no image to boot and needs console access (ROMmon) to recover.'));
  if (p.confirmations.includes('delete-running-image')) box.append(el('p', { class: 'danger' }, 'The running or boot image is removed. The device keeps running, but will not boot again until a valid image is in place.'));
  const buttons = el('div', { class: 'buttons' });
  let input: HTMLInputElement | undefined;
  if (p.kind === 'typed') {
    const inputId = `${job.id}-hostname`;
    input = el('input', { id: inputId, type: 'text', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${job.id}-confirm-title` });
    box.append(el('label', { for: inputId }, 'Type the device hostname ', el('code', {}, p.hostname), ' to confirm:'), input);
  }
  const ok = el('button', { type: 'button', class: 'danger-button' }, p.kind === 'typed' ? 'Erase and copy' : 'Confirm and copy');
  if (p.confirmations.includes('delete-running-image')) ok.textContent = 'Confirm';
  if (input) {
    const i = input;
    ok.setAttribute('disabled', '');
    i.addEventListener('input', () => (i.value.trim() === p.hostname ? ok.removeAttribute('disabled') : ok.setAttribute('disabled', '')));
    i.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && i.value.trim() === p.hostname) send({ type: 'confirm', id: job.id, typedHostname: i.value });
    });
  }
  ok.addEventListener('click', () => send({ type: 'confirm', id: job.id, ...(input ? { typedHostname: input.value } : {}) }));
  const no = el('button', { type: 'button', class: 'secondary' }, 'Do not copy');
  no.addEventListener('click', () => send({ type: 'decline', id: job.id }));
  buttons.append(ok, no);
  box.append(buttons);
  return box;
}

function cardBody(job: JobCard): HTMLElement {
  const card = el('article', { class: `card ${job.status}`, id: job.id, 'aria-label': `${job.direction === 'to-device' ? 'Upload' : 'Download'} ${job.file} ${job.direction === 'to-device' ? 'to' : 'from'} ${job.device}` });
  const arrow = job.direction === 'to-device' ? '→' : '←';
  card.append(
    el('header', {}, el('span', { class: 'status', 'aria-label': job.status }, statusIcon[job.status]), ' ', el('strong', {}, job.device), ` ${arrow} `, el('code', {}, job.file), el('span', { class: 'meta' }, ` ${job.protocol.toUpperCase()} · ${job.phase}`)),
  );
  const pct = job.totalBytes ? Math.min(100, Math.round((job.bytes / job.totalBytes) * 100)) : 0;
  const progress = el('progress', { max: '100', value: String(pct), 'aria-label': `Progress ${pct}%` });
  const rate = job.bytesPerSecond ? `${size(job.bytesPerSecond)}/s` : '';
  const eta = job.etaSeconds !== undefined && job.status === 'running' ? `ETA ${duration(job.etaSeconds)}` : '';
  card.append(el('div', { class: 'progress' }, progress, el('span', { class: 'numbers' }, `${size(job.bytes)} of ${size(job.totalBytes)} (${pct}%) ${rate} ${eta}`.trim())));
  if (job.message) card.append(el('p', { class: `message ${job.status}`, role: job.status === 'failed' ? 'alert' : 'status' }, job.message));
  const confirm = confirmation(job);
  if (confirm) card.append(confirm);
  if (job.checks.length) card.append(el('details', {}, el('summary', {}, `Pre-flight (${job.checks.length} checks)`), checksList(job.checks)));
  const outId = `${job.id}-output`;
  const out = el('pre', { class: 'output', id: outId, tabindex: '0', 'aria-label': 'Device output' }, job.output);
  const toggle = el('button', { type: 'button', class: 'link', 'aria-controls': outId, 'aria-expanded': String(!collapsed.has(job.id)) }, collapsed.has(job.id) ? 'Show device output' : 'Hide device output');
  if (collapsed.has(job.id)) out.hidden = true;
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
  if (job.status === 'running' || job.status === 'waiting') {
    const cancel = el('button', { type: 'button', class: 'secondary' }, 'Cancel');
    cancel.addEventListener('click', () => send({ type: 'cancel', id: job.id }));
    actions.append(cancel);
  }
  card.append(actions, out);
  return card;
}

function render(id: string): void {
  const job = jobs.get(id);
  const old = document.getElementById(id);
  if (!job) {
    old?.remove();
  } else {
    // Keep a half-typed hostname and the focus across re-renders of the same card.
    const typed = old?.querySelector<HTMLInputElement>('.confirm input')?.value;
    const focused = document.activeElement && old?.contains(document.activeElement) ? document.activeElement.className || document.activeElement.tagName : undefined;
    const next = cardBody(job);
    if (old) old.replaceWith(next);
    else list.prepend(next);
    const input = next.querySelector<HTMLInputElement>('.confirm input');
    if (input && typed) {
      input.value = typed;
      input.dispatchEvent(new Event('input'));
    }
    if (input && (focused === 'INPUT' || !old?.querySelector('.confirm'))) input.focus();
    const out = next.querySelector('pre.output');
    if (out) out.scrollTop = out.scrollHeight;
  }
  empty.hidden = jobs.size > 0;
}

function appendOutput(id: string, text: string): void {
  const job = jobs.get(id);
  if (!job) return;
  job.output = (job.output + text).slice(-20_000);
  const out = document.getElementById(`${id}-output`);
  if (!out) return render(id);
  out.textContent = job.output;
  out.scrollTop = out.scrollHeight;
}

function handle(m: HostToWebview): void {
  switch (m.type) {
    case 'snapshot':
      jobs.clear();
      list.replaceChildren();
      for (const j of m.jobs) {
        jobs.set(j.id, j);
        render(j.id);
      }
      empty.hidden = jobs.size > 0;
      return;
    case 'job-added':
      jobs.set(m.job.id, m.job);
      return render(m.job.id);
    case 'job-updated': {
      const j = jobs.get(m.id);
      if (!j) return;
      jobs.set(m.id, { ...j, ...m.patch });
      return render(m.id);
    }
    case 'job-output':
      return appendOutput(m.id, m.text);
    case 'job-removed':
      jobs.delete(m.id);
      return render(m.id);
    default: {
      const never: never = m;
      return never;
    }
  }
}

window.addEventListener('message', (e: MessageEvent<HostToWebview>) => handle(e.data));
document.getElementById('clear-finished')!.addEventListener('click', () => send({ type: 'clear-finished' }));
send({ type: 'ready' });
