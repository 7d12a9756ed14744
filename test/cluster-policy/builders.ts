import { KubeObject } from '../../src/evaluator/kube';

/** Builders for ClusterNetworkPolicy objects in tests, as a manifest would hold them. */

export interface ClusterPolicySpec {
  readonly tier?: 'Admin' | 'Baseline';
  readonly priority?: number;
  /** `{namespaces: ...}` or `{pods: ...}`; default every namespace. */
  readonly subject?: KubeObject;
  readonly ingress?: KubeObject[];
  readonly egress?: KubeObject[];
}

/** A v1alpha2 ClusterNetworkPolicy; tier Admin and priority 10 unless given. */
export function clusterPolicy(name: string, spec: ClusterPolicySpec): KubeObject {
  return {
    apiVersion: 'policy.networking.k8s.io/v1alpha2',
    kind: 'ClusterNetworkPolicy',
    metadata: { name },
    spec: { tier: spec.tier ?? 'Admin', priority: spec.priority ?? 10, subject: spec.subject ?? { namespaces: {} }, ...(spec.ingress ? { ingress: spec.ingress } : {}), ...(spec.egress ? { egress: spec.egress } : {}) },
  };
}

/** `namespaces` selection of the namespace with this name. */
export function inNamespace(name: string): KubeObject {
  return { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': name } } };
}

/** `pods` selection: pods with these labels, in every namespace unless a namespace name is given. */
export function podsLabelled(labels: Record<string, string>, namespace?: string): KubeObject {
  return { pods: { ...(namespace ? { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } } } : {}), podSelector: { matchLabels: labels } } };
}

export const EVERY_NAMESPACE: KubeObject = { namespaces: {} };

/** A protocols entry for one TCP destination port. */
export function tcp(port: number): KubeObject {
  return { tcp: { destinationPort: { number: port } } };
}
