// The lab's TFTP, FTP, RCP and HTTP clients: what the simulated IOS `copy` uses to move bytes to and from a
// real server. Only this file is imported from outside src/lab/clients.
export { ClientError, iosCauses, type ClientErrorKind, type ClientProtocol } from './errors';
export type { ClientBase, FtpOptions, HttpOptions, RcpOptions, TftpOptions, TransferResult } from './options';
export { tftpDownload, tftpUpload } from './tftp-client';
export { ftpDownload, ftpUpload } from './ftp-client';
export { rcpDownload, rcpUpload } from './rcp-client';
export { httpDownload } from './http-client';
