// The IOS-XE install-mode jobs: the upgrade with its safety net, and the commands around it.
export { installImage, installReloadTiming, stepVerdict, type InstallOptions, type InstallResult, type VerdictStep } from './run';
export { planInstall, autoAbortRange, conversionCommands } from './plan';
export { readInstallState, readRemovable, membersOf } from './read-state';
export { checkHealth, judgeHealth } from './health';
export { installRules, runInstallCommand, type InstallAnswers, type InstallCommandResult } from './dialogue';
export { imageFamily, imageRelease, checkImageFamily } from './image-family';
export { expansionEstimate } from './preflight';
export { commitInstall, reloadingInstallCommand, removeInactive, type MaintenanceOutcome, type RollbackTarget } from './maintenance';
export type { HealthReport, InstallJobEvent, InstallListener, InstallMember, InstallOutcome, InstallPlan, InstallRequest, InstallSnapshot, InstallStage, InstallStep, ReloadSummary } from './types';
