import { Finding, LintRule, Severity } from '../rule';
import { ALL_RULES } from '../rules';

/** What a SARIF rule descriptor needs: the lint rules, plus the finding the runner makes of a bad suppression. */
type RuleMetadata = Pick<LintRule, 'id' | 'severity' | 'title' | 'explanation' | 'fix' | 'example'>;

/** The runner's own rule: a suppression without a reason, or for a rule that does not exist. */
export const INVALID_SUPPRESSION_RULE: RuleMetadata = {
  id: 'invalid-suppression',
  severity: 'error',
  title: 'Suppression without a reason, or of an unknown rule',
  explanation: 'A suppression must say why the finding does not apply (at least 10 characters), so that the next reviewer can judge it, and must name an existing rule id.',
  fix: 'Write the reason in the annotation value (netpol.cdk8s.io/suppress.<rule-id>: "<reason>"), and check the rule id.',
  example: '`netpol.cdk8s.io/suppress.egress-without-dns: "ok"`',
};

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * SARIF 2.1.0 for code-scanning UIs: one run of the `netpol` tool with a descriptor per rule,
 * one result per finding (suppressed findings carry their suppression and its justification).
 */
export function renderLintSarif(findings: readonly Finding[], rules: readonly LintRule[] = ALL_RULES): string {
  const metadata: RuleMetadata[] = [...rules, INVALID_SUPPRESSION_RULE];
  const ruleIndex = new Map(metadata.map((rule, i) => [rule.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'netpol', rules: metadata.map(ruleDescriptor) } },
      results: findings.map((finding) => sarifResult(finding, ruleIndex.get(finding.ruleId))),
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function ruleDescriptor(rule: RuleMetadata) {
  return {
    id: rule.id,
    name: rule.id,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.explanation },
    help: {
      text: `${rule.explanation}\n\nFix: ${rule.fix}\n\nExample: ${rule.example}`,
      markdown: `${rule.explanation}\n\n**Fix:** ${rule.fix}\n\n**Example:** ${rule.example}`,
    },
    defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
  };
}

function sarifResult(finding: Finding, index: number | undefined) {
  const physicalLocation = finding.source ? physicalLocationOf(finding.source) : undefined;
  return {
    ruleId: finding.ruleId,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: SARIF_LEVEL[finding.severity],
    message: { text: `${finding.object}${finding.field ? `: ${finding.field}` : ''}: ${finding.message}\nFix: ${finding.fix}` },
    locations: [{
      ...(physicalLocation ? { physicalLocation } : {}),
      logicalLocations: [{ name: finding.object, fullyQualifiedName: finding.field ? `${finding.object}/${finding.field}` : finding.object, kind: 'resource' }],
    }],
    ...(finding.field ? { properties: { field: finding.field } } : {}),
    ...(finding.suppressed ? {
      suppressions: [{ kind: finding.suppressed.by === 'annotation' ? 'inSource' : 'external', status: 'accepted', justification: finding.suppressed.reason }],
    } : {}),
  };
}

/** `deploy/app.yaml (document 3, line 40)` -> the file and its line; items of a List have no line of their own. */
const MANIFEST_SOURCE = /^(.+) \(document \d+, line (\d+)((?:, item \d+)*)\)$/;

function physicalLocationOf(source: string) {
  const match = MANIFEST_SOURCE.exec(source);
  if (!match || match[1] === '<stdin>') return undefined;
  const [, file, line, items] = match;
  return {
    artifactLocation: { uri: fileUri(file) },
    ...(items === '' ? { region: { startLine: Number(line) } } : {}),
  };
}

/** A relative path stays relative (code scanning resolves it against the repository root); an absolute one becomes file://. */
function fileUri(file: string): string {
  const slashed = file.replace(/\\/g, '/');
  const encoded = encodeURI(slashed).replace(/#/g, '%23').replace(/\?/g, '%3F');
  if (/^[A-Za-z]:\//.test(slashed)) return `file:///${encoded}`;
  if (slashed.startsWith('/')) return `file://${encoded}`;
  return encoded.replace(/^\.\//, '');
}
