/**
 * Which pods a workload is, as a label selector: the owner's own `spec.selector` (Service: its
 * selector), a CronJob's job-template labels, else the template or pod labels — never volatile
 * or user-ignored labels. Used for the policy's podSelector and for workload peers.
 */
import { sameWorkload, type WorkloadRef } from '../model/ids';
import type { Inventory, LabelSelector, PodInfo, WorkloadInfo } from '../model/k8s';
import { splitInvalidTerms } from '../model/label-syntax';
import {
  JOB_NAME_LABELS,
  VOLATILE_LABELS,
  canonicalSelector,
  isEmptySelector,
  own,
  recordOf,
  matchesSelector,
  selectorWithout,
  withoutKeys,
} from '../model/labels';
import { podsOf } from '../inventory/backing';

export interface DerivedSelector {
  /** Null when nothing in the inventory says which pods the workload has. */
  selector: LabelSelector | null;
  /** Where it came from: 'spec.selector', 'service.selector', 'template', 'pods'. */
  source: string;
  /** Labels Kubernetes rejects (`"bad key!"="v"`), left out of `selector`. */
  invalid?: string[];
}

export function findWorkload(inv: Inventory, ref: WorkloadRef): WorkloadInfo | undefined {
  return inv.workloads.find((w) => sameWorkload(w, ref));
}

/** The labels every one of these pods carries with the same value. */
function commonLabels(pods: readonly PodInfo[]): Record<string, string> {
  const [first, ...rest] = pods;
  if (!first) return {};
  const keep = Object.keys(first.labels).filter((k) =>
    rest.every((p) => own(p.labels, k) === own(first.labels, k)),
  );
  const drop = new Set(Object.keys(first.labels).filter((k) => !keep.includes(k)));
  return withoutKeys(first.labels, drop);
}

function nonEmpty(sel: LabelSelector): LabelSelector | null {
  return isEmptySelector(sel) ? null : sel;
}

function fromLabels(labels: Record<string, string> | undefined, drop: Set<string>) {
  return nonEmpty({ matchLabels: withoutKeys(labels, drop) });
}

/** A Job's template labels plus the job-name labels its pods carry (stable for one Job). */
function withJobName(inv: Inventory, ref: WorkloadRef, w: WorkloadInfo | undefined) {
  const pods = commonLabels(podsOf(inv, ref));
  const names = JOB_NAME_LABELS.flatMap((k): [string, string][] => {
    const v = own(pods, k);
    return v === undefined ? [] : [[k, v]];
  });
  return recordOf([...Object.entries(w?.templateLabels ?? {}), ...names]);
}

/** The selector of a controller workload (not Service), from its spec, template, or pods. */
function controllerSelector(inv: Inventory, ref: WorkloadRef, drop: Set<string>): DerivedSelector {
  const w = findWorkload(inv, ref);
  // NOTE: a Job's spec.selector is its own controller-uid, and a CronJob has no spec.selector;
  // the (job) template's labels are what all its pods share (DESIGN.md §5, CronJob). A Job's
  // own job-name label is stable for that Job; across a CronJob's Jobs it is not.
  const jobLike = ref.kind === 'CronJob' || ref.kind === 'Job';
  const dropJob = new Set(
    [...drop].filter((k) => ref.kind !== 'Job' || !JOB_NAME_LABELS.includes(k)),
  );
  if (w?.selector && !jobLike) {
    const sel = nonEmpty(selectorWithout(w.selector, drop));
    if (sel) return { selector: sel, source: 'spec.selector' };
  }
  const tpl = fromLabels(
    ref.kind === 'Job' ? withJobName(inv, ref, w) : w?.templateLabels,
    dropJob,
  );
  if (tpl) return { selector: tpl, source: 'template' };
  const pods = fromLabels(commonLabels(podsOf(inv, ref)), dropJob);
  if (pods) return { selector: pods, source: 'pods' };
  return { selector: null, source: 'none' };
}

/** Leaves out the terms Kubernetes rejects; a selector left empty selects nothing (null). */
function validated(d: DerivedSelector): DerivedSelector {
  if (!d.selector) return d;
  const { selector, invalid } = splitInvalidTerms(d.selector);
  if (invalid.length === 0) return d;
  return { selector: nonEmpty(canonicalSelector(selector)), source: d.source, invalid };
}

/**
 * The selector for a workload (or a Service when `ref.kind` is 'Service'), without volatile
 * labels, without `ignoreLabels` and without labels Kubernetes rejects (listed in `invalid`).
 */
export function workloadSelector(
  inv: Inventory,
  ref: WorkloadRef,
  ignoreLabels: readonly string[] = [],
): DerivedSelector {
  const drop = new Set([...VOLATILE_LABELS, ...ignoreLabels]);
  if (ref.kind === 'Service') {
    const svc = inv.services.find((s) => s.namespace === ref.namespace && s.name === ref.name);
    return validated({ selector: fromLabels(svc?.selector, drop), source: 'service.selector' });
  }
  return validated(controllerSelector(inv, ref, drop));
}

/** Pods of the namespace that the selector matches but that belong to another workload. */
export function otherPodsMatched(
  inv: Inventory,
  ref: WorkloadRef,
  selector: LabelSelector,
): PodInfo[] {
  return inv.pods.filter(
    (p) =>
      p.namespace === ref.namespace &&
      matchesSelector(selector, p.labels) &&
      !(p.owner.kind === ref.kind && p.owner.name === ref.name) &&
      !(ref.kind === 'Pod' && p.name === ref.name),
  );
}
