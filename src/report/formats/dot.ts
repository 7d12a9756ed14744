import { MatrixReport } from '../matrix-report';
import { edgeLabel } from './common';
import { reachabilityGraph } from './graph';

/**
 * The matrix as Graphviz DOT: a cluster per namespace (and one for externals), a green edge for
 * each allowed pair and a dashed orange one for each partly allowed pair, labelled with the ports.
 */
export function renderMatrixDot(report: MatrixReport): string {
  const graph = reachabilityGraph(report);
  const lines = [
    'digraph netpol {',
    '  rankdir=LR;',
    '  node [shape=box, style="rounded", fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  graph.clusters.forEach((cluster, k) => {
    lines.push(`  subgraph cluster_${k} {`, `    label=${dotString(cluster.name)};`);
    for (const node of cluster.nodes) lines.push(`    n${node} [label=${dotString(graph.nodeLabel(node))}];`);
    lines.push('  }');
  });
  for (const { from, to, profile } of graph.edges) {
    const style = profile.verdict === 'allow' ? 'color="#2e7d32"' : 'color="#ef6c00", style=dashed';
    lines.push(`  n${from} -> n${to} [label=${dotString(edgeLabel(report, profile))}, ${style}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** A DOT quoted string. */
function dotString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\n')}"`;
}
