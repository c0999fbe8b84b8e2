// Lines IOS prints before any command's output when `exec prompt timestamp` is configured
// (`Load for five secs: …`, `Time source is NTP, …`): known, carrying nothing a parser models.

/** True for the exec-timestamp lines that can precede any command's output. */
export function isExecBanner(text: string): boolean {
  const t = text.trimStart();
  return t.startsWith('Load for five secs:') || t.startsWith('Time source is ');
}
