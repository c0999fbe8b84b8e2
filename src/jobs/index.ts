// The jobs layer's public API, its only entry for the UI and the CLI: read a device's snapshot, plan
// a copy (pure) and run it with the one executor — push and pull alike — plus the single-purpose jobs
// (delete, set the boot image, verify) and what they report. No `vscode`.
export { copyCommand, copyRules, remoteUrl, type CopySpec, type RemoteEndpoint, type TransferProtocol } from './copy-command';
export {
  confirmationsFor,
  plan,
  type CopyEndpoint,
  type CopyPlan,
  type CopyRequest,
  type CopySnapshot,
  type CopyStep,
  type EngineServer,
  type ExternalServer,
  type ProtocolChoice,
  type PullRequest,
  type PushRequest,
  type ServerChoice,
} from './copy-plan';
export { run, type ConfirmationSource, type JobResult, type RunOptions } from './copy-run';
export { pullFile, pushImage, type PullOptions, type PushOptions } from './copy-job';
export { reachEngine, runningEngineServer, type EngineReach, type ProtocolReach, type SessionAddresses } from './engine-reach';
export { assumedIosTcpWindowBytes, chooseProtocol, estimate, formatDuration, type Estimate } from './protocol-choice';
export { measureRoundTrip, type RoundTrip } from './round-trip';
export { resolveDestination } from './plan-push';
export { pullLocalPath } from './plan-pull';
export { bootSyntax, type BootSyntax } from './boot-syntax';
export { deleteCheck, deleteFile } from './delete-file';
export { defaultFileSystem, fileSystemOf, splitDevicePath, type DeviceFileSystem, type DeviceSnapshot } from './device-snapshot';
export { gatherSnapshot, snapshotFromInventory } from './gather';
export { runGroup, type GroupItem, type GroupSummary } from './group';
export { type JobEvent, type JobListener, type JobOutcome, type JobPhase } from './job-events';
export { JobLog } from './job-log';
export { digestFile, LocalFileError, readLocalImage, type LocalImage } from './local-image';
export { formatBytes, formatBytesExact, formatRate, plural } from './byte-units';
export { JobEventSampler, realClock, sampleJobEvents, updatesPerSecond, type SamplerClock, type SamplerOptions } from './job-event-sampler';
export { advisedTftpBlocksize, advisesTftpBlocksize } from './preflight/tftp-blocksize';
export type { CheckResult, CheckStatus, Confirmation } from './preflight/check';
export type { ExpectedDigest } from './preflight/checksum';
export { bootCommands, planSetBoot, SetBootError, setBootImage, type SetBootPlan } from './set-boot';
export { verifyOnDevice } from './verify';
export {
  planReload,
  reloadIntoImage,
  reloadIntoImageTiming,
  type BootedImage,
  type ReloadOptions,
  type ReloadPlan,
  type ReloadPlanRequest,
  type ReloadResult,
  type ReloadResultKind,
  type ReloadTiming as ReloadIntoImageTiming,
} from './reload-into-image';
export * from './install';
