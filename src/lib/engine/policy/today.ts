/**
 * Each row's verdict under the dump's own policies ("today", existing.ts): it does not depend
 * on the decisions, so a review replays each row through them once per inventory and evaluator
 * switches, and explains a row it denies only when a diff shows it.
 */
import type { Communication } from '../model/communication';
import type { Inventory } from '../model/k8s';
import type { HostNetworkMode } from '../evaluate/index';
import { ScopedMemo } from '../model/memo';
import { verifyCommunications, type CommVerdict } from './verify';

/**
 * Per inventory and evaluator switches, keyed by the identity of each row (neither is mutated
 * once made): each row's verdict, and a denied row's verdict with its reasons, made apart only
 * when a diff shows the row — a workload its dump's policies isolate has every row denied today,
 * and explaining all of them cost several times the replay of a first choice.
 */
interface Today {
  verdicts: WeakMap<Communication, CommVerdict>;
  explained: WeakMap<Communication, CommVerdict>;
}

type Switches = { ipBlockMatchesPods: boolean; hostNetwork: HostNetworkMode };

const todays = new ScopedMemo<Inventory, Today>(16);

function todayOf(inventory: Inventory, switches: Switches): Today {
  return todays.get(inventory, JSON.stringify(switches), () => ({
    verdicts: new WeakMap(),
    explained: new WeakMap(),
  }));
}

/** The verdicts of `rows` not in `known` (each row replayed once, all at once), then of all. */
function remembered(
  known: WeakMap<Communication, CommVerdict>,
  rows: Communication[],
  replay: (missing: Communication[]) => CommVerdict[],
): CommVerdict[] {
  const missing = rows.filter((c) => !known.has(c));
  if (missing.length > 0) replay(missing).forEach((v, i) => known.set(missing[i]!, v));
  return rows.map((c) => known.get(c)!);
}

function replayToday(
  inventory: Inventory,
  communications: Communication[],
  switches: Switches,
  explain: boolean,
): CommVerdict[] {
  return verifyCommunications({
    inventory,
    communications,
    policies: [],
    withExisting: true,
    explain,
    ...switches,
  });
}

/** Today's verdicts of `communications` (same order), replaying only the rows not seen yet. */
export function todayVerdicts(
  inventory: Inventory,
  communications: Communication[],
  switches: Switches,
): CommVerdict[] {
  return remembered(todayOf(inventory, switches).verdicts, communications, (missing) =>
    replayToday(inventory, missing, switches, false),
  );
}

/**
 * Today's verdicts given (same order) with why each denied one is denied: what a replay that
 * explains every denied row gives them.
 */
export function explainedToday(
  inventory: Inventory,
  verdicts: CommVerdict[],
  switches: Switches,
): CommVerdict[] {
  const denied = verdicts.filter((v) => v.allowed === false).map((v) => v.communication);
  if (denied.length === 0) return verdicts;
  const why = remembered(todayOf(inventory, switches).explained, denied, (missing) =>
    replayToday(inventory, missing, switches, true),
  );
  let n = 0;
  return verdicts.map((v) => (v.allowed === false ? why[n++]! : v));
}
