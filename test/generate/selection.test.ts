import { generate, conflictsOf, policyNamed } from './support';
import { namespace, pod, policy, service, workload } from '../support/builders';

/** The podSelector of the generated ingress policy that admits `from` into `to` in namespace `ns`. */
function subjectOf(objects: Parameters<typeof generate>[0], flow: Record<string, unknown>, id: string) {
  return policyNamed(generate(objects, [flow]), id).spec.podSelector;
}

describe('which labels identify the pods of an endpoint', () => {
  test('a Pod is selected by the fewest of its labels that pick out it and its replicas, conventional keys first', () => {
    // GIVEN two replicas of web and an api pod that shares tier=front
    const objects = [
      namespace('shop'),
      pod('shop/web-1', { labels: { app: 'web', tier: 'front', version: 'v1' } }),
      pod('shop/web-2', { labels: { app: 'web', tier: 'front', version: 'v1' } }),
      pod('shop/api', { labels: { app: 'api', tier: 'front' }, ports: [{ port: 80 }] }),
    ];
    // WHEN web-1 must reach api, THEN app=web alone selects both replicas and nothing else
    const result = generate(objects, [{ from: 'shop/web-1', to: 'shop/api', port: 80 }]);
    expect(policyNamed(result, 'shop/allow-web-1-egress-api').spec.podSelector).toEqual({ matchLabels: { app: 'web' } });
    expect(policyNamed(result, 'shop/allow-web-1-to-api').spec.ingress[0].from).toEqual([{ podSelector: { matchLabels: { app: 'web' } } }]);
  });

  test('takes two labels when no single one tells the pods apart', () => {
    const objects = [
      pod('shop/web-v1', { labels: { app: 'web', version: 'v1' } }),
      pod('shop/web-v2', { labels: { app: 'web', version: 'v2' } }),
      pod('shop/api-v1', { labels: { app: 'api', version: 'v1' }, ports: [{ port: 80 }] }),
    ];

    expect(subjectOf(objects, { from: 'shop/web-v1', to: 'shop/api-v1', port: 80 }, 'shop/allow-web-v1-egress-api-v1')).toEqual({ matchLabels: { app: 'web', version: 'v1' } });
  });

  test('never uses labels that change on every rollout, such as pod-template-hash', () => {
    const objects = [
      pod('shop/web-abc', { labels: { 'app': 'web', 'pod-template-hash': 'abc' } }),
      pod('shop/api', { labels: { app: 'api' }, ports: [{ port: 80 }] }),
    ];

    expect(subjectOf(objects, { from: 'shop/web-abc', to: 'shop/api', port: 80 }, 'shop/allow-web-abc-egress-api')).toEqual({ matchLabels: { app: 'web' } });
  });

  test('reports a pod whose every label set also selects another pod, naming that pod', () => {
    // GIVEN a canary that carries every label of web and one more
    const objects = [
      pod('shop/web', { labels: { app: 'web' } }),
      pod('shop/web-canary', { labels: { app: 'web', track: 'canary' } }),
      pod('shop/api', { labels: { app: 'api' }, ports: [{ port: 80 }] }),
    ];
    // THEN web cannot be selected without the canary
    const [conflict] = conflictsOf(objects, [{ name: 'web calls api', from: 'shop/web', to: 'shop/api', port: 80 }]);
    expect(conflict).toEqual({
      code: 'unselectable',
      flows: ['flows[0] "web calls api"'],
      message: 'flows[0] "web calls api": no set of the labels of shop/web {app=web} selects it without also selecting shop/web-canary',
      hint: 'give those pods a label of their own',
    });
  });

  test('a workload is selected by its own selector, matchExpressions included', () => {
    const api = workload('Deployment', 'shop/api', { labels: { app: 'api', tier: 'back' }, ports: [{ port: 80 }] });
    api.spec.selector = { matchLabels: { app: 'api' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] };
    const objects = [api, workload('Deployment', 'shop/web', { labels: { app: 'web' } })];

    expect(subjectOf(objects, { from: 'shop/web', to: 'shop/api', port: 80 }, 'shop/allow-web-to-api')).toEqual({
      matchLabels: { app: 'api' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }],
    });
  });

  test('a workload whose selector also matches another workload\'s template falls back to the fewest of its template labels', () => {
    const objects = [
      workload('Deployment', 'shop/api', { labels: { app: 'api', role: 'server' }, ports: [{ port: 80 }] }),
      workload('CronJob', 'shop/api-report', { labels: { app: 'api', role: 'report' } }),
      workload('Deployment', 'shop/web', { labels: { app: 'web' } }),
    ];
    objects[0].spec.selector = { matchLabels: { app: 'api' } };

    expect(subjectOf(objects, { from: 'shop/web', to: 'shop/api', port: 80 }, 'shop/allow-web-to-api')).toEqual({ matchLabels: { role: 'server' } });
  });

  test('a pod outside the manifests is selected by all the labels the flow gives it, in its namespace', () => {
    const objects = [namespace('shop'), namespace('ops'), workload('Deployment', 'shop/api', { labels: { app: 'api' }, ports: [{ port: 80 }] })];
    const result = generate(objects, [{ from: { namespace: 'ops', labels: { team: 'sre', role: 'debug' } }, to: 'shop/api', port: 80 }]);

    expect(policyNamed(result, 'shop/allow-ops-debug-to-api').spec.ingress[0].from).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ops' } },
      podSelector: { matchLabels: { role: 'debug', team: 'sre' } },
    }]);
  });

  test('every pod of a namespace is one namespaceSelector on the name label, without a podSelector', () => {
    const objects = [namespace('shop'), workload('Deployment', 'shop/api', { labels: { app: 'api' }, ports: [{ port: 80 }] })];
    const result = generate(objects, [{ from: { namespace: 'ops', labels: {} }, to: 'shop/api', port: 80 }]);

    expect(policyNamed(result, 'shop/allow-ops-to-api').spec.ingress[0].from).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ops' } } }]);
  });

  test('a Service destination is selected by the Service\'s selector, on its targetPort', () => {
    const objects = [
      workload('Deployment', 'shop/api', { labels: { app: 'api', version: 'v2' }, ports: [{ name: 'http', port: 8080 }] }),
      service('shop/api', { app: 'api' }, [{ port: 80, targetPort: 'http' }]),
      workload('Deployment', 'shop/web', { labels: { app: 'web' } }),
    ];
    const result = generate(objects, [{ from: 'shop/web', to: { service: 'shop/api' }, port: 80 }]);

    expect(policyNamed(result, 'shop/allow-web-to-api').spec).toEqual({
      podSelector: { matchLabels: { app: 'api' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ protocol: 'TCP', port: 'http' }] }],
    });
  });

  test('an existing policy that selects none of the pods changes neither the selectors nor the outcome', () => {
    const objects = [
      pod('shop/web', { labels: { app: 'web', tier: 'front' } }),
      pod('shop/api', { labels: { app: 'api', tier: 'front' }, ports: [{ port: 80 }] }),
      policy('shop/allow-all-ingress', { podSelector: { matchLabels: { app: 'unrelated' } }, ingress: [{}] }),
    ];

    expect(subjectOf(objects, { from: 'shop/web', to: 'shop/api', port: 80 }, 'shop/allow-web-to-api')).toEqual({ matchLabels: { app: 'api' } });
  });
});
