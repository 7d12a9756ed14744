import { labReport } from './support';
import { matrixJson, renderMatrixJson } from '../../../src/report/formats/json';
import { mergeIdenticalAxes } from '../../../src/report/matrix-report';

describe('the JSON matrix', () => {
  test('parses back to the documented schema, its keys in their order', () => {
    const json = JSON.parse(renderMatrixJson(labReport()));
    expect(Object.keys(json)).toEqual(['schema', 'grouping', 'ports', 'declaredPortsOnly', 'namespaces', 'endpoints', 'rows', 'columns', 'profiles', 'summary', 'cells']);
    expect(json).toEqual(matrixJson(labReport()));
    expect(json.schema).toBe('netpol.matrix/v1');
    expect(json.endpoints[0]).toEqual({ id: 'app/api', kind: 'workload', namespace: 'app', name: 'api', workloadKind: 'Deployment', pods: 1 });
    expect(json.endpoints[4]).toEqual({ id: '203.0.113.0/24', kind: 'external', name: '203.0.113.0/24' });
    expect(json.summary).toEqual({ allow: 14, partial: 3, deny: 15, self: 0 });
  });

  test('reads a cell as profiles[cells[row][column]], null between externals', () => {
    const json = matrixJson(labReport());
    const at = (from: string, to: string) => {
      const row = json.rows.findIndex((r) => r.label === from);
      const column = json.columns.findIndex((c) => c.label === to);
      const cell = json.cells[row][column];
      return cell === null ? null : json.profiles[cell];
    };
    expect(at('app/frontend', 'app/api')).toEqual({ verdict: 'partial', allowed: ['80/TCP'], partial: [], denied: ['8080/TCP'] });
    expect(at('app/api', '203.0.113.0/24')).toEqual({ verdict: 'partial', allowed: [], partial: ['443/TCP'], denied: ['53/TCP', '80/TCP', '8080/TCP', '53/UDP'] });
    expect(at('203.0.113.0/24', '203.0.113.99')).toBeNull();
  });

  test('writes a row of cells on one line, so that a large matrix stays a few lines per row', () => {
    const text = renderMatrixJson(labReport());
    expect(text).toContain('  "cells": [\n    [6,5,0,7,4,7],\n    [2,5,0,7,7,7],\n');
    expect(text.endsWith('  ]\n}\n')).toBe(true);
  });

  test('lists the endpoints of merged rows, and labels them', () => {
    const json = matrixJson(mergeIdenticalAxes(labReport()));
    expect(json.rows.at(-1)).toEqual({ label: '203.0.113.0/24, 203.0.113.99', endpoints: [4, 5] });
    expect(json.cells).toHaveLength(5);
  });
});
