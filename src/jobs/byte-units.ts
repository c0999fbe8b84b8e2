// One unit system wherever a size is shown (tree, Transfers card, pre-flight, CLI): binary units,
// labelled as such (KiB, MiB, GiB: flash and images come in powers of two), and the exact byte count
// where precision matters (tooltips, pre-flight facts). Imports nothing: the webview uses it too.

const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** `512 B`, `3.0 MiB`, `200 MiB`: one decimal below 100, none above. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${bytes} B`;
  return `${value.toFixed(value >= 99.95 ? 0 : 1)} ${units[unit]}`;
}

/** `3.0 MiB (3145728 bytes)`; below 1 KiB just `512 bytes`. */
export function formatBytesExact(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : `${formatBytes(bytes)} (${bytes} bytes)`;
}

export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** `1 file`, `3 files`; `many` when the plural is not the word plus s. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
