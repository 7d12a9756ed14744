import { Finding, renderLintJson, renderLintSarif, renderLintTable } from '../../src/lint';
import { formatFindingLine } from '../../src/lint/report/table';
import { ALL_RULES } from '../../src/lint/rules';

const error: Finding = {
  ruleId: 'egress-without-dns',
  severity: 'error',
  object: 'NetworkPolicy app/deny-egress',
  source: 'deploy/app policies.yaml (document 3, line 40)',
  field: 'spec.policyTypes',
  message: 'isolates egress of app/api, and no policy lets them reach DNS',
  fix: 'allow DNS',
};
const suppressedWarning: Finding = {
  ruleId: 'hidden-allow-all',
  severity: 'warning',
  object: 'NetworkPolicy app/api',
  source: 'cluster.yaml (document 1, line 1, item 7)',
  field: 'spec.ingress[1]',
  message: 'spec.ingress[1] allows all ingress',
  fix: 'delete it',
  suppressed: { reason: 'open during the migration', by: 'annotation' },
};
const info: Finding = { ruleId: 'namespace-without-policy', severity: 'info', object: 'Namespace shop', message: 'no policy', fix: 'add one' };
const optionSuppressed: Finding = { ...info, suppressed: { reason: 'sandbox, open on purpose', by: 'option' } };

describe('table report', () => {
  test('shows each active finding with severity, rule, object, field, source, message and fix, then the suppressed ones and totals', () => {
    expect(renderLintTable([error, suppressedWarning, info])).toBe([
      'ERROR    egress-without-dns        NetworkPolicy app/deny-egress  spec.policyTypes  (deploy/app policies.yaml (document 3, line 40))',
      '  isolates egress of app/api, and no policy lets them reach DNS',
      '  fix: allow DNS',
      '',
      'INFO     namespace-without-policy  Namespace shop',
      '  no policy',
      '  fix: add one',
      '',
      'suppressed:',
      '  hidden-allow-all  NetworkPolicy app/api  (by annotation: open during the migration)',
      '',
      '1 error, 0 warnings, 1 info; 1 suppressed',
      '',
    ].join('\n'));
  });

  test('says so when there is nothing to report', () => {
    expect(renderLintTable([])).toBe('no findings (0 errors, 0 warnings, 0 info; 0 suppressed)\n');
  });

  test('one-line form for stderr names where, what and the fix', () => {
    expect(formatFindingLine(error)).toBe('deploy/app policies.yaml (document 3, line 40): NetworkPolicy app/deny-egress: spec.policyTypes: isolates egress of app/api, and no policy lets them reach DNS [egress-without-dns] (fix: allow DNS)');
  });
});

describe('JSON report', () => {
  test('holds every finding, suppressed ones with their suppression, and the totals', () => {
    const report = JSON.parse(renderLintJson([error, suppressedWarning]));

    expect(report).toEqual({ findings: [error, suppressedWarning], summary: { errors: 1, warnings: 0, info: 0, suppressed: 1 } });
  });
});

describe('SARIF report', () => {
  const sarif = JSON.parse(renderLintSarif([error, suppressedWarning, optionSuppressed, { ...info, ruleId: 'invalid-suppression', severity: 'error' }]));
  const [run] = sarif.runs;
  const rules: Array<{ id: string }> = run.tool.driver.rules;

  test('is a SARIF 2.1.0 log with one run of the netpol tool', () => {
    expect(sarif).toEqual(expect.objectContaining({ $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0' }));
    expect(sarif.runs).toHaveLength(1);
    expect(run.tool.driver.name).toBe('netpol');
  });

  test('describes every rule (and invalid-suppression) with short and full descriptions, help and default level', () => {
    expect(rules.map((r) => r.id)).toEqual([...ALL_RULES.map((r) => r.id), 'invalid-suppression']);
    const dns = ALL_RULES.find((r) => r.id === 'egress-without-dns')!;
    expect(rules.find((r) => r.id === 'egress-without-dns')).toEqual({
      id: 'egress-without-dns',
      name: 'egress-without-dns',
      shortDescription: { text: dns.title },
      fullDescription: { text: dns.explanation },
      help: { text: expect.stringContaining(`Fix: ${dns.fix}`), markdown: expect.stringContaining(`**Fix:** ${dns.fix}`) },
      defaultConfiguration: { level: 'error' },
    });
  });

  test('a result carries its rule id and index, level, message with the fix, file uri and start line', () => {
    const [result] = run.results;

    expect(result).toEqual({
      ruleId: 'egress-without-dns',
      ruleIndex: rules.findIndex((r) => r.id === 'egress-without-dns'),
      level: 'error',
      message: { text: 'NetworkPolicy app/deny-egress: spec.policyTypes: isolates egress of app/api, and no policy lets them reach DNS\nFix: allow DNS' },
      locations: [{
        physicalLocation: { artifactLocation: { uri: 'deploy/app%20policies.yaml' }, region: { startLine: 40 } },
        logicalLocations: [{ name: 'NetworkPolicy app/deny-egress', fullyQualifiedName: 'NetworkPolicy app/deny-egress/spec.policyTypes', kind: 'resource' }],
      }],
      properties: { field: 'spec.policyTypes' },
    });
  });

  test('a suppressed result carries the suppression: in source for an annotation, external for an option, with the justification', () => {
    expect(run.results[1].suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: 'open during the migration' }]);
    expect(run.results[2].suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'sandbox, open on purpose' }]);
    expect(run.results[0]).not.toHaveProperty('suppressions');
  });

  test('an item of a List keeps its file but no line, and a finding without a source has only a logical location', () => {
    expect(run.results[1].locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'cluster.yaml' } });
    expect(run.results[2].locations[0]).toEqual({ logicalLocations: [{ name: 'Namespace shop', fullyQualifiedName: 'Namespace shop', kind: 'resource' }] });
  });

  test('levels map error, warning and info to error, warning and note; invalid-suppression has a descriptor', () => {
    expect(run.results.map((r: { level: string }) => r.level)).toEqual(['error', 'warning', 'note', 'error']);
    expect(run.results[3].ruleIndex).toBe(rules.length - 1);
  });

  test('absolute paths become file URIs', () => {
    const [result] = JSON.parse(renderLintSarif([{ ...error, source: '/srv/repo/k8s/app.yaml (document 1, line 1)' }])).runs[0].results;

    expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('file:///srv/repo/k8s/app.yaml');
  });
});
