import { labReport } from './support';
import { escapeMarkdown, renderMatrixMarkdown } from '../../../src/report/formats/markdown';

describe('the Markdown matrix', () => {
  test('is a table with a column per destination and a bold row per source, then the legend and counts', () => {
    const lines = renderMatrixMarkdown(labReport()).split('\n');
    expect(lines.slice(2, 10)).toEqual([
      '| from \\ to | app/api | app/frontend | kube-system/coredns | monitoring/prometheus-agent | 203.0.113.0/24 | 203.0.113.99 |',
      '| --- | :-: | :-: | :-: | :-: | :-: | :-: |',
      '| **app/api** | ✗ | ✗ | ✓ | ✗ | ◐ | ✗ |',
      '| **app/frontend** | ◐ | ✗ | ✓ | ✗ | ✗ | ✗ |',
      '| **kube-system/coredns** | ✗ | ✗ | ✓ | ✓ | ✓ | ✓ |',
      '| **monitoring/prometheus-agent** | ◐ | ✗ | ✓ | ✓ | ✓ | ✓ |',
      '| **203.0.113.0/24** | ✗ | ✗ | ✓ | ✓ |  |  |',
      '| **203.0.113.99** | ✗ | ✗ | ✓ | ✓ |  |  |',
    ]);
    expect(lines).toContain('14 allowed, 3 partly allowed, 15 denied.');
  });

  test('folds the partly allowed cells into a details element', () => {
    const markdown = renderMatrixMarkdown(labReport());
    expect(markdown).toContain('<details><summary>Partly allowed (3)</summary>\n\n- app/api → 203.0.113.0/24: partly TCP 443; denied TCP 53, TCP 80, TCP 8080, UDP 53\n');
    expect(markdown.trimEnd().endsWith('</details>')).toBe(true);
  });

  test('escapes what Markdown would read as a table cell end, emphasis or markup', () => {
    expect(escapeMarkdown('a|b *c* _d_ <e> `f`')).toBe('a\\|b \\*c\\* \\_d\\_ \\<e\\> \\`f\\`');
  });
});
