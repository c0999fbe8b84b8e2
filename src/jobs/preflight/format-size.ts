// Sizes in the pre-flight facts: binary units with the exact byte count (byte-units.ts is the one
// unit system of the tree, the card and the CLI too).
export { formatBytesExact as formatSize } from '../byte-units';
