import { Construct } from 'constructs';
import { ClusterProfile } from './cluster-profile';
import { NetworkPolicy, PolicyType } from './network-policy';
import { Peer } from './peer';
import { PodSelection } from './pod-selection';
import { Port } from './port';

/** What `AllowIngressController` and `AllowMonitoringScrape` take: the same shape, their own docs. */
export interface PlatformIngressProps {
  readonly ports: Port[];
  readonly namespace?: string;
  readonly pods?: PodSelection;
  readonly profile?: ClusterProfile;
  readonly from?: Peer[];
  readonly policyName?: string;
  readonly description?: string;
}

/** Which platform component sends, and how the policy and its rule describe it. */
export interface PlatformSender {
  /** `the ingress controller` */
  readonly name: string;
  /** The component's pods in the profile. */
  peer(profile: ClusterProfile): Peer;
  /** The rule's default annotation, from the senders and the ports. */
  ruleDescription(from: Peer[], ports: Port[]): string;
}

/** One ingress policy admitting a platform component on the given ports (it isolates those pods for ingress). */
export function admitPlatform(scope: Construct, props: PlatformIngressProps, sender: PlatformSender): NetworkPolicy {
  const profile = props.profile ?? ClusterProfile.upstream();
  const from = props.from ?? [sender.peer(profile)];
  const pods = props.pods ?? PodSelection.all();
  const policy = new NetworkPolicy(scope, 'Default', {
    metadata: { namespace: props.namespace, name: props.policyName },
    pods,
    policyTypes: [PolicyType.INGRESS],
    description: `Lets ${sender.name} reach ${pods}.`,
  });
  policy.addIngressRule(from, props.ports, { description: props.description ?? sender.ruleDescription(from, props.ports) });
  return policy;
}
