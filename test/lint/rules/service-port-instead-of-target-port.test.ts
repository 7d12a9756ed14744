import { servicePortInsteadOfTargetPort } from '../../../src/lint/rules/service-port-instead-of-target-port';
import { namespace, policy, service, workload } from '../../support/builders';
import { findingsOf, suppressed } from '../lint-helpers';

const api = [
  namespace('app'),
  workload('Deployment', 'app/api', { labels: { app: 'api' }, ports: [{ name: 'http', port: 8080 }] }),
  workload('Deployment', 'app/web', { labels: { app: 'web' } }),
  service('app/api', { app: 'api' }, [{ port: 80, targetPort: 'http' }]),
];

function apiIngressOn(...ports: object[]) {
  return policy('app/api', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports }] });
}

describe('service-port-instead-of-target-port', () => {
  test('fires on an ingress rule on the Service port, naming the Service, the pods and the port to use', () => {
    const findings = findingsOf(servicePortInsteadOfTargetPort, [...api, apiIngressOn({ port: 80 })]);

    expect(findings).toEqual([expect.objectContaining({
      field: 'spec.ingress[0].ports[0].port',
      message: 'allows TCP 80, the port of Service app/api TCP 80 (targetPort "http"), but policies see the pod port after the Service\'s DNAT: connections to app/api (Deployment) arrive on TCP 8080, which this rule does not allow',
      fix: 'use port 8080 (or the port name "http")',
    })]);
  });

  test('fires on an egress rule to the Service\'s pods on the Service port', () => {
    const egress = policy('app/web', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 80 }] }] });

    const [finding] = findingsOf(servicePortInsteadOfTargetPort, [...api, egress]);

    expect(finding.field).toBe('spec.egress[0].ports[0].port');
  });

  test('does not fire when the rule also allows the target port', () => {
    expect(findingsOf(servicePortInsteadOfTargetPort, [...api, apiIngressOn({ port: 80 }, { port: 'http' })])).toEqual([]);
  });

  test('does not fire when the Service port equals its target port', () => {
    const samePort = api.map((o) => (o.kind === 'Service' ? service('app/api', { app: 'api' }, [{ port: 8080 }]) : o));

    expect(findingsOf(servicePortInsteadOfTargetPort, [...samePort, apiIngressOn({ port: 8080 })])).toEqual([]);
  });

  test('is suppressed by an annotation with a reason on the policy', () => {
    const annotated = suppressed(apiIngressOn({ port: 80 }), 'service-port-instead-of-target-port', 'the sidecar proxy listens on 80 as well');

    const [finding] = findingsOf(servicePortInsteadOfTargetPort, [...api, annotated]);

    expect(finding.suppressed?.reason).toBe('the sidecar proxy listens on 80 as well');
  });
});
