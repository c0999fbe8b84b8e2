// The transfer engine's public API: TFTP, FTP and RCP servers that serve offered files and accept
// uploads into an inbox. No `vscode`, no device layer: usable as a library and from the CLI.
export { AccessPolicy, defaultInboxMaxBytes } from './access';
export type { AccessPolicyOptions, AccessRequest, ReadGrant, StaticCredentials, WriteGrant } from './access';
export { AtomicUpload, DestinationExistsError, UploadTooLargeError } from './atomic-upload';
export type { CompletedUpload } from './atomic-upload';
export type { EngineContext, RunningServer } from './context';
export type { Digests } from './digest';
export { DownloadSource } from './download-source';
export { TransferEngine } from './engine';
export type { EngineOptions } from './engine';
export { AccessDeniedError, BindError, EngineError, TransferError, UnsafeNameError } from './errors';
export type { DenyReason, Protocol } from './errors';
export { TransferEvents, TransferTracker } from './events';
export type { TransferDirection, TransferEvent, TransferInfo, TransferListener } from './events';
export { defaultOfferTtlMs, generateIdentity, OfferRegistry } from './offers';
export type { DownloadOffer, Offer, OfferCommon, OfferIdentity, UploadSlot } from './offers';
export { checkRequestedName, resolveInside } from './paths';
export { normalizeAddress, sameAddress } from './peer';
export { defaultRcpIdleTimeoutMs } from './rcp/server';
export type { RcpServerOptions } from './rcp/server';
export { chooseRcpUsername, explainRcpUsername, rcpRemoteUsername } from './rcp/remote-username';
export type { RcpUsernameChoice, RcpUsernameInputs, RcpUsernameRule } from './rcp/remote-username';
export type { FtpServerOptions } from './ftp/server';
export type { TftpServerOptions } from './tftp/server';
export { defaultRttLimits } from './tftp/rtt';
export type { RttLimits } from './tftp/rtt';
export { printable } from './errors';
