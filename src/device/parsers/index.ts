// Pure parsers of what IOS prints (text in, typed data out); the device layer's index re-exports them.
export { ParseError } from './parse-error';
export type { ParseNote } from './parse-note';
export { deviceDateToIso } from './device-date';
export { parseShowVersion, type ShowVersion, type OsFamily, type StackMember, type FlashDevice } from './show-version';
export { fileSystemAliases, parseShowFileSystems, type FileSystemInfo, type ShowFileSystems } from './show-file-systems';
export { parseDir, type DirEntry, type DirFormat, type DirListing, type FlashPartition } from './dir';
export { parseShowBoot, splitBootVariable, type BootInfo, type BootVariables, type SupervisorBoot, type SwitchBoot } from './show-boot';
export { parseVerifyMd5, type VerifyMd5Result } from './verify-md5';
export { CopyProgressTracker, parseCopyOutput, type CopyError, type CopyOutput, type CopyPhase, type ProgressMark } from './copy-output';
export { parseRunningConfigSettings, type BootSystemEntry, type RunningConfigSettings } from './running-config-settings';
export { parseImageName, type ImageKind, type ImageName } from './image-name';
export { devicePathKey, normalizeDevicePath, sameDevicePath, sameXeVersion, xeVersionKey } from './normalize';
