import * as fc from 'fast-check';
import { cellOf, fixtureObjects, labObjects, modelOf, referenceStatus, REPORT_FIXTURES } from './matrix-support';
import { syntheticCluster } from '../../bench/synthetic-cluster';
import { ClusterModel } from '../../src/evaluator/model';
import { buildMatrixReport, declaredPorts, MatrixReport, mergeIdenticalAxes, portText } from '../../src/report/matrix-report';
import { namespace, policy, pod, workload } from '../support/builders';
import { randomClusterArb } from '../support/random-cluster';

/** Every cell and port of a report, against the naive reference; the disagreements, for a readable failure. */
function disagreements(model: ClusterModel, report: MatrixReport, cells?: ReadonlyArray<[number, number]>): string[] {
  const all = report.endpoints.flatMap((_, r) => report.endpoints.map((__, c) => [r, c] as [number, number]));
  const found: string[] = [];
  for (const [r, c] of cells ?? all) {
    const cell = report.cells[r][c];
    if (cell < 0) continue;
    report.ports.forEach((port, k) => {
      const expected = referenceStatus(model, report, r, c, k);
      const actual = report.profiles[cell].statuses[k];
      if (actual !== expected) found.push(`${report.endpoints[r].id} -> ${report.endpoints[c].id} on ${portText(port)}: ${actual}, reference ${expected}`);
    });
  }
  return found;
}

describe('the matrix of the seed lab', () => {
  const model = modelOf(labObjects());
  const report = buildMatrixReport(model);

  test('names workloads by namespace and name, then the CIDRs the policies name', () => {
    expect(report.endpoints.map((e) => `${e.kind} ${e.id}`)).toEqual([
      'workload app/api',
      'workload app/frontend',
      'workload kube-system/coredns',
      'workload monitoring/prometheus-agent',
      'external 203.0.113.0/24',
      'external 203.0.113.99',
    ]);
  });

  test('judges the container ports and the single ports the policies name', () => {
    expect(report.ports.map(portText)).toEqual(['53/TCP', '80/TCP', '443/TCP', '8080/TCP', '53/UDP']);
    expect(report.declaredPortsOnly).toBe(true);
  });

  test('shows the frontend reaching the api on its HTTP port only, and the scraper on its metrics port only', () => {
    expect(cellOf(report, 'app/frontend', 'app/api')).toEqual({ verdict: 'partial', statuses: { '53/TCP': '-', '80/TCP': 'A', '443/TCP': '-', '8080/TCP': 'D', '53/UDP': '-' } });
    expect(cellOf(report, 'monitoring/prometheus-agent', 'app/api').statuses).toMatchObject({ '80/TCP': 'D', '8080/TCP': 'A' });
  });

  test('shows DNS allowed from the isolated namespace, and the api replicas denied to each other', () => {
    expect(cellOf(report, 'app/api', 'kube-system/coredns')).toEqual({ verdict: 'allow', statuses: { '53/TCP': 'A', '80/TCP': '-', '443/TCP': '-', '8080/TCP': '-', '53/UDP': 'A' } });
    expect(cellOf(report, 'app/api', 'app/api').verdict).toBe('deny');
  });

  test('shows the payment provider reachable on 443 except its retired host', () => {
    expect(cellOf(report, 'app/api', '203.0.113.0/24').statuses['443/TCP']).toBe('P');
    expect(cellOf(report, 'app/api', '203.0.113.99').verdict).toBe('deny');
    expect(cellOf(report, 'app/frontend', '203.0.113.0/24').verdict).toBe('deny');
  });

  test('has no cell between two addresses outside the cluster', () => {
    const externals = report.endpoints.flatMap((e, i) => (e.kind === 'external' ? [i] : []));
    for (const r of externals) for (const c of externals) expect(report.cells[r][c]).toBe(-1);
  });

  test('agrees with evaluateFlow on every cell and port', () => {
    expect(disagreements(model, report)).toEqual([]);
  });
});

describe('grouping pods', () => {
  const model = modelOf(fixtureObjects(`${REPORT_FIXTURES}/live-pods.yaml`));

  test('names live pods by the workload whose selector picks them, and a pod no workload owns by itself', () => {
    const report = buildMatrixReport(model);
    expect(report.endpoints.map((e) => [e.id, e.workloadKind, e.pods.length])).toEqual([['shop/debug', 'Pod', 1], ['shop/web', 'Deployment', 2]]);
  });

  test('leaves a pod\'s own cell as self, and pairs the replicas of a workload with each other', () => {
    const report = buildMatrixReport(model);
    expect(cellOf(report, 'shop/debug', 'shop/debug').verdict).toBe('self');
    expect(cellOf(report, 'shop/web', 'shop/web').verdict).toBe('deny');
    expect(cellOf(report, 'shop/debug', 'shop/web').verdict).toBe('allow');
  });

  test('by pod, gives each pod a row and a column', () => {
    const report = buildMatrixReport(model, { grouping: 'pod' });
    expect(report.endpoints.map((e) => e.id)).toEqual(['shop/debug', 'shop/web-7d9f8-abcde', 'shop/web-7d9f8-fghij']);
    expect(cellOf(report, 'shop/web-7d9f8-abcde', 'shop/web-7d9f8-fghij').verdict).toBe('deny');
    expect(disagreements(model, report)).toEqual([]);
  });

  test('by namespace, counts every pair of pods across the namespaces', () => {
    const report = buildMatrixReport(buildLabModel(), { grouping: 'namespace' });
    expect(report.endpoints.filter((e) => e.kind === 'namespace').map((e) => [e.id, e.pods.length])).toEqual([['app', 2], ['kube-system', 1], ['monitoring', 1]]);
    expect(cellOf(report, 'app', 'kube-system').verdict).toBe('allow');
    expect(cellOf(report, 'app', 'app').verdict).toBe('partial');
  });

  test('names two workloads of different kinds and one name apart by their kinds', () => {
    const report = buildMatrixReport(modelOf([
      workload('Deployment', 'ns/db', { labels: { app: 'db' }, ports: [{ port: 5432 }] }),
      workload('StatefulSet', 'ns/db', { labels: { app: 'db-replica' }, ports: [{ port: 5432 }] }),
    ]));
    expect(report.endpoints.map((e) => e.id)).toEqual(['ns/db (Deployment)', 'ns/db (StatefulSet)']);
  });
});

function buildLabModel(): ClusterModel {
  return modelOf(labObjects());
}

describe('ports', () => {
  test('lists container ports and single policy ports, not the ends of ranges', () => {
    const model = modelOf([
      pod('a/web', { ports: [{ port: 8080 }, { port: 53, protocol: 'UDP' }] }),
      policy('a/range', { podSelector: {}, ingress: [{ ports: [{ port: 9000, endPort: 9100 }, { port: 443 }, { protocol: 'SCTP', port: 2905 }] }] }),
    ]);
    expect(declaredPorts(model).map(portText)).toEqual(['443/TCP', '8080/TCP', '53/UDP', '2905/SCTP']);
  });

  test('with ports given, judges every destination on each of them', () => {
    const model = buildLabModel();
    const report = buildMatrixReport(model, { ports: [{ port: 9999, protocol: 'TCP' }] });
    expect(report.declaredPortsOnly).toBe(false);
    expect(cellOf(report, 'app/frontend', 'app/api')).toEqual({ verdict: 'deny', statuses: { '9999/TCP': 'D' } });
    expect(cellOf(report, 'app/api', 'kube-system/coredns').verdict).toBe('deny');
    expect(disagreements(model, report)).toEqual([]);
  });

  test('refuses a model without any port', () => {
    expect(() => buildMatrixReport(modelOf([pod('a/x')]))).toThrow('the manifests declare no container port and the policies name none');
  });
});

describe('namespaces and merging', () => {
  test('keeps only the pods of the namespaces asked for', () => {
    const report = buildMatrixReport(buildLabModel(), { namespaces: ['app'], externals: [] });
    expect(report.endpoints.map((e) => e.id)).toEqual(['app/api', 'app/frontend']);
    expect(report.namespaces).toEqual(['app']);
  });

  test('merges rows and columns of a namespace whose cells are all equal', () => {
    // GIVEN three identical web workloads and one api in namespace a, and a copy of a web in b
    const model = modelOf([
      namespace('a'), namespace('b'),
      ...['web-1', 'web-2', 'web-3', 'api'].map((name) => workload('Deployment', `a/${name}`, { labels: { app: name }, ports: [{ port: 80 }] })),
      workload('Deployment', 'b/web-1', { labels: { app: 'web-1' }, ports: [{ port: 80 }] }),
      policy('a/api-from-web-1', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web-1' } } }] }] }),
    ]);
    const report = buildMatrixReport(model, { externals: [] });
    // WHEN merged
    const merged = mergeIdenticalAxes(report);
    // THEN only web-1 reaches the api, so the other sources of a share a row; b stays apart
    const rows = merged.rows.map((axis) => axis.endpoints.map((e) => report.endpoints[e].id).join(' + '));
    expect(rows).toEqual(['a/api + a/web-2 + a/web-3', 'a/web-1', 'b/web-1']);
    const columns = merged.columns.map((axis) => axis.endpoints.map((e) => report.endpoints[e].id).join(' + '));
    expect(columns).toEqual(['a/api', 'a/web-1 + a/web-2 + a/web-3', 'b/web-1']);
    // Each merged cell is the cell of any of its members.
    merged.rows.forEach((row, r) => merged.columns.forEach((column, c) => {
      for (const e of row.endpoints) for (const f of column.endpoints) expect(report.cells[e][f]).toBe(merged.cells[r][c]);
    }));
  });
});

describe('the matrix agrees with evaluateFlow', () => {
  test('on random small clusters, every cell and port, by pod and by namespace', () => {
    fc.assert(fc.property(randomClusterArb, fc.constantFrom('pod' as const, 'namespace' as const), (cluster, grouping) => {
      const model = modelOf(cluster.objects);
      if (declaredPorts(model).length === 0) return;
      const report = buildMatrixReport(model, { grouping });
      expect(disagreements(model, report)).toEqual([]);
    }), { seed: 6, numRuns: 60 });
  });

  test('on a generated cluster of 400 pods with ClusterNetworkPolicies, on sampled cells', () => {
    const cluster = syntheticCluster({ pods: 400, namespaces: 12, policies: 160, externals: 8, nodes: 4, clusterPolicies: 20 });
    const model = ClusterModel.build(cluster.objects);
    const report = buildMatrixReport(model);
    expect(report.endpoints.length).toBeGreaterThan(50);
    // Every external cell, and a fixed sample of the others (a full check is 10^5 cells x 20 ports).
    const size = report.endpoints.length;
    const externals = report.endpoints.flatMap((e, i) => (e.kind === 'external' ? [i] : []));
    const sample: Array<[number, number]> = [];
    for (let i = 0; i < 400; i++) sample.push([(i * 7919) % size, (i * 104729 + 13) % size]);
    for (const e of externals) for (let i = 0; i < size; i += 5) sample.push([i, e], [e, i]);
    expect(disagreements(model, report, sample)).toEqual([]);
  });
});

describe('many ports', () => {
  test('keeps the statuses of more than 26 ports apart', () => {
    const model = buildLabModel();
    const ports = Array.from({ length: 30 }, (_, i) => ({ port: i === 29 ? 8080 : 79 + i, protocol: 'TCP' as const }));
    const report = buildMatrixReport(model, { ports, externals: [] });
    expect(report.ports).toHaveLength(30);
    expect(cellOf(report, 'app/frontend', 'app/api').statuses).toMatchObject({ '80/TCP': 'A', '81/TCP': 'D', '8080/TCP': 'D' });
    expect(cellOf(report, 'monitoring/prometheus-agent', 'app/api').statuses).toMatchObject({ '80/TCP': 'D', '8080/TCP': 'A' });
    expect(disagreements(model, report)).toEqual([]);
  });
});
