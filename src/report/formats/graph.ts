import { CellProfile, endpointCells, MatrixEndpoint, MatrixReport } from '../matrix-report';

/** The name external addresses are gathered under in graphs. */
export const EXTERNAL_CLUSTER = 'external';

/** A graph of the matrix: endpoints as nodes in clusters (namespaces, then externals), edges for what is allowed. */
export interface ReachabilityGraph {
  readonly clusters: ReadonlyArray<{ readonly name: string; readonly nodes: readonly number[] }>;
  /** Endpoint index to its label inside its cluster (the name, without the namespace). */
  readonly nodeLabel: (endpoint: number) => string;
  /** Allowed and partly allowed pairs of endpoints, in row then column order. */
  readonly edges: ReadonlyArray<{ readonly from: number; readonly to: number; readonly profile: CellProfile }>;
}

/**
 * The nodes and edges graph formats draw: every endpoint once (merging leaves the graph as it
 * is), an edge where a cell is allowed or partly allowed, a pod's own cell left out.
 */
export function reachabilityGraph(report: MatrixReport): ReachabilityGraph {
  const clusters = new Map<string, number[]>();
  report.endpoints.forEach((endpoint, i) => {
    const name = clusterOf(endpoint);
    clusters.set(name, [...(clusters.get(name) ?? []), i]);
  });
  const cellOf = endpointCells(report);
  const edges: Array<{ from: number; to: number; profile: CellProfile }> = [];
  report.endpoints.forEach((_, from) => report.endpoints.forEach((__, to) => {
    const cell = cellOf(from, to);
    const profile = cell >= 0 ? report.profiles[cell] : undefined;
    if (profile && (profile.verdict === 'allow' || profile.verdict === 'partial')) edges.push({ from, to, profile });
  }));
  return {
    clusters: [...clusters].map(([name, nodes]) => ({ name, nodes })),
    nodeLabel: (i) => nodeName(report.endpoints[i]),
    edges,
  };
}

function clusterOf(endpoint: MatrixEndpoint): string {
  return endpoint.namespace ?? EXTERNAL_CLUSTER;
}

function nodeName(endpoint: MatrixEndpoint): string {
  if (endpoint.kind === 'namespace' || endpoint.namespace === undefined) return endpoint.id;
  return endpoint.id.startsWith(`${endpoint.namespace}/`) ? endpoint.id.slice(endpoint.namespace.length + 1) : endpoint.id;
}
