import { labReport } from './support';
import { renderMatrixTable } from '../../../src/report/formats/table';
import { mergeIdenticalAxes } from '../../../src/report/matrix-report';

const HEADING = 'Who can reach whom, by workload (rows: sources, columns: destinations), on ports TCP 53, TCP 80, TCP 443, TCP 8080, UDP 53; '
  + 'each destination on the ports it declares (all of them when it declares none).';

const PARTLY = [
  'Partly allowed:',
  '  app/api -> 203.0.113.0/24: partly TCP 443; denied TCP 53, TCP 80, TCP 8080, UDP 53',
  '  app/frontend -> app/api: allowed TCP 80; denied TCP 8080',
  '  monitoring/prometheus-agent -> app/api: allowed TCP 8080; denied TCP 80',
];

describe('the terminal table', () => {
  test('numbers rows and columns alike, marks each cell, and explains the partly allowed ones', () => {
    expect(renderMatrixTable(labReport(), 'unicode').split('\n')).toEqual([
      HEADING,
      '',
      '                                 1  2  3  4  5  6',
      ' 1  app/api                      ✗  ✗  ✓  ✗  ◐  ✗',
      ' 2  app/frontend                 ◐  ✗  ✓  ✗  ✗  ✗',
      ' 3  kube-system/coredns          ✗  ✗  ✓  ✓  ✓  ✓',
      ' 4  monitoring/prometheus-agent  ◐  ✗  ✓  ✓  ✓  ✓',
      ' 5  203.0.113.0/24               ✗  ✗  ✓  ✓',
      ' 6  203.0.113.99                 ✗  ✗  ✓  ✓',
      '',
      '✓ allowed on every port   ◐ partly: some ports, pods or addresses   ✗ denied   · a pod to itself',
      '',
      ...PARTLY,
      '',
    ]);
  });

  test('uses only ASCII marks for pipes, files and unknown terminals', () => {
    const table = renderMatrixTable(labReport(), 'ascii');
    expect(table).toMatch(/^[\x20-\x7e\n]*$/);
    expect(table).toContain(' 2  app/frontend                 ~  -  +  -  -  -');
    expect(table).toContain('+ allowed on every port   ~ partly: some ports, pods or addresses   - denied   . a pod to itself');
  });

  test('lists the columns by number when merging made rows and columns differ', () => {
    const lines = renderMatrixTable(mergeIdenticalAxes(labReport()), 'ascii').split('\n');
    expect(lines.slice(2, 10)).toEqual([
      'Columns:',
      ' 1  app/api',
      ' 2  app/frontend',
      ' 3  kube-system/coredns',
      ' 4  monitoring/prometheus-agent',
      ' 5  203.0.113.0/24',
      ' 6  203.0.113.99',
      '',
    ]);
    expect(lines).toContain(' 5  203.0.113.0/24, 203.0.113.99  -  -  +  +');
  });
});
