import { Protocol } from '../evaluator/kube';

/** Pods somewhere in the cluster, by namespace and labels. */
export interface PlatformPods {
  /** The namespace's name (matched through kubernetes.io/metadata.name). */
  readonly namespace: string;
  /** Labels every such pod carries. */
  readonly podLabels: Readonly<Record<string, string>>;
}

export interface PlatformPort {
  readonly port: number;
  readonly protocol: Protocol;
}

/**
 * Where the platform's services live, as plain data for the pure layers (lint, generator,
 * explanations). The construct layer's `ClusterProfile` renders to this.
 */
export interface PlatformProfile {
  readonly name: string;
  /** The cluster DNS pods and the pod ports they answer on (after the Service's DNAT). */
  readonly dns: PlatformPods & { readonly ports: readonly PlatformPort[] };
  /** Addresses DNS is also reached at that no selector can match (NodeLocal DNSCache, metadata servers). */
  readonly dnsAddresses: readonly string[];
  readonly ingressController: PlatformPods;
  readonly monitoring: PlatformPods;
}

/**
 * Upstream Kubernetes: CoreDNS (kubeadm) in kube-system on 53, ingress-nginx, kube-prometheus in
 * `monitoring`. The pure layers' default; equal to `ClusterProfile.upstream()` (a test keeps them so).
 */
export const UPSTREAM_PROFILE: PlatformProfile = {
  name: 'upstream',
  dns: {
    namespace: 'kube-system',
    podLabels: { 'k8s-app': 'kube-dns' },
    ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
  },
  dnsAddresses: [],
  ingressController: {
    namespace: 'ingress-nginx',
    podLabels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
  },
  monitoring: { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } },
};
