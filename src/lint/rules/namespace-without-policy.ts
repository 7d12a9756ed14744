import { podList } from '../platform-endpoints';
import { LintContext, LintRule, RuleHit } from '../rule';

/** Namespaces the control plane runs in; policies there are the platform's business. */
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

/** A namespace whose pods no NetworkPolicy covers (kube-linter, Polaris, kubeaudit and CIS 5.3.2 ask for this). */
export const namespaceWithoutPolicy: LintRule = {
  id: 'namespace-without-policy',
  severity: 'info',
  title: 'Namespace with workloads and no NetworkPolicy',
  explanation: 'Pods that no policy selects accept traffic from every pod in the cluster and may send anywhere. A namespace without any policy is usually one that was forgotten rather than one meant to be open (CIS benchmark 5.3.2 asks for a policy in every namespace).',
  fix: 'Add a default-deny policy (podSelector: {}, policyTypes: [Ingress, Egress]) to the namespace, then allow what its pods need.',
  example: 'namespace shop with Deployments api and web and no NetworkPolicy',
  check({ model }: LintContext): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const namespace of model.namespaces) {
      if (SYSTEM_NAMESPACES.has(namespace.name) || model.policiesIn(namespace.name).length > 0) continue;
      const pods = model.podsInNamespace(namespace.name).filter((pod) => !pod.hostNetwork);
      if (pods.length === 0) continue;
      const declared = model.objects.find(({ object }) => object?.kind === 'Namespace' && object.metadata?.name === namespace.name);
      hits.push({
        object: `Namespace ${namespace.name}`,
        source: declared?.source ?? pods.find((pod) => pod.source !== undefined)?.source,
        info: `namespace ${namespace.name} has ${pods.length === 1 ? 'a pod' : `${pods.length} pods`} (${podList(pods)}) and no NetworkPolicy: they accept traffic from anywhere and may send anywhere`,
        fix: `add a default-deny policy to ${namespace.name} (podSelector: {}, policyTypes: [Ingress, Egress]) and allow what the pods need`,
      });
    }
    return hits;
  },
};
