import { labObjects, modelOf } from './matrix-support';
import { KubeObject } from '../../src/evaluator/kube';
import { ClusterModel } from '../../src/evaluator/model';
import { connectionCount, diffReports } from '../../src/report/diff';
import { buildMatrixReport, declaredPorts, MatrixOptions, PortKey, portText, sortPorts } from '../../src/report/matrix-report';
import { namespace, pod, policy, workload } from '../support/builders';

/** Both versions' reports on the union of their ports, as `netpol diff` builds them. */
function diffOf(before: readonly KubeObject[], after: readonly KubeObject[], options: MatrixOptions = {}) {
  const [b, a] = [modelOf(before), modelOf(after)];
  const ports = options.ports ?? unionOfPorts(b, a);
  const shared = { ...options, ports, declaredPortsOnly: options.ports === undefined };
  return diffReports(buildMatrixReport(b, shared), buildMatrixReport(a, shared));
}

function unionOfPorts(...models: ClusterModel[]): PortKey[] {
  return sortPorts(new Map(models.flatMap(declaredPorts).map((p) => [portText(p), p])).values());
}

/** The lab with the scrape policy's port changed. */
function labWithScrapeOn(port: number): KubeObject[] {
  return labObjects().map((o) => (o.kind === 'NetworkPolicy' && o.metadata.name === 'lab-scrape' ? JSON.parse(JSON.stringify(o).replace('"port":8080', `"port":${port}`)) : o));
}

describe('diff of two versions', () => {
  test('finds the scraper losing the api metrics port when the scrape policy moves to a port the api does not serve', () => {
    const diff = diffOf(labObjects(), labWithScrapeOn(9090));
    expect(diff.lost).toEqual([{ from: 'monitoring/prometheus-agent', to: 'app/api', ports: [{ port: { port: 8080, protocol: 'TCP' }, before: 'A', after: 'D' }] }]);
    // Nothing listens on 9090 at the api: opening it is no gain.
    expect(diff.gained).toEqual([]);
    expect(diff.compared).toBe(6);
  });

  test('finds a gain when a policy opens a port the destination serves', () => {
    const opened = [...labObjects(), policy('app/frontend-metrics', {
      podSelector: { matchLabels: { app: 'api' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ port: 8080 }] }],
    }), policy('app/frontend-to-metrics', {
      podSelector: { matchLabels: { app: 'frontend' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 8080 }] }],
    })];
    const diff = diffOf(labObjects(), opened);
    expect(diff.lost).toEqual([]);
    expect(diff.gained.map((c) => [c.from, c.to, c.ports.map((p) => `${portText(p.port)} ${p.before}->${p.after}`)])).toEqual([
      ['app/frontend', 'app/api', ['8080/TCP D->A']],
    ]);
  });

  test('counts a drop to some pods of a workload as a loss, and says so', () => {
    // GIVEN two replicas of web that a client reaches, then a policy that admits it to v1 only
    const base = [
      namespace('shop'),
      workload('Deployment', 'shop/web', { labels: { app: 'web' }, ports: [{ port: 8080 }] }),
      pod('shop/web-a', { labels: { app: 'web', version: 'v1' }, ports: [{ port: 8080 }], ips: ['10.0.0.1'] }),
      pod('shop/web-b', { labels: { app: 'web', version: 'v2' }, ports: [{ port: 8080 }], ips: ['10.0.0.2'] }),
      pod('shop/client', { labels: { app: 'client' }, ips: ['10.0.0.3'] }),
    ];
    const restricted = [...base, policy('shop/v1-only', {
      podSelector: { matchLabels: { version: 'v1' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }] }],
    }), policy('shop/v2-closed', { podSelector: { matchLabels: { version: 'v2' } }, policyTypes: ['Ingress'] })];
    // WHEN compared
    const diff = diffOf(base, restricted);
    // THEN the client reaches web partly now, and the replicas lost each other
    expect(diff.lost.map((c) => [c.from, c.to, c.ports.map((p) => `${p.before}->${p.after}`).join()])).toEqual([
      ['shop/client', 'shop/web', 'A->P'],
      ['shop/web', 'shop/web', 'A->D'],
    ]);
    expect(connectionCount(diff.lost)).toBe(2);
  });

  test('lists endpoints that only one version has, without comparing them', () => {
    const grown = [...labObjects(), workload('Deployment', 'app/worker', { labels: { app: 'worker' }, ports: [{ port: 9000 }] })];
    const diff = diffOf(labObjects(), grown);
    expect(diff.added).toEqual(['app/worker']);
    expect(diff.removed).toEqual([]);
    expect([...diff.lost, ...diff.gained].filter((c) => c.from === 'app/worker' || c.to === 'app/worker')).toEqual([]);
    expect(diffOf(grown, labObjects()).removed).toEqual(['app/worker']);
  });

  test('finds nothing between a version and itself', () => {
    const diff = diffOf(labObjects(), labObjects());
    const { lost, gained, added, removed } = diff;
    expect({ lost, gained, added, removed }).toEqual({ lost: [], gained: [], added: [], removed: [] });
  });

  test('refuses reports of different ports', () => {
    const model = modelOf(labObjects());
    expect(() => diffReports(buildMatrixReport(model), buildMatrixReport(model, { ports: [{ port: 80, protocol: 'TCP' }] }))).toThrow('same grouping and ports');
  });
});
