import { labReport } from './support';
import { renderMatrixDot } from '../../../src/report/formats/dot';
import { renderMatrixMermaid } from '../../../src/report/formats/mermaid';
import { buildMatrixReport } from '../../../src/report/matrix-report';
import { pod, policy } from '../../support/builders';
import { modelOf } from '../matrix-support';

/** A report whose names carry the characters graph languages treat specially (not valid Kubernetes names: the model does not check). */
function awkwardReport() {
  return buildMatrixReport(modelOf([
    pod('a/we"b', { ports: [{ port: 80 }] }),
    pod('a/x<y>#z\\', { ports: [{ port: 80 }] }),
    policy('a/p', { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] }),
  ]), { grouping: 'pod' });
}

describe('the Mermaid graph', () => {
  test('has a subgraph per namespace and one for externals, a solid edge per allowed cell and a dotted one per partly allowed cell', () => {
    const lines = renderMatrixMermaid(labReport()).split('\n');
    expect(lines.slice(0, 5)).toEqual(['graph LR', '  subgraph ns0["app"]', '    n0["api"]', '    n1["frontend"]', '  end']);
    expect(lines).toContain('  subgraph ns3["external"]');
    expect(lines).toContain('  n0 -->|"TCP 53, UDP 53"| n2');
    expect(lines).toContain('  n1 -.->|"TCP 80"| n0');
    expect(lines).toContain('  n0 -.->|"TCP 443 (partly)"| n4');
    expect(lines.filter((line) => /-->|-\.->/.test(line))).toHaveLength(17);
  });

  test('keeps denied cells and a pod\'s own cell out', () => {
    const mermaid = renderMatrixMermaid(labReport());
    expect(mermaid).not.toContain('n0 --> n1');
    expect(mermaid).not.toMatch(/n1 -(->|\.->)\|[^|]*\| n1\n/);
  });

  test('turns quotes and markup characters into entities', () => {
    const mermaid = renderMatrixMermaid(awkwardReport());
    expect(mermaid).toContain('n0["we#34;b"]');
    expect(mermaid).toContain('n1["x#60;y#62;#35;z\\"]');
  });
});

describe('the DOT graph', () => {
  test('has a cluster per namespace, green edges for allowed cells and dashed orange ones for partly allowed cells', () => {
    const dot = renderMatrixDot(labReport());
    expect(dot.startsWith('digraph netpol {\n  rankdir=LR;\n')).toBe(true);
    expect(dot).toContain('  subgraph cluster_0 {\n    label="app";\n    n0 [label="api"];\n    n1 [label="frontend"];\n  }');
    expect(dot).toContain('  n0 -> n2 [label="TCP 53, UDP 53", color="#2e7d32"];');
    expect(dot).toContain('  n1 -> n0 [label="TCP 80", color="#ef6c00", style=dashed];');
    expect(dot.endsWith('}\n')).toBe(true);
  });

  test('escapes quotes and backslashes in names', () => {
    const dot = renderMatrixDot(awkwardReport());
    expect(dot).toContain('n0 [label="we\\"b"];');
    expect(dot).toContain('n1 [label="x<y>#z\\\\"];');
  });
});
