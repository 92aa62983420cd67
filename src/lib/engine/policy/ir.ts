/**
 * The policy IR: what generation decides, before any dialect writes it. One IR policy per
 * workload (or the namespace's default-deny): the pods it selects, and per direction either
 * "everything" or the allowed (peer, port) pairs, unmerged and in generation order. A dialect
 * (dialects/) turns it into documents — the Kubernetes NetworkPolicy today; Cilium and Calico
 * read the same IR. Peers say what was allowed, not how one dialect spells it: a node stays a
 * node (an ipBlock in k8s, an entity in Cilium), the cluster DNS pods stay marked as such.
 */
import type { WorkloadRef } from '../model/ids';
import type { LabelSelector } from '../model/k8s';

/** Who a rule allows. */
export type IrPeer =
  /** Pods matching `selector` in `namespace` (the policy's own or another). */
  | {
      type: 'pods';
      namespace: string;
      selector: LabelSelector;
      /** The cluster DNS pods of the "allow DNS" option (Cilium adds its DNS proxy rule). */
      dns?: true;
    }
  /** Every pod of the policy's namespace (the "namespace" general rule). */
  | { type: 'namespace' }
  /**
   * An address range: an included IP (/32, /128), its alias's or its included CIDR, or a manual
   * rule. `names`: the DNS names the capture gave the IP while the row was active (DESIGN.md §5
   * "Names of IPs"; sorted, lowercase, no trailing dot), only on a single address (/32, /128)
   * and absent when none is known. k8s writes them in an annotation, Cilium as toFQDNs.
   */
  | { type: 'cidr'; cidr: string; names?: string[] }
  /** A node by its address (selectors never match nodes in k8s; Cilium has entities). */
  | { type: 'node'; name: string; cidr: string }
  /** A DNS name (FQDN rules); no dialect before Cilium can write it. */
  | { type: 'fqdn'; name: string }
  /** A CNI entity (Cilium's vocabulary): the apiserver, this node, other nodes, the outside. */
  | { type: 'entity'; entity: 'kube-apiserver' | 'host' | 'remote-node' | 'world' };

/** A port: protocol and, unless every port of it, the pod's port (or range up to endPort). */
export interface IrPort {
  protocol: 'TCP' | 'UDP' | 'SCTP';
  port?: number;
  /** Last port of a range (undetermined pairs); only with `port`. */
  endPort?: number;
}

/** One allowed pair; `port: null` = every port and protocol. */
export interface IrPair {
  peer: IrPeer;
  port: IrPort | null;
}

/** The rules of one direction: everything (the "all" general rule) or the allowed pairs. */
export type IrDirection = 'all' | IrPair[];

export interface PolicyIR {
  /** The object name (a DNS-1123 subdomain), the same in every dialect. */
  name: string;
  namespace: string;
  /** The workload the policy is for; absent for the namespace's default-deny. */
  workload?: WorkloadRef;
  /** The pods the policy applies to; `{}` = every pod of the namespace. */
  subject: LabelSelector;
  /** Both directions are always isolated: an empty list allows nothing. */
  ingress: IrDirection;
  egress: IrDirection;
}
