import { modelOf, newChart, policies, synthYaml } from './support';
import { AllowIngressController, ClusterProfile, LabelSelector, Peer, PodSelection, Port } from '../../src';
import { namespace, pod, verdict } from '../support/builders';

const CONTROLLER = { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' };

/** The seed's production pattern: ingress-nginx to the shop's web pods on their named port. */
function shop(props: Partial<ConstructorParameters<typeof AllowIngressController>[2]> = {}) {
  const chart = newChart();
  new AllowIngressController(chart, 'web-from-ingress', { namespace: 'shop', pods: PodSelection.labels({ app: 'web' }), ports: [Port.named('http')], ...props });
  return chart;
}

const NEIGHBOURS = [
  namespace('shop'),
  namespace('ingress-nginx'),
  namespace('tools'),
  pod('shop/web', { labels: { app: 'web' }, ports: [{ name: 'http', port: 8080 }] }),
  pod('ingress-nginx/controller', { labels: CONTROLLER }),
  pod('ingress-nginx/admission', { labels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'admission-webhook' } }),
  pod('tools/controller', { labels: CONTROLLER }),
];

describe('AllowIngressController', () => {
  test('synthesizes ingress from the profile controller to the backend port', () => {
    expect(synthYaml(shop())).toMatchSnapshot();
  });

  test('admits the controller on the backend port and denies the neighbours', () => {
    const model = modelOf(shop(), ...NEIGHBOURS);
    expect(verdict(model, 'ingress-nginx/controller', 'shop/web', 8080)).toBe('allow');
    expect(verdict(model, 'ingress-nginx/controller', 'shop/web', 80)).toBe('deny');
    expect(verdict(model, 'ingress-nginx/admission', 'shop/web', 8080)).toBe('deny');
    expect(verdict(model, 'tools/controller', 'shop/web', 8080)).toBe('deny');
    expect(verdict(model, '203.0.113.5', 'shop/web', 8080)).toBe('deny');
  });

  test('follows the profile: k3s Traefik in kube-system', () => {
    const model = modelOf(shop({ profile: ClusterProfile.k3s() }), ...NEIGHBOURS, namespace('kube-system'),
      pod('kube-system/traefik', { labels: { 'app.kubernetes.io/name': 'traefik' } }));
    expect(verdict(model, 'kube-system/traefik', 'shop/web', 8080)).toBe('allow');
    expect(verdict(model, 'ingress-nginx/controller', 'shop/web', 8080)).toBe('deny');
  });

  test('takes another controller instead of the profile one', () => {
    // GIVEN an OpenShift router on the host network, reached by its namespace policy-group label
    const chart = shop({ from: [Peer.namespaces(LabelSelector.of({ labels: { 'policy-group.network.openshift.io/ingress': '' } }))] });
    expect(policies(chart)[0].spec.ingress[0].from).toEqual([{ namespaceSelector: { matchLabels: { 'policy-group.network.openshift.io/ingress': '' } } }]);
    // THEN pods of namespaces with that label get in, the ingress-nginx controller does not
    const model = modelOf(chart, ...NEIGHBOURS, namespace('openshift-ingress', { 'policy-group.network.openshift.io/ingress': '' }),
      pod('openshift-ingress/router', { labels: { app: 'router' } }));
    expect(verdict(model, 'openshift-ingress/router', 'shop/web', 8080)).toBe('allow');
    expect(verdict(model, 'ingress-nginx/controller', 'shop/web', 8080)).toBe('deny');
  });
});
