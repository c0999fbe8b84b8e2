// The device layer's public API: SSH sessions to IOS devices, the CLI dialogue, and pure parsers of
// what IOS prints. No `vscode`, no engine.
export {};
