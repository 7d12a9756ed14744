import { InputError } from '../../src/evaluator/errors';
import { parseFlowsDocument } from '../../src/evaluator/flows';
import { KubeObject } from '../../src/evaluator/kube';
import { check, cluster, evaluate, inputErrorOf, lab, namespace, node, pod, policy, service, workload } from '../support/builders';

/** The flows file and its JSON report (conformance/FLOWS.md), through parse, resolve and check. */

const flow = (extra: Record<string, unknown>) => ({ from: 'x/a', to: 'x/b', port: 80, expect: 'allow', ...extra });

describe('flows file: invalid input names the flow by index and name, and the field', () => {
  test.each([
    ['an unknown key', flow({ name: 'typo', protcol: 'UDP' }), 'protcol'],
    ['a missing to', { name: 'no-to', from: 'x/a', port: 80, expect: 'allow' }, 'to: Required value'],
    ['a missing from', { name: 'no-from', to: 'x/a', port: 80, expect: 'allow' }, 'from: Required value'],
    ['a missing port', { name: 'no-port', from: 'x/a', to: 'x/b', expect: 'allow' }, 'port: Required value'],
    ['a missing expect', { name: 'no-expect', from: 'x/a', to: 'x/b', port: 80 }, 'expect: Required value'],
    ['port 0', flow({ name: 'port-zero', port: 0 }), 'port: Invalid value: 0'],
    ['port 65536', flow({ name: 'port-too-big', port: 65536 }), 'port: Invalid value: 65536'],
    ['a fractional port', flow({ name: 'port-fraction', port: 80.5 }), 'port: Invalid value: 80.5'],
    ['an empty port name', flow({ name: 'port-empty', port: '' }), 'port: Invalid value: ""'],
    ['a lower-case protocol', flow({ name: 'lower-tcp', protocol: 'tcp' }), 'protocol: Unsupported value: "tcp"'],
    ['ICMP', flow({ name: 'icmp', protocol: 'ICMP' }), 'protocol: Unsupported value: "ICMP"'],
    ['an unknown expectation', flow({ name: 'allowed', expect: 'allowed' }), 'expect: Unsupported value: "allowed"'],
    ['a Service as source', flow({ name: 'svc-source', from: { service: 'x/svc' } }), 'from.service'],
    ['an endpoint mapping of no known shape', flow({ name: 'bad-shape', to: { pod: 'x/b' } }), 'to: Invalid value'],
    ['an invalid IP', flow({ name: 'bad-ip', to: { ip: '10.0.0.256' } }), 'to.ip: Invalid value: "10.0.0.256"'],
    ['an invalid range', flow({ name: 'bad-range', to: { cidr: '10.0.0.0/33' } }), 'to.cidr: Invalid value: "10.0.0.0/33"'],
    ['an invalid range exception', flow({ name: 'bad-except', to: { cidr: '10.0.0.0/24', except: ['1.2.3/32'] } }), 'to.except[0]'],
  ])('rejects %s', (_name, raw, field) => {
    const message = inputErrorOf(() => parseFlowsDocument({ flows: [flow({ name: 'fine' }), raw] }, 'flows.yaml'));
    expect(message).toContain(`flows.yaml: flows[1] "${(raw as { name: string }).name}": ${field}`);
    expect(message).not.toContain('flows[0]');
  });

  test('reports every problem of every flow at once, as typed problems', () => {
    let error: InputError | undefined;
    try {
      parseFlowsDocument({ flows: [flow({ name: 'one', port: 0 }), flow({ name: 'two', protocol: 'ICMP', expect: 'maybe' })] });
    } catch (thrown) {
      error = thrown as InputError;
    }
    expect(error?.problems.map((p) => [p.object, p.field, p.code])).toEqual([
      ['flows[0] "one"', 'port', 'invalid-port'],
      ['flows[1] "two"', 'expect', 'unsupported-value'],
      ['flows[1] "two"', 'protocol', 'unsupported-protocol'],
    ]);
  });

  test.each([
    ['a document that is not a mapping', ['x/a']],
    ['a document without flows', { flow: [] }],
  ])('rejects %s', (_name, document) => {
    expect(inputErrorOf(() => parseFlowsDocument(document))).toMatch(/flows/);
  });

  test('gives a flow without name the default name FROM -> TO:PORT/PROTOCOL', () => {
    expect(parseFlowsDocument({ flows: [{ from: 'x/a', to: { cidr: '203.0.113.0/24' }, port: 53, protocol: 'UDP', expect: 'deny' }] })[0].name)
      .toBe('x/a -> 203.0.113.0/24:53/UDP');
  });
});

describe('flows file: endpoints that name nothing (resolution errors)', () => {
  const shop = () => cluster(lab(
    pod('x/web', { labels: { app: 'web' }, ports: [{ name: 'http', port: 8080 }, { name: 'dns', port: 53, protocol: 'UDP' }] }),
    service('x/web', { app: 'web' }, [{ name: 'http', port: 80, targetPort: 'http' }]),
  ));

  test.each([
    ['an unknown pod, with the closest name', { name: 'typo', from: 'x/a', to: 'x/webb', port: 80 }, /flows\[0\] "typo": to: Invalid value: "x\/webb": no Pod or workload .*did you mean "x\/web"\?/],
    ['an unknown source', { name: 'src', from: 'q/a', to: 'x/a', port: 80 }, /flows\[0\] "src": from: Invalid value: "q\/a"/],
    ['a named port the destination lacks, with the closest name', { name: 'htp', from: 'x/a', to: 'x/web', port: 'htp' }, /flows\[0\] "htp": port: Invalid value: "htp": x\/web declares no TCP port with that name \(did you mean "http"\?\)/],
    ['a named port on another protocol', { name: 'dns-tcp', from: 'x/a', to: 'x/web', port: 'dns' }, /flows\[0\] "dns-tcp": port: .*\("dns" is UDP 53; set protocol: UDP\)/],
    ['a named port on an address', { name: 'ext', from: 'x/a', to: '203.0.113.5', port: 'http' }, /flows\[0\] "ext": port: Invalid value: "http": a named port needs a destination pod/],
    ['an unknown Service', { name: 'svc', from: 'x/a', to: { service: 'x/wbe' }, port: 80 }, /flows\[0\] "svc": to\.service: Invalid value: "x\/wbe".*did you mean "x\/web"\?/],
    ['a port the Service does not expose', { name: 'svc-port', from: 'x/a', to: { service: 'x/web' }, port: 8080 }, /flows\[0\] "svc-port": port: Invalid value: 8080: Service x\/web has no TCP port 8080 \(its ports: TCP 80\)/],
  ])('rejects %s', (_name, raw, pattern) => {
    expect(inputErrorOf(() => check(shop(), [raw]))).toMatch(pattern);
  });

  test('names both workloads when a name is ambiguous across kinds', () => {
    const model = cluster([workload('Deployment', 'x/web', { labels: { app: 'web' } }), workload('StatefulSet', 'x/web', { labels: { app: 'web-db' } })]);
    expect(inputErrorOf(() => check(model, [{ name: 'which', from: 'x/web', to: '203.0.113.5', port: 80 }])))
      .toMatch(/flows\[0\] "which": from: Invalid value: "x\/web": names Deployment x\/web and StatefulSet x\/web/);
  });
});

describe('flows file: endpoint forms', () => {
  test.each(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'])(
    'a %s stands for its pods: template labels are selected and template ports resolve', (kind) => {
      // GIVEN a workload with no live pod, isolated to its named port "http"
      const model = cluster(lab(
        workload(kind, 'x/w', { labels: { app: 'w' }, ports: [{ name: 'http', port: 8080 }] }),
        policy('x/w-http', { podSelector: { matchLabels: { app: 'w' } }, ingress: [{ ports: [{ port: 'http' }] }] }),
      ));
      // THEN flows to it are decided by its template
      const [byName, wrongPort] = check(model, [{ from: 'x/a', to: 'x/w', port: 'http' }, { from: 'x/a', to: 'x/w', port: 9090 }]);
      expect([byName.verdict, byName.resolvedPort, byName.ingress.selectedBy, wrongPort.verdict]).toEqual(['allow', 8080, ['x/w-http'], 'deny']);
    });

  test('a ReplicaSet owned by a Deployment is not a second workload', () => {
    const owned = { ...workload('ReplicaSet', 'x/web-5d8f', { labels: { app: 'web' } }), metadata: { name: 'web-5d8f', namespace: 'x', ownerReferences: [{ kind: 'Deployment', name: 'web' }] } };
    const model = cluster([workload('Deployment', 'x/web', { labels: { app: 'web' } }), owned]);
    expect(model.pods.map((p) => `${p.kind} ${p.namespace}/${p.name}`)).toEqual(['Deployment x/web']);
  });

  test('a live pod of a workload stands for it; the template is not a second pod', () => {
    const model = cluster([workload('Deployment', 'x/web', { labels: { app: 'web' } }), pod('x/web-abc12', { labels: { app: 'web' }, ips: ['10.1.0.9'] })]);
    expect(model.pods.map((p) => `${p.kind} ${p.namespace}/${p.name}`)).toEqual(['Pod x/web-abc12']);
  });

  test.each([
    ['a pod IP is that pod', '10.1.0.2', 'pod', 'x/b'],
    ['an IPv4-mapped pod IP is that pod', '::ffff:10.1.0.2', 'pod', 'x/b'],
    ['a node address is that node', '192.168.0.1', 'address', 'node worker-1 (192.168.0.1)'],
    ['a host-network pod IP is that pod as an address', '192.168.5.5', 'address', 'host-network pod x/agent (192.168.5.5)'],
    ['any other address is outside the cluster', '203.0.113.5', 'address', '203.0.113.5'],
  ])('%s', (_name, ip, kind, label) => {
    const model = cluster(lab(node('worker-1', ['192.168.0.1']), pod('x/agent', { ips: ['192.168.5.5'], hostNetwork: true })));
    const { egress } = evaluate(model, ip, 'y/a', 80);
    expect([egress.subject === undefined ? 'address' : 'pod', egress.subject ?? evaluate(model, 'y/a', ip, 80).implementationDefined[0] ?? ip])
      .toEqual([kind, kind === 'pod' ? label : expect.stringContaining(label)]);
  });

  test('a pod IP of a host-network pod and a node address is the node', () => {
    const model = cluster(lab(node('worker-1', ['192.168.0.1']), pod('x/agent', { ips: ['192.168.0.1'], hostNetwork: true })));
    expect(evaluate(model, '192.168.0.1', 'x/a', 80).implementationDefined).toEqual([expect.stringContaining('node worker-1')]);
  });

  test('a pod outside the manifests is selected by the policies of its namespace', () => {
    const model = cluster(lab(policy('x/from-b', { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'b' } } }] }] })));
    const [debug, random] = check(model, [
      { from: { namespace: 'x', labels: { pod: 'b', debug: 'true' } }, to: 'x/a', port: 80 },
      { from: 'x/b', to: { namespace: 'x', labels: { run: 'random' }, ports: [{ name: 'http', containerPort: 8080 }] }, port: 'http' },
    ]);
    expect([debug.verdict, random.verdict, random.resolvedPort, random.ingress.selectedBy]).toEqual(['allow', 'allow', 8080, ['x/from-b']]);
  });

  test('an {ip, domain} endpoint is its address to NetworkPolicy', () => {
    const model = cluster(lab(policy('x/out', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '203.0.113.0/24' } }] }] })));
    const [inside, outside] = check(model, [
      { from: 'x/a', to: { ip: '203.0.113.5', domain: 'api.example.com' }, port: 443 },
      { from: 'x/a', to: { ip: '198.51.100.5', domain: 'api.example.com' }, port: 443 },
    ]);
    expect([inside.verdict, outside.verdict]).toEqual(['allow', 'deny']);
  });
});

describe('flows file: ranges of addresses ({cidr, except})', () => {
  const egressTo = (cidr: string) => cluster(lab(policy('x/out', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr } }] }] })));

  test.each([
    ['inside the allowed block', { cidr: '203.0.113.0/26' }, 'allow'],
    ['the allowed block exactly', { cidr: '203.0.113.0/25' }, 'allow'],
    ['straddling the block', { cidr: '203.0.113.0/24' }, 'partial'],
    ['straddling, minus the part outside', { cidr: '203.0.113.0/24', except: ['203.0.113.128/25'] }, 'allow'],
    ['outside the block', { cidr: '203.0.113.128/25' }, 'deny'],
    ['outside, except for nothing', { cidr: '198.51.100.0/24', except: ['198.51.100.0/25'] }, 'deny'],
    ['the other family', { cidr: '2001:db8::/64' }, 'deny'],
    ['one address at the edge', { cidr: '203.0.113.127/32' }, 'allow'],
  ])('egress to a range %s: %s', (_name, range, expected) => {
    expect(check(egressTo('203.0.113.0/25'), [{ from: 'x/a', to: range, port: 443 }])[0].verdict).toBe(expected);
  });

  test('a partial range says which side allows only part of it', () => {
    const [report] = check(egressTo('203.0.113.0/25'), [{ from: 'x/a', to: { cidr: '203.0.113.0/24' }, port: 443 }]);
    expect(report.reasons).toEqual([expect.stringContaining('egress of x/a allows only part of 203.0.113.0/24')]);
  });

  test.each([
    ['an IPv6 range inside an IPv6 ingress block', '2001:db8::/48', { cidr: '2001:db8::/64' }, 'allow'],
    ['an IPv6 range straddling the block', '2001:db8::/48', { cidr: '2001:db8::/47' }, 'partial'],
    ['a range when the pod is not isolated', undefined, { cidr: '0.0.0.0/0' }, 'allow'],
  ])('ingress from %s: %s', (_name, cidr, range, expected) => {
    const objects = cidr ? lab(policy('x/in', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr } }] }] })) : lab();
    expect(check(cluster(objects), [{ from: range, to: 'x/a', port: 80 }])[0].verdict).toBe(expected);
  });

  test('a range and a pod selector: selectors never match addresses', () => {
    const model = cluster(lab(policy('x/out', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: {} }] }] })));
    expect(check(model, [{ from: 'x/a', to: { cidr: '203.0.113.0/24' }, port: 443 }])[0].verdict).toBe('deny');
  });

  test('a range is allowed only if the other side allows too', () => {
    const model = cluster(lab(policy('x/out', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 443 }] }] })));
    const [https, http] = check(model, [{ from: 'x/a', to: { cidr: '203.0.113.0/24' }, port: 443 }, { from: 'x/a', to: { cidr: '203.0.113.0/24' }, port: 80 }]);
    expect([https.verdict, http.verdict]).toEqual(['allow', 'deny']);
  });
});

describe('flows file: Service destinations', () => {
  const backends = (): KubeObject[] => [
    namespace('shop'),
    pod('shop/client', { labels: { app: 'client' }, ips: ['10.6.0.1'] }),
    pod('shop/api-1', { labels: { app: 'api', track: 'stable' }, ips: ['10.6.0.11'], ports: [{ name: 'web', port: 8080 }] }),
    pod('shop/api-2', { labels: { app: 'api', track: 'canary' }, ips: ['10.6.0.12'], ports: [{ name: 'web', port: 9090 }] }),
    service('shop/api', { app: 'api' }, [{ name: 'http', port: 80, targetPort: 'web' }, { name: 'metrics', port: 9100, targetPort: 9100 }]),
  ];
  const allowFromClient = (track: string) => policy(`shop/${track}-from-client`, {
    podSelector: { matchLabels: { track } },
    ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }] }],
  });
  const isolateApi = policy('shop/api-closed', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Ingress'] });

  test.each([
    ['every backend allows', [allowFromClient('stable'), allowFromClient('canary')], 'allow'],
    ['no backend allows', [isolateApi], 'deny'],
    ['some backends allow', [isolateApi, allowFromClient('stable')], 'partial'],
  ])('when %s the verdict is %s', (_name, policies, expected) => {
    const [report] = check(cluster([...backends(), ...policies]), [{ from: 'shop/client', to: { service: 'shop/api' }, port: 80 }]);
    expect(report.verdict).toBe(expected);
    expect(report.ok).toBe(expected === 'allow');
  });

  test('a partial verdict says so and lists each backend with its port and verdict', () => {
    const [report] = check(cluster([...backends(), isolateApi, allowFromClient('stable')]), [{ from: 'shop/client', to: { service: 'shop/api' }, port: 80, expect: 'deny' }]);
    expect(report).toEqual(expect.objectContaining({
      verdict: 'partial',
      ok: false,
      backends: [{ pod: 'shop/api-1', port: 8080, verdict: 'allow' }, { pod: 'shop/api-2', port: 9090, verdict: 'deny' }],
      reasons: expect.arrayContaining(['some pods behind Service shop/api allow this flow and some do not', 'via shop/api-2:']),
    }));
  });

  test.each([
    ['a numeric targetPort is the same on every backend', 9100, undefined, [9100, 9100]],
    ['a named targetPort resolves on each backend', 80, undefined, [8080, 9090]],
    ['a named flow port is the Service port name, resolved per backend', 'http', { 'shop/api-1': 8080, 'shop/api-2': 9090 }, [8080, 9090]],
    ['a named flow port the Service lacks resolves on the backends', 'web', { 'shop/api-1': 8080, 'shop/api-2': 9090 }, [8080, 9090]],
  ])('%s', (_name, port, resolvedPort, ports) => {
    const [report] = check(cluster(backends()), [{ from: 'shop/client', to: { service: 'shop/api' }, port }]);
    expect([report.resolvedPort, report.backends?.map((b) => b.port)]).toEqual([resolvedPort, ports]);
  });

  test('resolvedPort is one number when every backend resolves the name alike', () => {
    const objects = backends().filter((o) => o.metadata.name !== 'api-2');
    expect(check(cluster(objects), [{ from: 'shop/client', to: { service: 'shop/api' }, port: 'http' }])[0].resolvedPort).toBe(8080);
  });

  test('a backend without the named targetPort is not an endpoint of that Service port', () => {
    const objects = [...backends(), pod('shop/api-old', { labels: { app: 'api' }, ips: ['10.6.0.13'] })];
    expect(check(cluster(objects), [{ from: 'shop/client', to: { service: 'shop/api' }, port: 80 }])[0].backends?.map((b) => b.pod)).toEqual(['shop/api-1', 'shop/api-2']);
  });

  test.each([
    ['without selector', service('shop/manual', undefined, [{ port: 80 }]), 'Service shop/manual selects no pod (it has no selector)'],
    ['whose selector matches no pod', service('shop/manual', { app: 'gone' }, [{ port: 80 }]), 'Service shop/manual selects no pod'],
  ])('a Service %s is a failed flow with that reason', (_name, svc, reason) => {
    const [report] = check(cluster([...backends(), svc]), [{ from: 'shop/client', to: { service: 'shop/manual' }, port: 80 }]);
    expect([report.verdict, report.ok, report.reasons, report.backends]).toEqual(['deny', false, [reason], []]);
  });
});

describe('flows report (FLOWS.md JSON)', () => {
  test('echoes endpoints and ports as written, keeps the file order and adds up the summary', () => {
    const model = cluster(lab(policy('x/p', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'b' } } }], ports: [{ port: 'serve-80-tcp' }] }] })));
    const reports = check(model, [
      { name: 'b reaches a', from: 'x/b', to: 'x/a', port: 'serve-80-tcp', expect: 'allow' },
      { name: 'c is kept out', from: { namespace: 'x', labels: { pod: 'c' } }, to: 'x/a', port: 80, expect: 'allow' },
    ]);
    expect(reports.map((r) => [r.name, r.from, r.port, r.verdict, r.ok, r.resolvedPort, r.ingress])).toEqual([
      ['b reaches a', 'x/b', 'serve-80-tcp', 'allow', true, 80, expect.objectContaining({ isolated: true, selectedBy: ['x/p'], allowedBy: [{ policy: 'x/p', rule: 0 }] })],
      ['c is kept out', { namespace: 'x', labels: { pod: 'c' } }, 80, 'deny', false, undefined, expect.objectContaining({ isolated: true, selectedBy: ['x/p'], allowedBy: [] })],
    ]);
  });
});
