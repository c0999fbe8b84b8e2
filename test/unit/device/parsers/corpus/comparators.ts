// The comparators by key: genieparser's parser class (`ShowVersion`), or `ntc <family>` for
// ntc-templates files (`ntc show version`).
import type { Comparator } from './compare';
import { flashComparators } from './flash-comparator';
import { inventoryComparators } from './inventory-comparator';
import { versionPackagesComparators } from './version-packages-comparator';

export const comparators: Record<string, Comparator> = {
  ...inventoryComparators,
  ...versionPackagesComparators,
  ...flashComparators,
};
