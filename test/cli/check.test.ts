import { LAB, LAB_MANIFESTS, LAB_TABLE, runCli } from './run-cli';

/** The fields FLOWS.md names, in its order; more may follow, none may go. */
const FLOW_FIELDS = ['name', 'from', 'to', 'port', 'protocol', 'expect', 'verdict', 'ok', 'egress', 'ingress', 'reasons'];
const SIDE_FIELDS = ['isolated', 'selectedBy', 'allowedBy'];

/** The FLOWS.md fields of an object, in the order the object has them. */
function contractFields(object: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([key]) => fields.includes(key)));
}

function contractFlow(flow: Record<string, any>): Record<string, unknown> {
  return {
    ...contractFields(flow, FLOW_FIELDS),
    egress: contractFields(flow.egress, SIDE_FIELDS),
    ingress: contractFields(flow.ingress, SIDE_FIELDS),
  };
}

describe('netpol check on the seed lab', () => {
  test('prints one PASS line per flow and the totals, and exits 0', async () => {
    const run = await runCli(['check', '--manifests', 'manifests.yaml', '--flows', 'flows.yaml'], { cwd: LAB });

    expect(run).toEqual({ code: 0, stdout: LAB_TABLE, stderr: '' });
  });

  test('writes the JSON of FLOWS.md: its fields, in its order, with its values', async () => {
    const run = await runCli(['check', '--manifests', 'manifests.yaml', '--flows', 'flows.yaml', '--output', 'json'], { cwd: LAB });

    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(run.stdout);
    expect(Object.keys(report)).toEqual(['flows', 'summary']);
    expect(Object.entries(report.summary)).toEqual([['total', 2], ['passed', 2], ['failed', 0]]);
    for (const flow of report.flows) {
      expect(Object.keys(contractFlow(flow))).toEqual(FLOW_FIELDS);
      expect(FLOW_FIELDS.every((field) => field in flow)).toBe(true);
      const { egress, ingress } = contractFlow(flow) as Record<string, object>;
      expect([Object.keys(egress), Object.keys(ingress)]).toEqual([SIDE_FIELDS, SIDE_FIELDS]);
    }
    // The first flow is the example of FLOWS.md, word for word.
    expect(contractFlow(report.flows[0])).toEqual({
      name: 'frontend reaches api',
      from: 'app/frontend',
      to: 'app/api',
      port: 80,
      protocol: 'TCP',
      expect: 'allow',
      verdict: 'allow',
      ok: true,
      egress: { isolated: false, selectedBy: [], allowedBy: [] },
      ingress: { isolated: true, selectedBy: ['app/allow-frontend-to-api'], allowedBy: [{ policy: 'app/allow-frontend-to-api', rule: 0 }] },
      reasons: [],
    });
    // The second echoes its ad-hoc endpoint as an object and explains the denial.
    expect(contractFlow(report.flows[1])).toEqual({
      name: 'a random client cannot reach api',
      from: { namespace: 'app', labels: { run: 'random-client' } },
      to: 'app/api',
      port: 80,
      protocol: 'TCP',
      expect: 'deny',
      verdict: 'deny',
      ok: true,
      egress: { isolated: false, selectedBy: [], allowedBy: [] },
      ingress: { isolated: true, selectedBy: ['app/allow-frontend-to-api'], allowedBy: [] },
      reasons: expect.arrayContaining([expect.stringContaining('app/allow-frontend-to-api')]),
    });
  });

  test('prints the JSON with two-space indentation and a final newline', async () => {
    const run = await runCli(['check', '--manifests', 'manifests.yaml', '--flows', 'flows.yaml', '--output', 'json'], { cwd: LAB });

    expect(run.stdout).toBe(`${JSON.stringify(JSON.parse(run.stdout), null, 2)}\n`);
  });
});

describe('netpol check when a flow is not as expected', () => {
  const args = ['check', '--manifests', LAB_MANIFESTS, '--flows', 'lab-failing-flows.yaml'];

  test('exits 1 and shows FAIL with the explanation under each failing flow', async () => {
    // GIVEN the reasons the JSON gives for the flow denied on 8080
    const json = JSON.parse((await runCli([...args, '--output', 'json'])).stdout);
    const deniedReasons: string[] = json.flows[0].reasons;
    expect(deniedReasons.length).toBeGreaterThan(0);

    // WHEN the same flows are printed as a table
    const run = await runCli(args);

    // THEN each FAIL line is followed by its explanation, indented
    expect(run).toEqual({
      code: 1,
      stderr: '',
      stdout: [
        'FAIL  frontend reaches api on 8080  expected allow, got deny',
        ...deniedReasons.map((reason) => `      ${reason}`),
        'PASS  frontend reaches api          expected allow, got allow',
        'FAIL  frontend cannot reach api     expected deny, got allow',
        '      the source is not isolated for egress; ingress allowed by app/allow-frontend-to-api rule 0',
        '3 flows: 1 passed, 2 failed',
        '',
      ].join('\n'),
    });
    expect(deniedReasons.join('\n')).toContain('app/allow-frontend-to-api');
  });

  test('exits 1 with JSON whose flows keep the order of the file, not of their names', async () => {
    const run = await runCli([...args, '--output', 'json']);

    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.flows.map((f: { name: string; ok: boolean }) => [f.name, f.ok])).toEqual([
      ['frontend reaches api on 8080', false],
      ['frontend reaches api', true],
      ['frontend cannot reach api', false],
    ]);
    expect(report.summary).toEqual({ total: 3, passed: 1, failed: 2 });
  });
});
