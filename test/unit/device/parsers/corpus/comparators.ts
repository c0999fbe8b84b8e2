// The comparators by key: genieparser's parser class (`ShowVersion`), or `ntc <family>` for
// ntc-templates files (`ntc show version`).
import type { Comparator } from './compare';

export const comparators: Record<string, Comparator> = {};
