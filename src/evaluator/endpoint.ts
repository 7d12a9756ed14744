import { IpAddress, IpRangeSet } from './ip';
import { PodInfo } from './model';

/** Where a flow starts or ends, resolved against the model. */
export type Endpoint = PodEndpoint | AddressEndpoint | RangeEndpoint;

export interface PodEndpoint {
  readonly kind: 'pod';
  readonly pod: PodInfo;
}

/** A single address: a host outside the cluster, a Node, or a host-network pod. */
export interface AddressEndpoint {
  readonly kind: 'address';
  readonly ip: IpAddress;
  readonly role: 'external' | 'node' | 'host-network-pod';
  /** For people: `203.0.113.5`, `node worker-1 (10.0.0.5)`, `host-network pod kube-system/x`. */
  readonly label: string;
  /** A DNS name the address was reached by (ClusterNetworkPolicy domainNames). */
  readonly domain?: string;
}

/** A range of external addresses (`{cidr, except}` in a flows file). */
export interface RangeEndpoint {
  readonly kind: 'range';
  readonly addresses: IpRangeSet;
  readonly label: string;
}

export function describeEndpoint(endpoint: Endpoint): string {
  switch (endpoint.kind) {
    case 'pod': return describePod(endpoint.pod);
    case 'address': return endpoint.label;
    case 'range': return endpoint.label;
  }
}

export function describePod(pod: PodInfo): string {
  return pod.kind === 'Pod' ? `${pod.namespace}/${pod.name}` : `${pod.namespace}/${pod.name} (${pod.kind})`;
}

export function describeLabels(labels: Readonly<Record<string, string>>): string {
  const keys = Object.keys(labels).sort();
  return keys.length === 0 ? '{}' : `{${keys.map((k) => `${k}=${labels[k]}`).join(', ')}}`;
}
