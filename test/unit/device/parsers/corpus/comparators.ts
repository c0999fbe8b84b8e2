// The comparators by key: genieparser's parser class (`ShowVersion`), or `ntc <family>` for
// ntc-templates files (`ntc show version`).
import type { Comparator } from './compare';
import { flashComparators } from './flash-comparator';
import { inventoryComparators } from './inventory-comparator';
import { showBootComparators } from './show-boot';
import { showVersionComparators } from './show-version';
import { versionPackagesComparators } from './version-packages-comparator';

export const comparators: Record<string, Comparator> = {
  ...showVersionComparators,
  ...showBootComparators,
  ...inventoryComparators,
  ...versionPackagesComparators,
  ...flashComparators,
};
