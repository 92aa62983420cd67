/**
 * Controller objects (Deployment, DaemonSet, StatefulSet, ReplicaSet, Job, CronJob,
 * ReplicationController) → WorkloadInfo: selector, pod template labels and container ports,
 * direct owner.
 */
import type { LabelSelector, WorkloadInfo } from '../model/k8s';
import { isEmptyMap, meta, own, rec, spec, str, stringMap, type Rec } from './fields';
import { readLabelSelector } from './labels';
import { containerPorts, controllerRef, namespaceOf } from './pods';

export const WORKLOAD_KINDS: readonly string[] = [
  'Deployment',
  'DaemonSet',
  'StatefulSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'ReplicationController',
];

const KINDS = new Set(WORKLOAD_KINDS);

export function isWorkloadKind(kind: string): boolean {
  return KINDS.has(kind);
}

/** The pod template. NOTE: a CronJob's is spec.jobTemplate.spec.template (batch/v1 CronJobSpec). */
function podTemplate(kind: string, sp: Rec): Rec | undefined {
  const podSpecHolder = kind === 'CronJob' ? rec(own(rec(own(sp, 'jobTemplate')), 'spec')) : sp;
  return rec(own(podSpecHolder, 'template'));
}

/**
 * The pod selector. NOTE: a ReplicationController's spec.selector is a plain map, and when it
 * is absent the API defaults it to the template labels (core/v1 ReplicationControllerSpec).
 */
function selectorOf(
  kind: string,
  sp: Rec,
  tmpl: Record<string, string>,
): LabelSelector | undefined {
  if (kind === 'CronJob') return undefined;
  const raw = own(sp, 'selector');
  if (kind === 'ReplicationController') {
    const map = rec(raw) !== undefined ? stringMap(raw) : tmpl;
    return isEmptyMap(map) ? undefined : { matchLabels: map };
  }
  return readLabelSelector(raw).selector;
}

/** A controller object → WorkloadInfo (undefined when the object has no name). */
export function readWorkload(o: Rec, kind: string): WorkloadInfo | undefined {
  const name = str(own(meta(o), 'name'));
  if (name === undefined) return undefined;
  const sp = spec(o);
  const template = podTemplate(kind, sp);
  const tmpl = stringMap(own(rec(own(template, 'metadata')), 'labels'));
  const ports = containerPorts(rec(own(template, 'spec')) ?? {});
  const w: WorkloadInfo = { kind, namespace: namespaceOf(o), name };
  const selector = selectorOf(kind, sp, tmpl);
  if (selector !== undefined) w.selector = selector;
  if (!isEmptyMap(tmpl)) w.templateLabels = tmpl;
  if (ports.length > 0) w.templateContainerPorts = ports;
  const labels = stringMap(own(meta(o), 'labels'));
  if (!isEmptyMap(labels)) w.labels = labels;
  const owner = controllerRef(o);
  if (owner !== undefined) w.owner = owner;
  return w;
}
