// The comparators by key: genieparser's parser class (`ShowVersion`), or `ntc <family>` for
// ntc-templates files (`ntc show version`).
import type { Comparator } from './compare';
import { showBootComparators } from './show-boot';
import { showVersionComparators } from './show-version';

export const comparators: Record<string, Comparator> = { ...showVersionComparators, ...showBootComparators };
