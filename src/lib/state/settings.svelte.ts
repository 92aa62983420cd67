/**
 * Settings: the current cluster's CIDRs and IP aliases (they change how IPs are classified and
 * written), the labels never to put in a selector, and the colour theme. Stored through the
 * worker (cluster settings and preferences) or in localStorage (the theme, read before paint).
 */
import type { AliasSetting, ClusterSettings, Preferences } from '$lib/engine';
import { parseCidrLenient, shortLabel } from '$lib/engine';
import type { Request } from './backend';

export type Theme = 'system' | 'light' | 'dark';
const THEME_KEY = 'netpolish.theme';

export class SettingsState {
  cluster = $state<string | null>(null);
  clusterCidrs = $state.raw<string[]>([]);
  aliases = $state.raw<AliasSetting[]>([]);
  ignoreLabels = $state.raw<string[]>([]);
  theme = $state<Theme>('system');
  error = $state<string | null>(null);

  constructor(private readonly request: Request) {}

  async loadPreferences(): Promise<void> {
    this.ignoreLabels = (await this.request('loadPreferences')).ignoreLabels;
    this.theme = readTheme();
    applyTheme(this.theme);
  }

  async loadCluster(cluster: string | null): Promise<void> {
    this.cluster = cluster;
    const s: ClusterSettings = cluster
      ? await this.request('loadClusterSettings', cluster)
      : { clusterCidrs: [], aliases: [] };
    this.clusterCidrs = s.clusterCidrs;
    this.aliases = s.aliases;
  }

  /** Replaces the cluster CIDRs; returns the entries that are not CIDRs (nothing saved then). */
  async setClusterCidrs(list: string[]): Promise<string[]> {
    const bad = list.filter((c) => !isCidrText(c));
    if (bad.length > 0 || !this.cluster) return bad;
    await this.saveCluster({ clusterCidrs: list, aliases: this.aliases });
    return [];
  }

  /** Adds an alias (replacing one with the same CIDR); returns an error message or null. */
  async addAlias(alias: AliasSetting): Promise<string | null> {
    return this.addAliases([alias]);
  }

  /** Adds aliases in one save (each replacing one with its CIDR); an error saves none. */
  async addAliases(list: readonly AliasSetting[]): Promise<string | null> {
    const added: AliasSetting[] = [];
    for (const alias of list) {
      const name = alias.name.trim();
      const cidr = alias.cidr.trim();
      if (!name) return 'Give the alias a name.';
      if (parseCidrLenient(cidr) === null)
        return `${cidr ? shortLabel(cidr, 80) : 'An empty value'} is not an IP or a CIDR.`;
      added.push({ name, cidr });
    }
    if (!this.cluster) return 'Import data first.';
    const replaced = added.map((a) => a.cidr);
    await this.saveCluster({
      clusterCidrs: this.clusterCidrs,
      aliases: [...this.aliases.filter((a) => !replaced.includes(a.cidr)), ...added],
    });
    return null;
  }

  /** Puts back a list of aliases as it was (undo). */
  async setAliases(list: readonly AliasSetting[]): Promise<void> {
    await this.saveCluster({ clusterCidrs: this.clusterCidrs, aliases: [...list] });
  }

  async removeAlias(cidr: string): Promise<void> {
    await this.saveCluster({
      clusterCidrs: this.clusterCidrs,
      aliases: this.aliases.filter((a) => a.cidr !== cidr),
    });
  }

  async setIgnoreLabels(keys: string[]): Promise<void> {
    const p: Preferences = await this.request('savePreferences', { ignoreLabels: keys });
    this.ignoreLabels = p.ignoreLabels;
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    try {
      globalThis.localStorage?.setItem(THEME_KEY, theme);
    } catch {
      // Storage may be disabled; the theme still applies to this page.
    }
    applyTheme(theme);
  }

  private async saveCluster(s: ClusterSettings): Promise<void> {
    if (!this.cluster) return;
    const saved = await this.request('saveClusterSettings', this.cluster, s);
    this.clusterCidrs = saved.clusterCidrs;
    this.aliases = saved.aliases;
  }
}

function readTheme(): Theme {
  try {
    const t = globalThis.localStorage?.getItem(THEME_KEY);
    return t === 'light' || t === 'dark' ? t : 'system';
  } catch {
    return 'system';
  }
}

function applyTheme(theme: Theme): void {
  const root = globalThis.document?.documentElement;
  if (!root) return;
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}

/** `address/prefix` (a bare address is not enough here: cluster CIDRs are ranges). */
export function isCidrText(s: string): boolean {
  return s.includes('/') && parseCidrLenient(s) !== null;
}
