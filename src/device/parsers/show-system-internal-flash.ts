// NX-OS `show system internal flash`: the supervisor's Linux mount table (`Mount-on 1K-blocks Used
// Available Use% Filesystem`), the only place NX-OS gives sizes for /bootflash, /logflash and the
// standby supervisor's `/bootflash_sup-remote`.
import { isExecBanner } from './exec-banner';
import { outputLines, refuseNonOutput } from './output-lines';
import { ParseError } from './parse-error';
import { missing, unparsed, type ParseNote } from './parse-note';

export interface InternalMount {
  /** `/bootflash`, `/bootflash_sup-remote` as printed. */
  mountedOn: string;
  totalBytes: number;
  usedBytes: number;
  availableBytes: number;
  usePercent: number;
  /** The device or source: `/dev/sda3`, `none`, `127.1.1.4:/bootflash/`. */
  filesystem: string;
}

export interface ShowSystemInternalFlash {
  mounts: InternalMount[];
  /** The block size the header announces (`1K-blocks` → 1024). */
  blockBytes: number;
  notes: ParseNote[];
}

const CMD = 'show system internal flash';
const HEADER = /^Mount-on\s+(\d{1,20})([KMG]?)-blocks\s+Used\s+Available\s+Use%\s+Filesystem$/i;
const UNIT: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/** Parses NX-OS `show system internal flash`; unknown lines become notes, non-output throws ParseError. */
export function parseShowSystemInternalFlash(text: string): ShowSystemInternalFlash {
  const lines = outputLines(text, /^sh\w*\s+sys\w*\s+int\w*\s+fla\w*/i);
  refuseNonOutput(CMD, lines);
  const h = lines.find((l) => HEADER.test(l.text.trim()));
  if (!h) {
    const first = lines.find((l) => l.text.trim() !== '')!;
    throw new ParseError(CMD, 'no "Mount-on 1K-blocks Used Available Use% Filesystem" header (not the output of show system internal flash)', first.text, first.n);
  }
  const hm = HEADER.exec(h.text.trim())!;
  const blockBytes = Number(hm[1]) * UNIT[hm[2]!.toUpperCase()]!;
  const out: ShowSystemInternalFlash = { mounts: [], blockBytes, notes: [] };
  for (const l of lines) {
    const t = l.text.trim();
    if (l === h || t === '' || isExecBanner(t)) continue;
    const f = t.split(/\s+/);
    const nums = f.slice(1, 5).map((x) => (/^\d{1,20}%?$/.test(x) ? Number(x.replace('%', '')) : Number.NaN));
    if (f.length !== 6 || nums.some((x) => Number.isNaN(x))) {
      out.notes.push(unparsed(l));
      continue;
    }
    out.mounts.push({ mountedOn: f[0]!, totalBytes: nums[0]! * blockBytes, usedBytes: nums[1]! * blockBytes, availableBytes: nums[2]! * blockBytes, usePercent: nums[3]!, filesystem: f[5]! });
  }
  if (out.mounts.length === 0) out.notes.push(missing('mounts', 'no mount row after the header'));
  return out;
}
