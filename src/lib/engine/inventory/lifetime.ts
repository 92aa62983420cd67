/**
 * Which pod had an IP at a given time. Pod IPs are reused: a finished Job pod keeps its
 * status.podIP in the dump while a newer pod holds the same address. A pod whose bounded
 * lifetime [start, end] contains the time owned the IP then (two pods never hold one IP at
 * once); otherwise the open-ended pods started by then; with no time, Running pods first.
 */
import type { PodInfo } from '../model/k8s';

/** Container times have one-second resolution: a flow up to 1 s after finishedAt is still inside. */
const END_SLACK_MS = 1000;

function startOf(p: PodInfo): number {
  return p.startTime ?? Number.NEGATIVE_INFINITY;
}

/** Latest start first, then name (deterministic). */
function newest(pods: PodInfo[]): PodInfo | undefined {
  return [...pods].sort(
    (a, b) => startOf(b) - startOf(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  )[0];
}

function isTerminal(p: PodInfo): boolean {
  return p.phase === 'Succeeded' || p.phase === 'Failed' || p.endTime !== undefined;
}

/** Preference without a time: live pods before finished ones, then the newest. */
function preferLive(pods: PodInfo[]): PodInfo | undefined {
  const running = pods.filter((p) => p.phase === 'Running');
  if (running.length > 0) return newest(running);
  const live = pods.filter((p) => !isTerminal(p));
  return newest(live.length > 0 ? live : pods);
}

/** The pod that most plausibly held the address at `time` (ms epoch, or null when unknown). */
export function choosePod(pods: PodInfo[], time: number | null): PodInfo | undefined {
  if (pods.length <= 1 || time === null) return pods.length <= 1 ? pods[0] : preferLive(pods);
  const bounded = pods.filter(
    (p) => p.endTime !== undefined && startOf(p) <= time && time <= p.endTime + END_SLACK_MS,
  );
  if (bounded.length > 0) return newest(bounded);
  const open = pods.filter((p) => p.endTime === undefined && startOf(p) <= time);
  if (open.length > 0) return preferLive(open);
  return preferLive(pods);
}

/** Whether a pod was alive at `time` (null: not finished). */
export function isAlive(p: PodInfo, time: number | null): boolean {
  if (time === null) return !isTerminal(p);
  return startOf(p) <= time && (p.endTime === undefined || time <= p.endTime + END_SLACK_MS);
}
