import { MatrixReport } from '../matrix-report';
import { edgeLabel } from './common';
import { reachabilityGraph } from './graph';

/**
 * The matrix as a Mermaid flowchart (`graph LR`): a subgraph per namespace (and one for
 * externals), a solid edge for each allowed pair and a dotted one for each partly allowed
 * pair, labelled with the ports.
 */
export function renderMatrixMermaid(report: MatrixReport): string {
  const graph = reachabilityGraph(report);
  const lines = ['graph LR'];
  graph.clusters.forEach((cluster, k) => {
    lines.push(`  subgraph ns${k}["${mermaidText(cluster.name)}"]`);
    for (const node of cluster.nodes) lines.push(`    n${node}["${mermaidText(graph.nodeLabel(node))}"]`);
    lines.push('  end');
  });
  for (const { from, to, profile } of graph.edges) {
    const arrow = profile.verdict === 'allow' ? '-->' : '-.->';
    lines.push(`  n${from} ${arrow}|"${mermaidText(edgeLabel(report, profile))}"| n${to}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Text inside a Mermaid quoted label: quotes and the characters Mermaid reads as markup become entities. */
function mermaidText(text: string): string {
  return text.replace(/[#"<>]/g, (c) => `#${c.charCodeAt(0)};`);
}
