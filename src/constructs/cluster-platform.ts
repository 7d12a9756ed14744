import { ClusterNetworkPolicyRule } from './cluster-network-policy';
import { ClusterPeer } from './cluster-peer';
import { ClusterPolicyAction } from './cluster-policy-action';
import { ClusterPort } from './cluster-port';
import { ClusterProfile, PlatformComponent } from './cluster-profile';
import { ClusterSubject } from './cluster-subject';
import { LabelSelector } from './label-selector';
import { Port } from './port';
import { Protocol } from './protocol';
import { describeLabels } from '../evaluator/endpoint';
import { NAMESPACE_NAME_LABEL } from '../evaluator/kube';

/*
 * A ClusterProfile's platform components as ClusterNetworkPolicy peers, subjects and ports, for
 * the cluster-scoped patterns. Internal: the patterns are the public surface.
 */

/** The component's pods as a peer: its namespace, and its pods when it names labels. */
export function componentPeer(component: PlatformComponent): ClusterPeer {
  return Object.keys(component.podLabels).length === 0
    ? ClusterPeer.namespace(component.namespace)
    : ClusterPeer.podsInNamespace(component.namespace, component.podLabels);
}

/** The component's pods as a subject. */
export function componentSubject(component: PlatformComponent): ClusterSubject {
  const namespace = LabelSelector.of({ labels: { [NAMESPACE_NAME_LABEL]: component.namespace } });
  return ClusterSubject.pods(namespace, LabelSelector.of({ labels: { ...component.podLabels } }));
}

/** The DNS pods' ports (numbered, one protocol each: the profile checks that). */
export function dnsPodPorts(profile: ClusterProfile): ClusterPort[] {
  return profile.dns.ports.map(clusterPort);
}

/** Egress rules that reach the cluster DNS: its pods on their ports, then its addresses on theirs. */
export function dnsEgressRules(profile: ClusterProfile, action: ClusterPolicyAction): ClusterNetworkPolicyRule[] {
  const pods: ClusterNetworkPolicyRule = {
    name: `${action.toLowerCase()}-dns`,
    action,
    peers: [componentPeer(profile.dns)],
    protocols: dnsPodPorts(profile),
    description: `DNS lookups to ${profile.dns.namespace} pods ${describeLabels(profile.dns.podLabels)} (${profile})`,
  };
  const addresses = profile.dns.addresses ?? [];
  if (addresses.length === 0) return [pods];
  const addressPorts = (profile.dns.addressPorts ?? [Port.DNS_UDP, Port.DNS_TCP]).map(clusterPort);
  return [pods, {
    name: `${action.toLowerCase()}-dns-addresses`,
    action,
    peers: [ClusterPeer.networks(...addresses)],
    protocols: addressPorts,
    description: `DNS lookups to ${addresses.join(', ')}, which no pod selector reaches (${profile})`,
  }];
}

function clusterPort(port: Port): ClusterPort {
  const number = port._number()!;
  switch (port.protocol) {
    case Protocol.UDP: return ClusterPort.udp(number);
    case Protocol.SCTP: return ClusterPort.sctp(number);
    default: return ClusterPort.tcp(number);
  }
}
