import { conflictsOf, generate, policyIds, policyNamed } from './support';
import { KubeObject } from '../../src/evaluator/kube';
import { ClusterModel } from '../../src/evaluator/model';
import { GENERATOR_NAME, MANAGED_BY_LABEL } from '../../src/generate';
import { UPSTREAM_PROFILE } from '../../src/profile/platform-profile';
import { clusterPolicy, inNamespace, tcp } from '../cluster-policy/builders';
import { cluster, namespace, pod, policy, service, verdict, workload } from '../support/builders';

/** A small shop: web and api in `shop`, a database in `data`, an unrelated team in `other`. */
function shop() {
  return [
    namespace('shop'), namespace('data'), namespace('other'),
    workload('Deployment', 'shop/web', { labels: { app: 'web' }, ports: [{ name: 'http', port: 8080 }] }),
    workload('Deployment', 'shop/api', { labels: { app: 'api' }, ports: [{ name: 'http', port: 80 }, { name: 'grpc', port: 9000 }] }),
    workload('StatefulSet', 'data/db', { labels: { app: 'db' }, ports: [{ name: 'pg', port: 5432 }] }),
    workload('Deployment', 'other/tool', { labels: { app: 'tool' } }),
  ];
}

const id = (p: KubeObject) => `${p.metadata.namespace}/${p.metadata.name}`;

describe('the scope', () => {
  test('defaults to every namespace where a flow starts or ends at a pod or workload of the manifests', () => {
    const result = generate(shop(), [
      { from: 'shop/web', to: 'shop/api', port: 80 },
      { from: 'shop/api', to: 'data/db', port: 5432 },
      { from: { namespace: 'other', labels: { run: 'debug' } }, to: 'shop/api', port: 80 },
    ]);

    expect(result.scope).toEqual(['data', 'shop']);
    expect(new Set(result.policies.map((p) => p.metadata.namespace))).toEqual(new Set(['data', 'shop']));
  });

  test('isolates every pod of the scope both ways, and only there', () => {
    // GIVEN the shop, scope shop only
    const objects = shop();
    const result = generate(objects, [{ from: 'shop/web', to: 'shop/api', port: 80 }], { scope: ['shop'] });
    const model = cluster([...objects, ...result.policies]);
    // THEN shop's pods are isolated, data's and other's are not
    for (const p of model.pods) {
      const isolated = ['Ingress', 'Egress'].map((direction) => model.selectingPolicies(p, direction as 'Ingress' | 'Egress').length > 0);
      expect([`${p.namespace}/${p.name}`, ...isolated]).toEqual([`${p.namespace}/${p.name}`, p.namespace === 'shop', p.namespace === 'shop']);
    }
  });

  test('refuses a namespace the manifests do not have, suggesting the closest', () => {
    expect(() => generate(shop(), [{ from: 'shop/web', to: 'shop/api', port: 80 }], { scope: ['shpo'] }))
      .toThrow('scope: Invalid value: "shpo": no object of the manifests is in this namespace (did you mean "shop"?)');
  });

  test('an empty scope writes nothing and proves flows that already hold', () => {
    const result = generate(shop(), [{ from: '203.0.113.5', to: '198.51.100.7', port: 443 }]);

    expect({ scope: result.scope, policies: result.policies, passed: result.check.summary.passed }).toEqual({ scope: [], policies: [], passed: 1 });
  });
});

describe('the rules', () => {
  test('merges the ports of one pair into one rule, numbers before names, UDP after TCP', () => {
    const result = generate(shop(), [
      { from: 'shop/web', to: 'shop/api', port: 9000 },
      { from: 'shop/web', to: 'shop/api', port: 'http' },
      { from: 'shop/web', to: 'shop/api', port: 80, protocol: 'UDP' },
    ], { scope: ['shop'] });

    expect(policyNamed(result, 'shop/allow-web-to-api').spec.ingress).toEqual([{
      from: [{ podSelector: { matchLabels: { app: 'web' } } }],
      ports: [{ protocol: 'TCP', port: 9000 }, { protocol: 'TCP', port: 'http' }, { protocol: 'UDP', port: 80 }],
    }]);
  });

  test('keeps a named port as its name on both sides, so each pod resolves it', () => {
    const result = generate(shop(), [{ from: 'shop/web', to: 'shop/api', port: 'grpc' }], { scope: ['shop'] });

    expect(policyNamed(result, 'shop/allow-web-egress-api').spec.egress[0].ports).toEqual([{ protocol: 'TCP', port: 'grpc' }]);
    expect(policyNamed(result, 'shop/allow-web-to-api').spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 'grpc' }]);
  });

  test('names a peer of another namespace by its kubernetes.io/metadata.name label, and the policy after both ends', () => {
    const result = generate(shop(), [{ from: 'shop/api', to: 'data/db', port: 5432 }]);

    expect(policyNamed(result, 'shop/allow-api-egress-data-db').spec.egress[0].to).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'data' } },
      podSelector: { matchLabels: { app: 'db' } },
    }]);
    expect(policyNamed(result, 'data/allow-shop-api-to-db').spec.ingress[0].from[0].namespaceSelector).toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'shop' } });
  });

  test('writes addresses as /32 and /128 ipBlocks, and a range without host bits and with only the excepts inside it', () => {
    const result = generate(shop(), [
      { from: 'shop/api', to: '203.0.113.5', port: 443 },
      { from: 'shop/api', to: '2001:db8::1', port: 443 },
      { from: 'shop/api', to: { cidr: '198.51.100.7/24', except: ['198.51.100.128/25', '192.0.2.0/24'] }, port: 443 },
    ], { scope: ['shop'] });

    const peers = result.policies.filter((p) => p.metadata.name.startsWith('allow-api-egress')).map((p) => [p.metadata.name, p.spec.egress[0].to]);
    expect(peers).toEqual([
      ['allow-api-egress-198-51-100-0-24', [{ ipBlock: { cidr: '198.51.100.0/24', except: ['198.51.100.128/25'] } }]],
      ['allow-api-egress-2001-db8-1', [{ ipBlock: { cidr: '2001:db8::1/128' } }]],
      ['allow-api-egress-203-0-113-5', [{ ipBlock: { cidr: '203.0.113.5/32' } }]],
    ]);
  });

  test('annotates each rule with the flows it serves, and labels every policy as generated', () => {
    const result = generate(shop(), [
      { name: 'web calls api', from: 'shop/web', to: 'shop/api', port: 80 },
      { name: 'web streams from api', from: 'shop/web', to: 'shop/api', port: 9000 },
    ], { scope: ['shop'] });
    const ingress = policyNamed(result, 'shop/allow-web-to-api');

    expect(ingress.metadata.annotations).toEqual({
      'netpol.cdk8s.io/description': 'Lets shop/web (Deployment) reach shop/api (Deployment): the ingress side (generated by netpol generate).',
      'netpol.cdk8s.io/rule.ingress.0': 'serves flows "web calls api", "web streams from api"',
    });
    expect(result.policies.every((p) => p.metadata.labels[MANAGED_BY_LABEL] === GENERATOR_NAME)).toBe(true);
  });

  test('gives two pairs that would share a name a stable hash of their pair each', () => {
    // GIVEN two ranges that differ only in their except list
    const flows = [
      { from: 'shop/api', to: { cidr: '203.0.113.0/24' }, port: 443 },
      { from: 'shop/api', to: { cidr: '203.0.113.0/24', except: ['203.0.113.0/28'] }, port: 80 },
    ];
    const names = policyIds(generate(shop(), flows, { scope: ['shop'] })).filter((name) => name.includes('203'));
    // THEN both get a suffix, and the same suffix whatever else is generated
    expect(names).toHaveLength(2);
    expect(names.every((name) => /^shop\/allow-api-egress-203-0-113-0-24-[0-9a-f]{8}$/.test(name))).toBe(true);
    const withMore = policyIds(generate(shop(), [...flows, { from: 'shop/web', to: 'shop/api', port: 80 }], { scope: ['shop'] }));
    expect(withMore.filter((name) => name.includes('203'))).toEqual(names);
  });

  test('writes the same policies whatever the order of the manifests', () => {
    const flows = [{ from: 'shop/web', to: 'shop/api', port: 80 }, { from: 'shop/api', to: 'data/db', port: 'pg' }];
    const forward = generate(shop(), flows);
    const backward = generate([...shop()].reverse(), flows);

    expect(JSON.stringify(backward.policies)).toBe(JSON.stringify(forward.policies));
  });
});

describe('DNS', () => {
  test('every scoped namespace gets allow-dns to the profile\'s DNS pods on UDP and TCP, and its addresses', () => {
    const profile = { ...UPSTREAM_PROFILE, name: 'node-local-dns', dnsAddresses: ['169.254.20.10/32'] };
    const result = generate(shop(), [{ from: 'shop/web', to: 'shop/api', port: 80 }], { profile });

    expect(policyNamed(result, 'shop/allow-dns').spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
        },
        { to: [{ ipBlock: { cidr: '169.254.20.10/32' } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] },
      ],
    });
  });

  test('without DNS, no allow-dns, and a listed DNS flow gets its own egress policy', () => {
    const dns = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };
    const result = generate(shop(), [{ from: 'shop/api', to: dns, port: 53, protocol: 'UDP' }], { scope: ['shop'], dns: false });

    expect(policyIds(result)).toEqual(['shop/allow-api-egress-kube-system-kube-dns', 'shop/default-deny']);
  });

  test('when the scope holds the DNS pods, they keep answering every client on the DNS ports', () => {
    // GIVEN CoreDNS in the manifests, and a flow that names it (which pulls kube-system into the scope)
    const objects = [...shop(), workload('Deployment', 'kube-system/coredns', { labels: { 'k8s-app': 'kube-dns' }, ports: [{ port: 53, protocol: 'UDP' }, { port: 53 }] })];
    const result = generate(objects, [{ from: 'shop/api', to: 'kube-system/coredns', port: 53, protocol: 'UDP' }]);
    const model = cluster([...objects, ...result.policies]);
    // THEN a pod outside the scope still resolves names, over both protocols
    expect(result.scope).toEqual(['kube-system', 'shop']);
    expect(policyNamed(result, 'kube-system/allow-dns-ingress').spec).toEqual({
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } }, policyTypes: ['Ingress'], ingress: [{ ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }],
    });
    expect([verdict(model, 'other/tool', 'kube-system/coredns', 53, 'UDP'), verdict(model, 'other/tool', 'kube-system/coredns', 53, 'TCP')]).toEqual(['allow', 'allow']);
  });

  test('a deny flow to the cluster DNS conflicts with the DNS every isolated pod gets', () => {
    const dns = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };
    const [conflict] = conflictsOf(shop(), [{ name: 'api never resolves', from: 'shop/api', to: dns, port: 53, protocol: 'UDP', expect: 'deny' }], { scope: ['shop'] });

    expect(conflict.hint).toBe('turn DNS off (--no-dns) and list the DNS flows that must hold');
    expect(conflict.message).toBe('flows[0] "api never resolves": shop/allow-dns lets every isolated pod reach the cluster DNS, which this flow denies');
  });
});

describe('policies the manifests already have', () => {
  test('are kept and proven with the new ones when they allow nothing beyond the list', () => {
    const objects = [...shop(), policy('shop/deny-ingress', { policyTypes: ['Ingress'] })];
    const result = generate(objects, [{ from: 'shop/web', to: 'shop/api', port: 80 }], { scope: ['shop'] });

    expect(result.replaced).toEqual([]);
    expect(verdict(cluster([...objects, ...result.policies]), 'shop/web', 'shop/api', 80)).toBe('allow');
  });

  test('make the list unsatisfiable when they allow more, named with an example connection', () => {
    const objects = [...shop(), policy('shop/allow-all-ingress', { podSelector: {}, ingress: [{}] })];
    const conflicts = conflictsOf(objects, [{ from: 'shop/web', to: 'shop/api', port: 80 }], { scope: ['shop'] });

    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ code: 'existing-policy-allows', flows: [], hint: 'delete or narrow shop/allow-all-ingress' });
    expect(conflicts[0].message).toBe('shop/allow-all-ingress is kept (the generator adds policies, it never removes one it did not write), and it allows 24 connections that no flow lists, e.g. data/db (StatefulSet) -> shop/api (Deployment):53/TCP');
  });

  test('are replaced when a generated policy has their name, or when they are earlier output in the scope', () => {
    // GIVEN a hand-written policy with a generated name, and earlier output for a flow no longer listed
    const earlier = policy('shop/allow-web-to-db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{}] });
    earlier.metadata.labels = { [MANAGED_BY_LABEL]: GENERATOR_NAME };
    const objects = [...shop(), policy('shop/allow-web-to-api', { podSelector: {}, ingress: [{}] }), earlier];
    // WHEN generated
    const result = generate(objects, [{ from: 'shop/web', to: 'shop/api', port: 80 }], { scope: ['shop'] });
    // THEN both are replaced, and the wide ones do not count in the proof
    expect(result.replaced).toEqual([{ id: 'shop/allow-web-to-api', reason: 'same-name' }, { id: 'shop/allow-web-to-db', reason: 'previous-output' }]);
    expect(policyNamed(result, 'shop/allow-web-to-api').spec.podSelector).toEqual({ matchLabels: { app: 'api' } });
  });

  test('outside the scope are never touched, and their pods keep their reachability', () => {
    // GIVEN other/tool reaching data/db today, and a flow inside shop
    const objects = shop();
    const before = cluster(objects);
    const result = generate(objects, [{ from: 'shop/web', to: 'shop/api', port: 80 }], { scope: ['shop'] });
    const after = cluster([...objects, ...result.policies]);
    // THEN what other and data reach among themselves is unchanged
    for (const [from, to, port] of [['other/tool', 'data/db', 5432], ['data/db', 'other/tool', 80]] as const) {
      expect(verdict(after, from, to, port)).toBe(verdict(before, from, to, port));
    }
    expect(result.policies.every((p) => p.metadata.namespace === 'shop')).toBe(true);
  });
});

describe('lists that cannot hold', () => {
  test('an allow and a deny between pods with the same labels cannot be told apart', () => {
    const objects = [
      pod('shop/web-1', { labels: { app: 'web' } }), pod('shop/web-2', { labels: { app: 'web' } }),
      pod('shop/api', { labels: { app: 'api' }, ports: [{ port: 80 }] }),
    ];
    const conflicts = conflictsOf(objects, [
      { name: 'web-1 calls api', from: 'shop/web-1', to: 'shop/api', port: 80 },
      { name: 'web-2 must not', from: 'shop/web-2', to: 'shop/api', port: 80, expect: 'deny' },
    ]);

    expect(conflicts).toEqual([{
      code: 'indistinguishable',
      flows: ['flows[1] "web-2 must not"', 'flows[0] "web-1 calls api"'],
      message: 'flows[1] "web-2 must not": shop/allow-web-1-egress-api must let shop/web-1 reach shop/api on TCP 80 for flows[0] "web-1 calls api", and shop/web-2 -> shop/api is among that: NetworkPolicies tell pods apart only by namespace and labels, and addresses by CIDR',
      hint: 'give the pods distinct labels, or drop one of the flows',
    }]);
  });

  test('an allow flow outside the scope that is denied today, with the namespace to add', () => {
    const objects = [...shop(), policy('data/deny-all', { policyTypes: ['Ingress'] })];
    const [conflict] = conflictsOf(objects, [{ name: 'tool reads db', from: 'other/tool', to: 'data/db', port: 5432 }], { scope: ['shop'] });

    expect(conflict).toMatchObject({ code: 'outside-scope', hint: 'add data or other to the scope' });
  });

  test('an allow flow whose end outside the scope denies it', () => {
    const objects = [...shop(), policy('data/deny-egress', { policyTypes: ['Egress'] })];
    const [conflict] = conflictsOf(objects, [{ name: 'db calls api', from: 'data/db', to: 'shop/api', port: 80 }], { scope: ['shop'] });

    expect(conflict).toEqual({
      code: 'denied-outside-scope',
      flows: ['flows[0] "db calls api"'],
      message: 'flows[0] "db calls api": egress of data/db (StatefulSet) in namespace data, outside the scope, denies it: it is isolated by data/deny-egress, and no rule of them allows it',
      hint: 'add data to the scope, or allow the flow there',
    });
  });

  test('a deny flow outside the scope that is allowed today', () => {
    const [conflict] = conflictsOf(shop(), [{ from: 'other/tool', to: 'data/db', port: 5432, expect: 'deny' }], { scope: ['shop'] });

    expect(conflict.code).toBe('allowed-outside-scope');
  });

  test('a pod denied traffic to itself', () => {
    const objects = [pod('shop/api', { labels: { app: 'api' }, ports: [{ port: 80 }] })];
    const [conflict] = conflictsOf(objects, [{ from: 'shop/api', to: 'shop/api', port: 80, expect: 'deny' }]);

    expect(conflict.code).toBe('self-traffic');
  });

  test('a range that holds pod IPs, an empty range, and a Service without pods, all at once', () => {
    const objects = [
      pod('shop/api', { labels: { app: 'api' }, ips: ['10.0.0.5'] }),
      pod('shop/db', { labels: { app: 'db' }, ips: ['10.0.0.6'] }),
      service('shop/ghost', { app: 'ghost' }, [{ port: 80 }]),
    ];
    const conflicts = conflictsOf(objects, [
      { from: 'shop/api', to: { cidr: '10.0.0.0/24' }, port: 443 },
      { from: 'shop/api', to: { cidr: '192.0.2.0/30', except: ['192.0.2.0/29'] }, port: 443 },
      { from: 'shop/api', to: { service: 'shop/ghost' }, port: 80 },
    ]);

    expect(conflicts.map((c) => c.code)).toEqual(['range-covers-pods', 'empty-range', 'service-without-pods']);
    expect(conflicts[0].message).toBe('flows[0] "shop/api -> 10.0.0.0/24:443/TCP": 10.0.0.0/24 holds the IPs of shop/api, shop/db, and an ipBlock for it would admit those pods too');
  });

  test('an allow flow that an Admin ClusterNetworkPolicy denies does not hold', () => {
    const objects = [...shop(), clusterPolicy('no-shop-ingress', { subject: inNamespace('shop'), ingress: [{ action: 'Deny', from: [{ namespaces: {} }], protocols: [tcp(80)] }] })];
    const [conflict] = conflictsOf(objects, [{ name: 'web calls api', from: 'shop/web', to: 'shop/api', port: 80 }], { scope: ['shop'] });

    expect(conflict.code).toBe('does-not-hold');
    expect(conflict.message).toMatch(/^flows\[0\] "web calls api": expected allow, got deny with the generated policies: .*no-shop-ingress/);
  });
});

describe('the report', () => {
  test('counts each scoped workload\'s connections before and after, and none beyond the list', () => {
    const result = generate(shop(), [{ from: 'shop/web', to: 'shop/api', port: 80 }], { scope: ['shop'], report: true });
    const model = ClusterModel.build(shop().map((object) => ({ object })));

    expect(result.connections).toEqual([
      { workload: 'shop/api (Deployment)', pods: 1, before: expect.any(Object), after: { ingress: 1, egress: 0 }, beyondList: 0 },
      { workload: 'shop/web (Deployment)', pods: 1, before: expect.any(Object), after: { ingress: 0, egress: 1 }, beyondList: 0 },
    ]);
    // Before, nothing isolates shop: every other pod on every port of the model, both ways.
    const others = model.pods.length - 1;
    expect(result.connections![0].before).toEqual({ ingress: others * result.checkedSpace.ports, egress: others * result.checkedSpace.ports });
  });
});

describe('the output', () => {
  test('is sorted by namespace and name', () => {
    const result = generate(shop(), [{ from: 'shop/web', to: 'shop/api', port: 80 }, { from: 'shop/api', to: 'data/db', port: 5432 }]);

    expect(result.policies.map(id)).toEqual([...result.policies.map(id)].sort());
  });
});
