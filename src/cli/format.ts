// Human-readable sizes and rates for CLI output: the one unit system of the whole tool (binary units).
export { formatBytes, formatRate } from '../jobs';
