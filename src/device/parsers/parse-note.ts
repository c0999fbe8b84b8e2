// What a tolerant parser could not read: a line it does not know (kept, not thrown) or a field it
// could not find. Real devices print lines no parser has seen; they are reported, never fatal.
import type { OutputLine } from './output-lines';

export interface ParseNote {
  /** `unparsed`: a line the parser does not recognise; `missing`: a field it could not read. */
  kind: 'unparsed' | 'missing';
  /** In words, e.g. `no "System image file" line: the running image is unknown`. */
  message: string;
  /** The line verbatim (for `unparsed`). */
  line?: string;
  /** 1-based line number within the text given to the parser. */
  lineNumber?: number;
}

/** A note for a line the parser skipped. */
export function unparsed(l: OutputLine, why = 'line not recognised'): ParseNote {
  return { kind: 'unparsed', message: why, line: l.text, lineNumber: l.n };
}

/** A note for a field the output did not give. */
export function missing(field: string, why: string): ParseNote {
  return { kind: 'missing', message: `${field}: ${why}` };
}
