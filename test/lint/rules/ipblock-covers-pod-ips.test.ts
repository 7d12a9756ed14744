import { ipblockCoversPodIps } from '../../../src/lint/rules/ipblock-covers-pod-ips';
import { namespace, pod, policy } from '../../support/builders';
import { findingsOf, suppressed } from '../lint-helpers';

const pods = [
  namespace('app'),
  pod('app/api', { labels: { app: 'api' }, ips: ['10.244.1.5'] }),
  pod('app/db', { labels: { app: 'db' }, ips: ['10.244.2.7'] }),
];

function egressTo(ipBlock: object) {
  return policy('app/api-egress', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock }] }] });
}

describe('ipblock-covers-pod-ips', () => {
  test('fires on an ipBlock that contains pod IPs, naming the pods and their IPs', () => {
    const findings = findingsOf(ipblockCoversPodIps, [...pods, egressTo({ cidr: '10.244.0.0/16' })]);

    expect(findings).toEqual([expect.objectContaining({
      field: 'spec.egress[0].to[0].ipBlock',
      message: expect.stringContaining('ipBlock 10.244.0.0/16 covers the IP 10.244.1.5 of pod app/api, the IP 10.244.2.7 of pod app/db'),
    })]);
  });

  test('fires on an ipBlock that overlaps a node\'s pod range from a cluster dump', () => {
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-1' }, spec: { podCIDR: '10.244.3.0/24' } };

    const [finding] = findingsOf(ipblockCoversPodIps, [namespace('app'), node, egressTo({ cidr: '10.0.0.0/8' })]);

    expect(finding.message).toContain('covers pod range 10.244.3.0/24 of node worker-1');
  });

  test('does not fire when except carves out the pods', () => {
    expect(findingsOf(ipblockCoversPodIps, [...pods, egressTo({ cidr: '10.0.0.0/8', except: ['10.244.0.0/16'] })])).toEqual([]);
  });

  test('does not fire on outside addresses', () => {
    expect(findingsOf(ipblockCoversPodIps, [...pods, egressTo({ cidr: '203.0.113.0/24' })])).toEqual([]);
  });

  test('is suppressed by an annotation with a reason on the policy', () => {
    const annotated = suppressed(egressTo({ cidr: '10.244.0.0/16' }), 'ipblock-covers-pod-ips', 'legacy VMs share this range until Q3');

    const [finding] = findingsOf(ipblockCoversPodIps, [...pods, annotated]);

    expect(finding.suppressed?.reason).toBe('legacy VMs share this range until Q3');
  });
});
