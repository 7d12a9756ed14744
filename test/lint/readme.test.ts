import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderRuleTable, RULE_TABLE_END, RULE_TABLE_START } from '../../src/lint';

describe('README rule table', () => {
  test('README.md holds exactly the table generated from the rules, between the markers', () => {
    // GIVEN the README as committed
    const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    const start = readme.indexOf(RULE_TABLE_START);
    const end = readme.indexOf(RULE_TABLE_END);

    // THEN both markers are there once, in order, and what lies between them is the generated table
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    expect(readme.indexOf(RULE_TABLE_START, start + 1)).toBe(-1);
    expect(readme.slice(start + RULE_TABLE_START.length, end)).toBe(`\n${renderRuleTable()}\n`);
  });

  test('the table has a header, a separator and one row per rule with its id, severity and example', () => {
    const rows = renderRuleTable().split('\n');

    expect(rows[0]).toBe('| id | severity | title | example | fix |');
    expect(rows).toContainEqual(expect.stringMatching(/^\| `egress-without-dns` \| error \| Egress isolation without DNS egress \| .+ \| .+ \|$/));
  });

  test('pipes inside a cell are escaped so they do not split the row', () => {
    const table = renderRuleTable([{ id: 'x', severity: 'info', title: 'a | b', explanation: '', fix: 'f', example: 'e', check: () => [] }]);

    expect(table.split('\n')[2]).toBe('| `x` | info | a \\| b | e | f |');
  });
});
