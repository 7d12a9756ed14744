import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_RULES, LintRule } from '../../src/lint';

const RULES_DIR = path.join(__dirname, '../../src/lint/rules');
const TEST_DIR = path.join(__dirname, '..');
const ruleFiles = fs.readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts') && f !== 'index.ts').sort();

/** The text of every test file under test/, wherever a rule's tests live. */
const testSources = (fs.readdirSync(TEST_DIR, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => fs.readFileSync(path.join(TEST_DIR, f), 'utf8'));

function isRule(value: unknown): value is LintRule {
  return typeof value === 'object' && value !== null && typeof (value as LintRule).id === 'string' && typeof (value as LintRule).check === 'function';
}

describe('lint rule registry', () => {
  test.each(ruleFiles)('%s exports one rule whose id is its file name, and the registry holds it', (file) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const rules = Object.values(require(path.join(RULES_DIR, file)) as object).filter(isRule);

    expect(rules.map((r) => r.id)).toEqual([path.basename(file, '.ts')]);
    expect(ALL_RULES).toContain(rules[0]);
  });

  test('the registry holds exactly the rule files, in id order', () => {
    expect(ALL_RULES.map((r) => `${r.id}.ts`)).toEqual(ruleFiles);
  });

  test.each(ALL_RULES.map((r) => [r.id, r] as const))('%s has a kebab-case id, a title, an explanation, a fix, an example, and a test that names it', (id, rule) => {
    expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    for (const text of [rule.title, rule.explanation, rule.fix, rule.example]) expect(text.trim().length).toBeGreaterThan(10);
    expect(testSources.some((source) => source.includes(`rules/${id}'`) || source.includes(`'${id}'`))).toBe(true);
  });
});
