import { dnsSingleProtocol } from '../../../src/lint/rules/dns-single-protocol';
import { namespace, policy, workload } from '../../support/builders';
import { findingsOf, KUBE_DNS_PEER, suppressed } from '../lint-helpers';

const app = [namespace('app'), workload('Deployment', 'app/api', { labels: { app: 'api' } })];

function dnsEgress(ports: Array<{ protocol: string; port: number }>) {
  return policy('app/api-egress', {
    podSelector: { matchLabels: { app: 'api' } },
    policyTypes: ['Egress'],
    egress: [{ to: [KUBE_DNS_PEER], ports }],
  });
}

describe('dns-single-protocol', () => {
  test('fires when the isolated pods reach DNS on UDP 53 but not TCP 53, naming the pods and the missing protocol', () => {
    const findings = findingsOf(dnsSingleProtocol, [...app, dnsEgress([{ protocol: 'UDP', port: 53 }])]);

    expect(findings).toEqual([expect.objectContaining({
      object: 'NetworkPolicy app/api-egress',
      field: 'spec.egress[0].ports',
      severity: 'warning',
      message: expect.stringMatching(/app\/api \(Deployment\) reach DNS at kube-system\/\{k8s-app=kube-dns\} on UDP 53 only; TCP 53 is blocked/),
      fix: 'add TCP 53 next to UDP 53 in spec.egress[0].ports',
    })]);
  });

  test('fires for TCP only as well', () => {
    const findings = findingsOf(dnsSingleProtocol, [...app, dnsEgress([{ protocol: 'TCP', port: 53 }])]);

    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('on TCP 53 only; UDP 53 is blocked')]);
  });

  test('does not fire when both protocols are allowed, even by two policies', () => {
    const udp = dnsEgress([{ protocol: 'UDP', port: 53 }]);
    const tcp = { ...dnsEgress([{ protocol: 'TCP', port: 53 }]), metadata: { name: 'api-egress-tcp', namespace: 'app' } };

    expect(findingsOf(dnsSingleProtocol, [...app, udp, tcp])).toEqual([]);
  });

  test('leaves pods that reach DNS on no protocol to egress-without-dns', () => {
    const findings = findingsOf(dnsSingleProtocol, [...app, policy('app/deny', { policyTypes: ['Egress'] })]);

    expect(findings).toEqual([]);
  });

  test('is suppressed by an annotation with a reason on the policy', () => {
    const annotated = suppressed(dnsEgress([{ protocol: 'UDP', port: 53 }]), 'dns-single-protocol', 'our resolver never answers over TCP');

    const [finding] = findingsOf(dnsSingleProtocol, [...app, annotated]);

    expect(finding.suppressed).toEqual({ reason: 'our resolver never answers over TCP', by: 'annotation' });
  });
});
