// The device layer's public API: SSH sessions to IOS devices, the CLI dialogue, and pure parsers of
// what IOS prints. No `vscode`, no engine.
export * from './parsers';
export * from './errors';
export { connectDevice, DeviceSession, type DeviceFacts, type DeviceSessionOptions, type RunOptions } from './cli-session';
export { keepaliveRoundTrip, RoundTripUnavailableError } from './keepalive';
export { sshConnect, legacyAlgorithmSet, type SshConnectOptions, type SshConnection, type SshEndpoint, type LegacyPolicy, type NegotiatedAlgorithms, type KeyboardInteractiveHandler } from './ssh-connect';
export {
  FileKnownHostsStore,
  MemoryKnownHostsStore,
  fingerprintSha256,
  knownHostsName,
  verifyHostKey,
  type HostKey,
  type HostKeyDecision,
  type KnownHostKey,
  type KnownHostsStore,
  type UnknownHostKeyInfo,
} from './known-hosts';
export { Refuse, builtinRules, confirmRule, yesNoRule, letterRule, passwordRule, dangerousPrompts, enter, ctrlC, line, type DialogueRule, type DialogueContext } from './dialogue';
export { anyExecPrompt, confirmPrompt, execPromptFor, flhProceedPrompt, installBootConfigPrompt, installReloadPrompt, installRemovePrompt, installSaveConfigPrompt, looksLikeQuestion, matchExecPrompt, morePrompt, passwordPrompt, reloadConfirmPrompt, reloadSavePrompt, rommonPrompt, yesNoPrompt, type ExecMode, type ExecPrompt } from './prompts';
export { inspectDevice, type DeviceInventory, type InspectNote, type InspectProblem, type InventoryFile, type InventoryFileSystem } from './inspect';
