/**
 * What a session file's row does to the row stored here (db/session-merge.ts asks, per row):
 * a decision replaces the one here only when it is newer, unless the user lets the file win;
 * a cluster's settings are united (an alias for a CIDR already named here keeps this name unless
 * the file wins), the ignored labels too; the file's saved scope opens (a view, not a
 * decision); any other setting here stays unless the file wins. Values reach here restored.
 */
import {
  PREFERENCES_KEY,
  restoreClusterSettings,
  restorePreferences,
  SCOPE_KEY,
  type ClusterSettings,
} from './settings';

export type DecisionMerge = 'added' | 'newer' | 'olderKept' | 'olderReplaced';

/** How the file's decision row meets the one here (kept only for `olderKept`). */
export function mergeDecision(
  here: { updatedAt: number } | undefined,
  file: { updatedAt: number },
  fileWins: boolean,
): DecisionMerge {
  if (!here) return 'added';
  if (file.updatedAt > here.updatedAt) return 'newer';
  return fileWins ? 'olderReplaced' : 'olderKept';
}

function mergeCluster(here: ClusterSettings, file: ClusterSettings, fileWins: boolean) {
  const clusterCidrs = [...new Set([...here.clusterCidrs, ...file.clusterCidrs])];
  const byCidr = new Map(here.aliases.map((a) => [a.cidr, a]));
  for (const a of file.aliases) if (fileWins || !byCidr.has(a.cidr)) byCidr.set(a.cidr, a);
  return { clusterCidrs, aliases: [...byCidr.values()] };
}

/**
 * The value to store for setting `key` when the file brings `file` and `here` is stored (or
 * undefined); undefined when the setting here stays as it is.
 */
export function mergeSetting(
  key: string,
  here: unknown,
  file: unknown,
  fileWins: boolean,
): unknown {
  if (here === undefined) return file;
  if (key.startsWith('cluster:'))
    return mergeCluster(restoreClusterSettings(here), restoreClusterSettings(file), fileWins);
  if (key === PREFERENCES_KEY) {
    const labels = [
      ...restorePreferences(here).ignoreLabels,
      ...restorePreferences(file).ignoreLabels,
    ];
    return { ignoreLabels: [...new Set(labels)] };
  }
  return fileWins || key === SCOPE_KEY ? file : undefined;
}
