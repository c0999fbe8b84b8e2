// The transfer engine's public API: TFTP, FTP and RCP servers that serve offered files and accept
// uploads into an inbox. No `vscode`, no device layer: usable as a library and from the CLI.
export {};
