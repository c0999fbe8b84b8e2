// Directory listings sent over the data connection: LIST in the `ls -l` form every FTP client parses
// (basic-ftp, lftp, curl; RFC 959 leaves the format open), NLST as bare names (RFC 959 §4.1.3). Pure.
import type { ListEntry } from '../access';

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const halfYearMs = 182 * 24 * 3600 * 1000;

/** `ls -l` date column in UTC: time of day for the last six months, else the year. */
export function listDate(mtime: Date, now: Date): string {
  const day = String(mtime.getUTCDate()).padStart(2, ' ');
  const head = `${months[mtime.getUTCMonth()]} ${day}`;
  if (Math.abs(now.getTime() - mtime.getTime()) < halfYearMs) {
    return `${head} ${String(mtime.getUTCHours()).padStart(2, '0')}:${String(mtime.getUTCMinutes()).padStart(2, '0')}`;
  }
  return `${head}  ${mtime.getUTCFullYear()}`;
}

/** Files read-only (nothing served may be changed over FTP); folders browsable. */
export function listLine(e: ListEntry, now: Date): string {
  const mode = e.kind === 'dir' ? 'dr-xr-xr-x' : '-r--r--r--';
  return `${mode} 1 ftp ftp ${String(e.sizeBytes).padStart(12, ' ')} ${listDate(e.mtime, now)} ${e.name}`;
}

/** The whole listing as sent: CRLF line ends whatever TYPE is set (listings are ASCII, RFC 959 §4.1.3). */
export function formatListing(entries: ListEntry[], namesOnly: boolean, now: Date): Buffer {
  const lines = entries.map((e) => (namesOnly ? e.name : listLine(e, now)));
  return Buffer.from(lines.map((l) => `${l}\r\n`).join(''), 'utf8');
}
