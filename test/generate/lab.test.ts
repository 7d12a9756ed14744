import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { policyIds } from './support';
import { evaluateFlow } from '../../src/evaluator/evaluate';
import { parseFlowsDocument, resolveFlows } from '../../src/evaluator/flows';
import { ClusterModel } from '../../src/evaluator/model';
import { generatePolicies } from '../../src/generate';
import { activeFindings, runLint } from '../../src/lint';
import { parseManifests } from '../../src/manifests/parse';
import { UPSTREAM_PROFILE } from '../../src/profile/platform-profile';
import { validateManifests } from '../../src/validation';
import { runCli } from '../cli/run-cli';

/** The README example: the seed lab before any policy, its flows, and the policies `netpol generate --scope app` writes. */
const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'generate');
const read = (file: string) => fs.readFileSync(path.join(EXAMPLE, file), 'utf8');

describe('the seed lab, generated with scope app (the README example)', () => {
  test('netpol generate writes exactly the example\'s policies.yaml and says what it proved', async () => {
    const run = await runCli(['generate', '--manifests', 'manifests.yaml', '--flows', 'flows.yaml', '--scope', 'app'], { cwd: EXAMPLE });

    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 0, stdout: read('policies.yaml') });
    expect(run.stderr).toBe([
      'generated 6 NetworkPolicies for namespace app',
      'proven: 12 of 12 flows as expected; nothing beyond them allowed at 2 scoped pods over 5 ports and 3 external address blocks',
      '',
    ].join('\n'));
  });

  test('netpol check proves the generated policies against the same flows file, neighbours included', async () => {
    const run = await runCli(['check', '--manifests', 'manifests.yaml', 'policies.yaml', '--flows', 'flows.yaml'], { cwd: EXAMPLE });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('12 flows: 12 passed, 0 failed');
    for (const neighbour of ['a random client cannot reach api', 'frontend cannot reach the metrics port', 'a frontend in another namespace cannot reach api',
      'api cannot call the frontend', 'frontend cannot reach the payment provider', 'api never reaches the retired host']) {
      expect(run.stdout).toMatch(new RegExp(`PASS  ${neighbour} +expected deny, got deny`));
    }
  });

  test('the policies pass the validator and leave lint without errors', () => {
    const objects = [...parseManifests(read('manifests.yaml'), 'manifests.yaml'), ...parseManifests(read('policies.yaml'), 'policies.yaml')];

    expect(validateManifests(objects)).toEqual([]);
    const errors = activeFindings(runLint(ClusterModel.build(objects), { profile: UPSTREAM_PROFILE })).filter((f) => f.severity === 'error');
    expect(errors).toEqual([]);
  });

  test('writes default-deny, allow-dns and one policy per side of each pair, named after the flow', () => {
    const result = generatePolicies(parseManifests(read('manifests.yaml'), 'manifests.yaml'), parseFlowsDocument(yaml.load(read('flows.yaml'))), { scope: ['app'] });

    expect(policyIds(result)).toEqual([
      'app/allow-api-egress-203-0-113-0-24',
      'app/allow-dns',
      'app/allow-frontend-egress-api',
      'app/allow-frontend-to-api',
      'app/allow-monitoring-prometheus-agent-to-api',
      'app/default-deny',
    ]);
  });

  test('the DNS flows of the list are served by allow-dns, which names them, on UDP and TCP', () => {
    const policies = parseManifests(read('policies.yaml'), 'policies.yaml').map((o) => o.object);
    const allowDns = policies.find((p) => p.metadata.name === 'allow-dns')!;

    expect(allowDns.spec.egress[0].ports).toEqual([{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }]);
    expect(allowDns.metadata.annotations['netpol.cdk8s.io/rule.egress.0']).toBe(
      'DNS lookups to pods {k8s-app=kube-dns} in kube-system on UDP 53, TCP 53; serves flows "api resolves names", "frontend resolves names over TCP"');
  });

  test('denies neighbours the flows file does not name: another port of the payment provider, the metrics port from frontend, a pod of app labelled like the scraper', () => {
    // GIVEN the manifests with the generated policies
    const model = ClusterModel.build([...parseManifests(read('manifests.yaml'), 'manifests.yaml'), ...parseManifests(read('policies.yaml'), 'policies.yaml')]);
    const neighbours = parseFlowsDocument({
      flows: [
        { name: 'api to the payment provider on 80', from: 'app/api', to: '203.0.113.5', port: 80, expect: 'deny' },
        { name: 'frontend scrapes api', from: 'app/frontend', to: 'app/api', port: 8080, expect: 'deny' },
        { name: 'prometheus-agent as a random pod of app', from: { namespace: 'app', labels: { app: 'prometheus-agent' } }, to: 'app/api', port: 8080, expect: 'deny' },
      ],
    });
    // WHEN each is evaluated, THEN each is denied
    for (const flow of resolveFlows(model, neighbours)) {
      const [target] = flow.targets;
      expect([flow.spec.name, evaluateFlow(model, { from: flow.from, to: target.to, port: target.port, protocol: flow.spec.protocol }).verdict]).toEqual([flow.spec.name, 'deny']);
    }
  });
});
