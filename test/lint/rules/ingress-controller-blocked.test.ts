import { describeLabels } from '../../../src/evaluator/endpoint';
import { ingressControllerBlocked } from '../../../src/lint/rules/ingress-controller-blocked';
import { UPSTREAM_PROFILE } from '../../../src/profile/platform-profile';
import { namespace, policy, service, workload } from '../../support/builders';
import { findingsOf, suppressed } from '../lint-helpers';

const { namespace: controllerNamespace, podLabels: controllerLabels } = UPSTREAM_PROFILE.ingressController;

const site = [
  namespace('app'),
  workload('Deployment', 'app/web', { labels: { app: 'web' }, ports: [{ name: 'http', port: 8080 }] }),
  service('app/web', { app: 'web' }, [{ port: 80, targetPort: 'http' }]),
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web', namespace: 'app' },
    spec: { rules: [{ host: 'shop.example', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
  },
];

function webIngress(from: object[], ports: object[] = [{ port: 8080 }]) {
  return policy('app/web', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ from, ports }] });
}
const fromController = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': controllerNamespace } }, podSelector: { matchLabels: controllerLabels } };

describe('ingress-controller-blocked', () => {
  test('fires when an Ingress backend is isolated and admits only other pods, naming the Service, target port and controller', () => {
    const findings = findingsOf(ingressControllerBlocked, [...site, webIngress([{ podSelector: { matchLabels: { app: 'frontend' } } }])]);

    expect(findings).toEqual([expect.objectContaining({
      object: 'NetworkPolicy app/web',
      field: 'spec.ingress',
      message: `isolates ingress of app/web (Deployment) on TCP 8080 (Service app/web TCP 80 (targetPort "http"), routed by Ingress app/web), and no policy admits the ingress controller ${controllerNamespace}/${describeLabels(controllerLabels)} there`,
    })]);
  });

  test('fires when the controller is admitted on the Service port instead of the target port', () => {
    const findings = findingsOf(ingressControllerBlocked, [...site, webIngress([fromController], [{ port: 80 }])]);

    expect(findings).toHaveLength(1);
  });

  test('does not fire when the controller pods are admitted on the target port', () => {
    expect(findingsOf(ingressControllerBlocked, [...site, webIngress([fromController])])).toEqual([]);
  });

  test('does not fire on pods that no Ingress routes to', () => {
    const noIngress = site.filter((o) => o.kind !== 'Ingress');

    expect(findingsOf(ingressControllerBlocked, [...noIngress, webIngress([])])).toEqual([]);
  });

  test('is suppressed by an annotation with a reason on the policy', () => {
    const annotated = suppressed(webIngress([{ podSelector: { matchLabels: { app: 'frontend' } } }]), 'ingress-controller-blocked', 'traffic enters through the service mesh gateway');

    const [finding] = findingsOf(ingressControllerBlocked, [...site, annotated]);

    expect(finding.suppressed?.by).toBe('annotation');
  });
});
