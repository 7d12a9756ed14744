import { labReport } from './support';
import { renderMatrixHtml } from '../../../src/report/formats/html';
import { matrixJson } from '../../../src/report/formats/json';
import { buildMatrixReport } from '../../../src/report/matrix-report';
import { pod } from '../../support/builders';
import { modelOf } from '../matrix-support';

describe('the HTML report', () => {
  test('is one self-contained file: no stylesheet, script or image fetched from anywhere', () => {
    const html = renderMatrixHtml(labReport());
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<link\b|<img\b|<iframe\b|\bsrc=|@import|url\((?!#)/i);
    expect(html.match(/https?:\/\/[^\s"']+/g)).toEqual(['http://www.w3.org/2000/svg', 'http://www.w3.org/2000/svg']);
  });

  test('embeds the JSON document of --output json, and offers each namespace as a filter', () => {
    const html = renderMatrixHtml(labReport());
    const data = /<script type="application\/json" id="netpol-data">(.*?)<\/script>/s.exec(html)![1];
    expect(JSON.parse(data)).toEqual(matrixJson(labReport()));
    expect(html).toContain('<select id="namespace"><option value="">all</option><option value="app">app</option><option value="kube-system">kube-system</option><option value="monitoring">monitoring</option></select>');
  });

  test('cannot be broken out of by a name in the manifests', () => {
    // A namespace the model takes as written (the API server would refuse it).
    const report = buildMatrixReport(modelOf([pod('evil<img onerror=alert(1)><!--/p', { ports: [{ port: 80 }] })]), { grouping: 'namespace' });
    const html = renderMatrixHtml(report);
    expect(html).not.toContain('<img onerror');
    expect(html).not.toContain('<!--');
    expect(html).toContain('<option value="evil&#60;img onerror=alert(1)&#62;&#60;!--">');
    expect(html).toContain('"id":"evil\\u003cimg onerror=alert(1)>\\u003c!--"');
  });
});
