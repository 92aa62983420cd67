/**
 * The slice of Kubernetes objects the engine keeps: plain, normalised, serialisable.
 * `inventory/` turns kubectl dumps into these; `policy/` and `evaluate/` read them.
 */
export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol: string;
}

/** The controllers a pod can roll up to. `Pod` = a bare pod (its own owner). */
export type WorkloadKind =
  | 'Deployment'
  | 'DaemonSet'
  | 'StatefulSet'
  | 'CronJob'
  | 'Job'
  | 'ReplicaSet'
  | 'ReplicationController'
  | 'Pod'
  | (string & {});

/** The entity types a user scopes by (DESIGN.md §1.2). */
export const ENTITY_TYPES = [
  'Service',
  'Deployment',
  'DaemonSet',
  'StatefulSet',
  'CronJob',
  'Job',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export interface OwnerRef {
  kind: WorkloadKind;
  name: string;
}

export interface PodInfo {
  namespace: string;
  name: string;
  uid?: string;
  /** All pod IPs (status.podIPs, else status.podIP). Empty for pods without an IP. */
  ips: string[];
  hostNetwork: boolean;
  nodeName?: string;
  hostIP?: string;
  labels: Record<string, string>;
  /** Top owner after following the chain (Deployment, CronJob, DaemonSet, …; the pod itself when bare). */
  owner: OwnerRef;
  /** The chain from the direct owner up to the top owner (e.g. ReplicaSet, Deployment). */
  ownerChain: OwnerRef[];
  phase?: string;
  /** Epoch ms (status.startTime / creationTimestamp) when known. */
  startTime?: number;
  /** Epoch ms of termination (finished containers) when known. */
  endTime?: number;
  containerPorts: ContainerPort[];
}

export interface WorkloadInfo {
  kind: WorkloadKind;
  namespace: string;
  name: string;
  /** spec.selector (Deployment/DaemonSet/StatefulSet/ReplicaSet/Job); absent for CronJob and bare pods. */
  selector?: LabelSelector;
  /** Pod template labels (spec.template.metadata.labels; CronJob: spec.jobTemplate.spec.template…). */
  templateLabels?: Record<string, string>;
  labels?: Record<string, string>;
}

export interface ServicePort {
  name?: string;
  port: number;
  /** Number, or the name of a container port on the backing pods. */
  targetPort: number | string;
  protocol: string;
  nodePort?: number;
}

export interface ServiceInfo {
  namespace: string;
  name: string;
  type: string;
  /** clusterIP(s) that are real addresses ('None' for headless is dropped). */
  clusterIPs: string[];
  externalIPs: string[];
  loadBalancerIPs: string[];
  headless: boolean;
  selector?: Record<string, string>;
  ports: ServicePort[];
  labels?: Record<string, string>;
}

export interface NodeInfo {
  name: string;
  addresses: { type: string; address: string }[];
  podCIDRs: string[];
  labels?: Record<string, string>;
}

export interface NamespaceInfo {
  name: string;
  labels: Record<string, string>;
}

export interface NetworkPolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

export interface IPBlock {
  cidr: string;
  except?: string[];
}

export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: IPBlock;
}

export interface NetworkPolicyIngressRule {
  from?: NetworkPolicyPeer[];
  ports?: NetworkPolicyPort[];
}

export interface NetworkPolicyEgressRule {
  to?: NetworkPolicyPeer[];
  ports?: NetworkPolicyPort[];
}

export interface NetworkPolicy {
  apiVersion: 'networking.k8s.io/v1';
  kind: 'NetworkPolicy';
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: {
    podSelector: LabelSelector;
    policyTypes?: ('Ingress' | 'Egress')[];
    ingress?: NetworkPolicyIngressRule[];
    egress?: NetworkPolicyEgressRule[];
  };
}

/** Everything known about one cluster from its metadata dumps. Plain data (stored in IndexedDB). */
export interface Inventory {
  cluster: string;
  pods: PodInfo[];
  workloads: WorkloadInfo[];
  services: ServiceInfo[];
  nodes: NodeInfo[];
  namespaces: NamespaceInfo[];
  networkPolicies: NetworkPolicy[];
}

export function emptyInventory(cluster: string): Inventory {
  return {
    cluster,
    pods: [],
    workloads: [],
    services: [],
    nodes: [],
    namespaces: [],
    networkPolicies: [],
  };
}
