import { KubeObject, namespaceOf, SourcedObject } from '../../evaluator/kube';
import { LintContext, LintRule, RuleHit } from '../rule';

/** Pod labels (key, value) of NetworkPolicy enforcers, as their manifests and charts set them. */
const ENFORCER_LABELS: ReadonlyArray<readonly [string, string, string]> = [
  ['k8s-app', 'calico-node', 'Calico'],
  ['k8s-app', 'canal', 'Canal'],
  ['k8s-app', 'cilium', 'Cilium'],
  ['app.kubernetes.io/name', 'cilium-agent', 'Cilium'],
  ['k8s-app', 'kube-router', 'kube-router'],
  ['k8s-app', 'azure-npm', 'Azure NPM'],
  ['k8s-app', 'kube-network-policies', 'kube-network-policies'],
  ['app', 'kube-network-policies', 'kube-network-policies'],
  ['component', 'antrea-agent', 'Antrea'],
  ['name', 'weave-net', 'Weave Net'],
  ['app', 'kube-ovn-cni', 'Kube-OVN'],
  ['app', 'ovnkube-node', 'OVN-Kubernetes'],
];

/** Pod name prefixes of enforcers (GKE Dataplane V2's anetd carries no documented label). */
const ENFORCER_NAME_PREFIXES: ReadonlyArray<readonly [string, string]> = [
  ['anetd-', 'GKE Dataplane V2'],
  ['calico-node-', 'Calico'],
  ['ovnkube-node-', 'OVN-Kubernetes'],
];

/** Network plugins that do not enforce NetworkPolicy by themselves, for the message. */
const NON_ENFORCER_LABELS: ReadonlyArray<readonly [string, string, string]> = [
  ['app', 'flannel', 'flannel (does not enforce NetworkPolicy)'],
  ['k8s-app', 'flannel', 'flannel (does not enforce NetworkPolicy)'],
  ['app', 'kindnet', 'kindnet (enforces NetworkPolicy only in recent kind releases)'],
  ['k8s-app', 'aws-node', 'AWS VPC CNI without the network policy agent enabled'],
];

const SYSTEM_NAMESPACE = 'kube-system';
const AWS_POLICY_AGENTS = new Set(['aws-eks-nodeagent', 'aws-network-policy-agent']);

/** A live cluster dump whose pods include no NetworkPolicy enforcer: the policies may do nothing at all. */
export const noEnforcingCni: LintRule = {
  id: 'no-enforcing-cni',
  severity: 'warning',
  title: 'Cluster dump without a NetworkPolicy-enforcing network plugin',
  explanation: 'NetworkPolicy is enforced by the network plugin, and the API server accepts policies whether or not anything enforces them. On flannel alone, old kindnet, or the AWS VPC CNI without its policy agent, every policy is silently ignored: traffic that should be denied flows.',
  fix: 'Run a plugin that enforces NetworkPolicy (Calico, Cilium, Antrea, Canal, kube-router, kube-network-policies, or the AWS VPC CNI with enableNetworkPolicy); on k3s, whose enforcer runs inside the k3s process, suppress this finding with that reason.',
  example: 'a `kubectl get ns,pods,svc,networkpolicy -A -o yaml` dump whose kube-system pods are coredns, kube-proxy and kube-flannel-ds only',
  check({ model }: LintContext): RuleHit[] {
    if (model.policies.length === 0) return [];
    const livePods = model.objects.filter(({ object }) => object?.kind === 'Pod' && isLive(object));
    const systemPods = livePods.filter(({ object }) => namespaceOf(object) === SYSTEM_NAMESPACE);
    // Manifests from a repository carry no live kube-system pods: only a dump tells what runs.
    if (systemPods.length === 0 || livePods.some(({ object }) => enforcer(object) !== undefined)) return [];
    const seen = [...new Set(livePods.map(({ object }) => nonEnforcer(object)).filter((name): name is string => name !== undefined))].sort();
    return [{
      object: 'cluster',
      source: firstSource(systemPods),
      info: `the input is a live cluster dump (${count(systemPods.length, 'pod')} in ${SYSTEM_NAMESPACE}), and none of its pods is a known NetworkPolicy enforcer${seen.length > 0 ? `; network plugin seen: ${seen.join(', ')}` : ''}: its ${count(model.policies.length, 'NetworkPolicy', 'NetworkPolicies')} may not be enforced at all`,
    }];
  },
};

/** A Pod read from a cluster, not written by hand: the API server set its uid, status or owner. */
function isLive(object: KubeObject): boolean {
  return typeof object.metadata?.uid === 'string' || Array.isArray(object.metadata?.ownerReferences) || (object.status !== undefined && object.status !== null);
}

function enforcer(pod: KubeObject): string | undefined {
  const labels = pod.metadata?.labels ?? {};
  const byLabel = ENFORCER_LABELS.find(([key, value]) => labels[key] === value);
  if (byLabel) return byLabel[2];
  const name = String(pod.metadata?.name ?? '');
  const byName = ENFORCER_NAME_PREFIXES.find(([prefix]) => name.startsWith(prefix));
  if (byName) return byName[1];
  return labels['k8s-app'] === 'aws-node' && awsPolicyAgentEnabled(pod) ? 'AWS VPC CNI network policy agent' : undefined;
}

/** Since VPC CNI 1.14 the agent container is always there; only its flag turns enforcement on. */
function awsPolicyAgentEnabled(pod: KubeObject): boolean {
  const containers: KubeObject[] = Array.isArray(pod.spec?.containers) ? pod.spec.containers : [];
  return containers.some((c) => AWS_POLICY_AGENTS.has(c?.name) && Array.isArray(c.args) && c.args.includes('--enable-network-policy=true'));
}

function nonEnforcer(pod: KubeObject): string | undefined {
  const labels = pod.metadata?.labels ?? {};
  return NON_ENFORCER_LABELS.find(([key, value]) => labels[key] === value)?.[2];
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function firstSource(pods: readonly SourcedObject[]): string | undefined {
  return pods.find((p) => p.source !== undefined)?.source;
}
