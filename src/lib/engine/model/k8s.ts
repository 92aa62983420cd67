/**
 * The slice of Kubernetes objects the engine keeps: plain, normalised, serialisable.
 * `inventory/` turns kubectl dumps into these; `policy/` and `evaluate/` read them.
 */
import type { AdminPolicy } from './admin-policy';
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
  /** Container ports of the pod template (named ports of a workload known only as an object). */
  templateContainerPorts?: ContainerPort[];
  labels?: Record<string, string>;
  /** Direct controlling owner of an intermediate controller (ReplicaSet → Deployment, Job → CronJob). */
  owner?: OwnerRef;
  /** Known only through its pods (no object in the dump): `selector` is then absent. */
  synthesized?: boolean;
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
  /** Known only through pods (`spec.nodeName` + `status.hostIP`), no Node object in the dump. */
  synthesized?: boolean;
}

export interface NamespaceInfo {
  name: string;
  labels: Record<string, string>;
  /** Known only through namespaced objects, no Namespace object in the dump. */
  synthesized?: boolean;
}

/** One backend address of a Service (Endpoints subset address or EndpointSlice endpoint). */
export interface EndpointAddress {
  ip: string;
  ready: boolean;
  nodeName?: string;
  targetRef?: { kind: string; namespace: string; name: string };
}

export interface EndpointSubset {
  addresses: EndpointAddress[];
  /** The backends' ports: `name` is the Service port's name, `port` the target port. */
  ports: { name?: string; port: number; protocol: string }[];
}

/** An Endpoints object or an EndpointSlice, normalised: the backends of one Service. */
export interface ServiceEndpoints {
  kind: 'Endpoints' | 'EndpointSlice';
  namespace: string;
  /** Object name (for an EndpointSlice, not the Service name). */
  name: string;
  /** The Service these backends belong to. */
  service: string;
  subsets: EndpointSubset[];
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
  /** Endpoints / EndpointSlices when the dump has them. */
  endpoints?: ServiceEndpoints[];
  /** AdminNetworkPolicies, BaselineAdminNetworkPolicies, ClusterNetworkPolicies, when the dump has them. */
  adminPolicies?: AdminPolicy[];
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
