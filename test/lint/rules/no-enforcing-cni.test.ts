import { KubeObject } from '../../../src/evaluator/kube';
import { noEnforcingCni } from '../../../src/lint/rules/no-enforcing-cni';
import { pod, policy } from '../../support/builders';
import { findingsOf } from '../lint-helpers';

/** A pod as `kubectl get pods -o yaml` returns it: with a uid and a status. */
function livePod(id: string, labels: Record<string, string>, containers?: KubeObject[]): KubeObject {
  const object = pod(id, { labels, ips: ['10.244.0.9'] });
  object.metadata.uid = `uid-${id}`;
  object.status.phase = 'Running';
  if (containers) object.spec.containers = containers;
  return object;
}

const coreDns = livePod('kube-system/coredns-5d78c9869d-abcde', { 'k8s-app': 'kube-dns' });
const flannel = livePod('kube-flannel/kube-flannel-ds-x7k2p', { app: 'flannel' });
const anyPolicy = policy('app/deny');

describe('no-enforcing-cni', () => {
  test('fires on a cluster dump with kube-system pods and only flannel, which does not enforce policies', () => {
    const findings = findingsOf(noEnforcingCni, [coreDns, flannel, anyPolicy]);

    expect(findings).toEqual([expect.objectContaining({
      object: 'cluster',
      severity: 'warning',
      message: 'the input is a live cluster dump (1 pod in kube-system), and none of its pods is a known NetworkPolicy enforcer; network plugin seen: flannel (does not enforce NetworkPolicy): its 1 NetworkPolicy may not be enforced at all',
    })]);
  });

  test('fires on the AWS VPC CNI when its network policy agent is not enabled', () => {
    const awsNode = livePod('kube-system/aws-node-7xkq2', { 'k8s-app': 'aws-node' }, [
      { name: 'aws-node', image: 'amazon-k8s-cni' },
      { name: 'aws-eks-nodeagent', image: 'aws-network-policy-agent', args: ['--enable-network-policy=false'] },
    ]);

    const [finding] = findingsOf(noEnforcingCni, [coreDns, awsNode, anyPolicy]);

    expect(finding.message).toContain('AWS VPC CNI without the network policy agent enabled');
  });

  test.each([
    ['Calico', livePod('kube-system/calico-node-9zj4k', { 'k8s-app': 'calico-node' })],
    ['Cilium', livePod('kube-system/cilium-8hx2m', { 'k8s-app': 'cilium' })],
    ['Antrea', livePod('kube-system/antrea-agent-2kd8s', { app: 'antrea', component: 'antrea-agent' })],
    ['GKE Dataplane V2', livePod('kube-system/anetd-7p2xq', {})],
    ['the AWS VPC CNI with its agent enabled', livePod('kube-system/aws-node-7xkq2', { 'k8s-app': 'aws-node' }, [
      { name: 'aws-eks-nodeagent', image: 'aws-network-policy-agent', args: ['--enable-network-policy=true'] },
    ])],
  ])('does not fire when %s runs', (_name, enforcer) => {
    expect(findingsOf(noEnforcingCni, [coreDns, flannel, enforcer, anyPolicy])).toEqual([]);
  });

  test('does not fire on manifests from a repository, which hold no live kube-system pods', () => {
    const written = pod('kube-system/debug', { labels: { app: 'debug' } });

    expect(findingsOf(noEnforcingCni, [written, anyPolicy])).toEqual([]);
  });

  test('is suppressed by an option with a reason (the finding is about the cluster, not a policy)', () => {
    const [finding] = findingsOf(noEnforcingCni, [coreDns, flannel, anyPolicy], {
      suppressions: [{ ruleId: 'no-enforcing-cni', reason: 'k3s enforces policies inside its own process' }],
    });

    expect(finding.suppressed).toEqual({ reason: 'k3s enforces policies inside its own process', by: 'option' });
  });
});
