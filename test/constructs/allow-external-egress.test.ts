import { modelOf, newChart, synthYaml } from './support';
import { AllowExternalEgress, DefaultDenyNamespace, Peer, PodSelection, Port } from '../../src';
import { pod, verdict } from '../support/builders';

/** The seed's payment-provider egress from the api, in a namespace denied both ways. */
function payments() {
  const chart = newChart();
  new DefaultDenyNamespace(chart, 'app', { name: 'app' });
  new AllowExternalEgress(chart, 'payment-provider', {
    namespace: 'app',
    pods: PodSelection.labels({ app: 'api' }),
    to: [Peer.ipv4('203.0.113.0/24', ['203.0.113.99/32'])],
    ports: [Port.HTTPS],
    description: 'payment provider API',
  });
  return chart;
}

const PODS = [pod('app/api', { labels: { app: 'api' } }), pod('app/frontend', { labels: { app: 'frontend' } })];

describe('AllowExternalEgress', () => {
  test('synthesizes the ipBlock with its hole and the port', () => {
    expect(synthYaml(payments())).toMatchSnapshot();
  });

  test('reaches the block on 443 only, minus the hole, and only from the selected pods', () => {
    const model = modelOf(payments(), ...PODS);
    expect(verdict(model, 'app/api', '203.0.113.5', 443)).toBe('allow');
    expect(verdict(model, 'app/api', { cidr: '203.0.113.0/24', except: ['203.0.113.99/32'] }, 443)).toBe('allow');
    expect(verdict(model, 'app/api', '203.0.113.99', 443)).toBe('deny');
    expect(verdict(model, 'app/api', { cidr: '203.0.113.0/24' }, 443)).toBe('partial');
    expect(verdict(model, 'app/api', '203.0.113.5', 80)).toBe('deny');
    expect(verdict(model, 'app/api', '198.51.100.7', 443)).toBe('deny');
    expect(verdict(model, 'app/frontend', '203.0.113.5', 443)).toBe('deny');
  });

  test('refuses pods as destinations, pointing at the pattern for them', () => {
    expect(() => new AllowExternalEgress(newChart(), 'x', { to: [Peer.namespace('db')], ports: [Port.tcp(5432)] }))
      .toThrow('test/x: to[0]: Invalid value: "every pod of namespace db": AllowExternalEgress reaches address blocks (Peer.ipv4, Peer.ipv6, Peer.ipBlock); for pods use TierBoundary or NetworkPolicy.addEgressRule');
  });
});
