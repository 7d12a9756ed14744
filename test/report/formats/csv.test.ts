import { labReport } from './support';
import { renderMatrixCsv } from '../../../src/report/formats/csv';
import { mergeIdenticalAxes } from '../../../src/report/matrix-report';

describe('the CSV matrix', () => {
  test('has a header of destinations and a verdict per cell, with CRLF line ends and no cell between externals', () => {
    expect(renderMatrixCsv(labReport()).split('\r\n')).toEqual([
      'source \\ destination,app/api,app/frontend,kube-system/coredns,monitoring/prometheus-agent,203.0.113.0/24,203.0.113.99',
      'app/api,deny,deny,allow,deny,partial,deny',
      'app/frontend,partial,deny,allow,deny,deny,deny',
      'kube-system/coredns,deny,deny,allow,allow,allow,allow',
      'monitoring/prometheus-agent,partial,deny,allow,allow,allow,allow',
      '203.0.113.0/24,deny,deny,allow,allow,,',
      '203.0.113.99,deny,deny,allow,allow,,',
      '',
    ]);
  });

  test('quotes a field holding a comma, as merged rows do', () => {
    expect(renderMatrixCsv(mergeIdenticalAxes(labReport()))).toContain('\r\n"203.0.113.0/24, 203.0.113.99",deny,deny,allow,allow,,\r\n');
  });
});
