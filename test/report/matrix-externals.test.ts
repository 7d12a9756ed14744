import { modelOf } from './matrix-support';
import { syntheticCluster } from '../../bench/synthetic-cluster';
import { parseIp } from '../../src/evaluator/ip';
import { computeExternalMatrix } from '../../src/evaluator/matrix';
import { ClusterModel } from '../../src/evaluator/model';
import { ExternalReach, externalAtoms, parseExternals, policyExternals, uniqueExternals } from '../../src/report/matrix-externals';
import { declaredPorts } from '../../src/report/matrix-report';
import { policy, pod } from '../support/builders';

describe('externals', () => {
  test('are every CIDR the policies name, ipBlock excepts and ClusterNetworkPolicy networks included, each once, IPv4 first and wider first', () => {
    const model = modelOf([
      pod('a/web'),
      policy('a/out', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '203.0.113.7/24', except: ['203.0.113.99/32'] } }, { ipBlock: { cidr: '2001:db8::/32' } }] }] }),
      policy('a/in', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '203.0.113.0/24' } }, { ipBlock: { cidr: '10.0.0.0/8' } }] }] }),
      {
        apiVersion: 'policy.networking.k8s.io/v1alpha2',
        kind: 'ClusterNetworkPolicy',
        metadata: { name: 'no-metadata' },
        spec: { tier: 'Admin', priority: 10, subject: { namespaces: {} }, egress: [{ name: 'metadata', action: 'Deny', to: [{ networks: ['169.254.169.254/32'] }] }] },
      },
    ]);
    expect(policyExternals(model).map((e) => e.id)).toEqual(['10.0.0.0/8', '169.254.169.254', '203.0.113.0/24', '203.0.113.99', '2001:db8::/32']);
  });

  test('from the command line are addresses or CIDRs, host bits masked; anything else is invalid input', () => {
    expect(parseExternals(['198.51.100.5', '10.1.2.3/8', '2001:db8::1'], '--externals').map((e) => e.id)).toEqual(['198.51.100.5', '10.0.0.0/8', '2001:db8::1']);
    expect(() => parseExternals(['example.com', '10.0.0.0/33'], '--externals')).toThrow(
      '--externals: Invalid value: "example.com": must be an IP address or a CIDR (e.g. 203.0.113.5 or 203.0.113.0/24)',
    );
  });

  test('merge lists by range, whatever their spelling', () => {
    const merged = uniqueExternals([...parseExternals(['203.0.113.0/24', '203.0.113.5'], 'a'), ...parseExternals(['203.0.113.77/24'], 'b')]);
    expect(merged.map((e) => e.id)).toEqual(['203.0.113.0/24', '203.0.113.5']);
  });

  test('cut into atoms that each entity holds whole, one address standing for each', () => {
    const entities = parseExternals(['203.0.113.0/24', '203.0.113.99', '2001:db8::/127'], 'test');
    const atoms = externalAtoms(uniqueExternals(entities));
    expect(atoms.addresses.map((a) => a.text)).toEqual(['203.0.113.0', '203.0.113.99', '203.0.113.100', '2001:db8::']);
    expect(atoms.atomsOf).toEqual([[0, 1, 2], [1], [3]]);
  });
});

describe('pods against externals', () => {
  test('share rows among pods the policies treat alike (ClusterNetworkPolicies too), with the same verdicts as one row per pod', () => {
    // GIVEN a generated cluster with ipBlocks of every shape, and its externals
    const cluster = syntheticCluster({ pods: 300, namespaces: 10, policies: 150, externals: 8, nodes: 3, clusterPolicies: 20 });
    const model = ClusterModel.build(cluster.objects);
    const entities = uniqueExternals([...policyExternals(model), ...parseExternals(cluster.externals, 'test')]);
    const pods = model.pods.map((p) => p.index);
    const reach = new ExternalReach(model, pods, entities);
    for (const port of declaredPorts(model).slice(0, 8)) {
      // WHEN one port is computed through the shared rows and directly
      const shared = reach.onPort(port, pods);
      const direct = computeExternalMatrix(model, { ...port, externals: reach.atoms.addresses, pods });
      // THEN every pod's row is the same both ways
      for (const position of pods) {
        expect([...shared.egress(position)]).toEqual([...direct.egress.rows[position]]);
        expect([...shared.ingress(position)]).toEqual([...direct.ingress.rows[position]]);
      }
    }
  });

  test('judge an address by its atom: the retired host apart from the rest of its range', () => {
    const model = modelOf([
      pod('a/api', { labels: { app: 'api' } }),
      policy('a/out', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '203.0.113.0/24', except: ['203.0.113.99/32'] } }], ports: [{ port: 443 }] }] }),
    ]);
    const reach = new ExternalReach(model, [0], policyExternals(model));
    const rows = reach.onPort({ port: 443, protocol: 'TCP' }, [0]);
    expect(reach.atoms.addresses.map((a) => a.text)).toEqual(['203.0.113.0', '203.0.113.99', '203.0.113.100']);
    expect([...rows.egress(0)]).toEqual([0, 2]);
    expect(parseIp('203.0.113.99')).toEqual(reach.atoms.addresses[1]);
  });
});
