import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkFlows, parseFlowsDocument, resolveFlows } from '../../src/evaluator/flows';
import { KubeObject, SourcedObject } from '../../src/evaluator/kube';
import { ClusterModel } from '../../src/evaluator/model';
import { parseDocuments, parseManifests } from '../../src/manifests/parse';
import { planProbes, PROBE_MARKER, ProbeOptions, ProbePlan, renderProbeJobs } from '../../src/report/probe';
import { validateManifests } from '../../src/validation';
import { dns1123LabelErrors } from '../../src/validation/names';
import { cluster, namespace, node, pod, workload } from '../support/builders';

const PROBE = path.join(__dirname, '..', 'fixtures', 'probe');
const OPTIONS: ProbeOptions = { image: 'busybox:1.36', timeoutSeconds: 5, namespacePrefix: '' };

function fixtureObjects(): SourcedObject[] {
  return parseManifests(fs.readFileSync(path.join(PROBE, 'cluster.yaml'), 'utf8'), 'cluster.yaml');
}

function fixtureFlows(): unknown {
  return parseDocuments(fs.readFileSync(path.join(PROBE, 'flows.yaml'), 'utf8'), 'flows.yaml')[0].value;
}

/** Plans for flows (flows-file entries; expect defaults to allow) against a model. */
function plan(model: ClusterModel, flows: unknown, options: ProbeOptions = OPTIONS): ProbePlan[] {
  const document = Array.isArray(flows) ? { flows: flows.map((f) => ({ expect: 'allow', ...f })) } : flows;
  const resolved = resolveFlows(model, parseFlowsDocument(document));
  return planProbes(resolved, checkFlows(model, resolved), options);
}

describe('planning probes', () => {
  test('names each probe netpol-probe-<index>-<slug>, a DNS label of at most 63 characters', () => {
    const model = cluster([namespace('app'), pod('app/a', { labels: { app: 'a' }, ips: ['10.0.0.1'] }), pod('app/b', { ips: ['10.0.0.2'] })]);
    const long = 'The frontend (v2!) reaches the API through the mesh gateway on its admin port, always';

    const names = plan(model, [{ from: 'app/a', to: 'app/b', port: 80 }, { name: long, from: 'app/a', to: 'app/b', port: 80 }, { name: '---', from: 'app/a', to: 'app/b', port: 80 }]).map((p) => p.name);

    expect(names).toEqual(['netpol-probe-0-app-a-app-b-80-tcp', 'netpol-probe-1-the-frontend-v2-reaches-the-api-through-the-mesh', 'netpol-probe-2']);
    for (const name of names) expect(dns1123LabelErrors(name)).toEqual([]);
  });

  test('skips what one probe pod cannot do, saying why', () => {
    const model = cluster([
      namespace('app'),
      pod('app/a', { labels: { app: 'a' }, ips: ['10.0.0.1'], ports: [{ port: 3868, protocol: 'SCTP' }] }),
      workload('Deployment', 'app/unlabelled'),
      node('worker-1', ['192.168.0.5']),
    ]);

    const skipped = plan(model, [
      { from: '192.168.0.5', to: 'app/a', port: 80 },
      { from: 'app/a', to: 'app/a', port: 3868, protocol: 'SCTP' },
      { from: 'app/a', to: 'app/unlabelled', port: 80 },
      { from: 'app/a', to: { cidr: '198.51.100.0/24' }, port: 443 },
    ]).map((p) => p.skipped);

    expect(skipped).toEqual([
      'a probe pod cannot take the identity of node worker-1 (192.168.0.5): probe flows that start at a pod',
      'SCTP cannot be probed with nc; probe TCP and UDP flows only',
      'app/unlabelled (Deployment) has no labels to find its pods by, and no IP in the manifests',
      'a range of addresses (198.51.100.0/24) cannot be probed from one pod: list single addresses from it as flows',
    ]);
  });

  test('connects to a domain by its name, so that domainNames policies see it', () => {
    const model = cluster([namespace('app'), pod('app/a', { labels: { app: 'a' } })]);

    const [probe] = plan(model, [{ from: 'app/a', to: { ip: '203.0.113.9', domain: 'api.example.com' }, port: 443 }]);

    expect(probe.probe?.target).toEqual({ kind: 'address', address: 'api.example.com' });
  });
});

describe('probe Jobs', () => {
  const objects = fixtureObjects();
  const model = ClusterModel.build(objects);
  const plans = plan(model, fixtureFlows());
  const jobsYaml = renderProbeJobs(model, plans, OPTIONS);
  const jobs = parseManifests(jobsYaml, 'jobs.yaml');

  test('parse as manifests, pass the validator, and have valid names', () => {
    expect(jobs.map((j) => j.object.kind)).toEqual(Array(6).fill('Job'));
    expect(validateManifests(jobs)).toEqual([]);
    for (const { object } of jobs) expect(dns1123LabelErrors(object.metadata.name)).toEqual([]);
  });

  test('run once, with a deadline, in the source namespace with the source labels plus the probe marker', () => {
    const shapes = jobs.map(({ object }: { object: KubeObject }) => [
      object.metadata.name,
      object.metadata.namespace,
      object.spec.template.metadata.labels,
      object.spec.backoffLimit,
      object.spec.activeDeadlineSeconds,
      object.spec.template.spec.restartPolicy,
    ]);

    const frontend = { app: 'frontend', [PROBE_MARKER]: 'true' };
    expect(shapes).toEqual([
      ['netpol-probe-0-frontend-reaches-api', 'app', frontend, 0, 305, 'Never'],
      ['netpol-probe-1-frontend-reaches-the-api-service', 'app', frontend, 0, 305, 'Never'],
      ['netpol-probe-2-frontend-resolves-names', 'app', frontend, 0, 305, 'Never'],
      ['netpol-probe-3-api-reaches-the-payment-provider', 'app', { app: 'api', [PROBE_MARKER]: 'true' }, 0, 305, 'Never'],
      ['netpol-probe-4-a-random-client-cannot-reach-api', 'app', { run: 'random-client', [PROBE_MARKER]: 'true' }, 0, 305, 'Never'],
      ['netpol-probe-5-frontend-cannot-reach-api-over-udp', 'app', frontend, 0, 305, 'Never'],
    ]);
  });

  test('connect to the pod IP, the Service name and port, or the external address, and pass the expectation', () => {
    const commands = jobs.map(({ object }: { object: KubeObject }) => object.spec.template.spec.containers[0].command.slice(3));

    expect(commands).toEqual([
      ['netpol-probe', 'tcp', '10.0.1.10', '8080', '5', 'allow'],
      ['netpol-probe', 'tcp', 'api.app.svc', '80', '5', 'allow'],
      ['netpol-probe', 'dns', '10.0.0.10', '53', '5', 'allow'],
      ['netpol-probe', 'tcp', '203.0.113.5', '443', '5', 'allow'],
      ['netpol-probe', 'tcp', '10.0.1.10', '8080', '5', 'deny'],
      ['netpol-probe', 'udp', '10.0.1.10', '9999', '5', 'deny'],
    ]);
  });

  test('build into the model as workloads that the source\'s policies select, so each probe has the source\'s verdict', () => {
    // GIVEN the cluster with the probe Jobs applied
    const withJobs = ClusterModel.build([...objects, ...jobs]);

    // WHEN each flow is checked again from its probe Job instead of its source
    const probed = plans.filter((p) => jobs.some((j) => j.object.metadata.name === p.name));
    const fromJobs = probed.map((p) => ({ name: p.flow.name, from: `app/${p.name}`, to: p.flow.to, port: p.flow.port, protocol: p.flow.protocol, expect: p.flow.expect }));
    const report = checkFlows(withJobs, resolveFlows(withJobs, parseFlowsDocument({ flows: fromJobs })));

    // THEN the probe pods carry the source labels and get the verdict the manifests predict for the source
    for (const p of probed) expect(withJobs.pod(`app/${p.name}`)?.labels).toEqual({ ...p.probe!.labels, [PROBE_MARKER]: 'true' });
    expect(report.flows.map((f) => [f.name, f.verdict])).toEqual(probed.map((p) => [p.flow.name, p.flow.verdict]));
  });

  test('list the flows no Job can probe in comments at the top', () => {
    expect(jobsYaml.split('---\n')[0]).toContain([
      '# Not probed:',
      '#   flows[6] "api cannot reach frontend": app/frontend (Deployment) has no IP in the manifests, and a Job cannot look it up: use --output script, or a Service destination',
      '#   flows[7] "api reaches the whole payment range": a range of addresses (203.0.113.0/24) cannot be probed from one pod: list single addresses from it as flows',
    ].join('\n'));
  });

  test('reach a pod without IP through a Service in front of it', () => {
    const web = '{"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"app"},"spec":{"selector":{"app":"frontend"},"ports":[{"port":8000,"targetPort":"http"}]}}';
    const withService = ClusterModel.build([...objects, ...parseManifests(web, 'web.json')]);
    const viaService = plan(withService, [{ from: 'app/api-0', to: 'app/frontend', port: 80, expect: 'deny' }]);

    const [job] = parseManifests(renderProbeJobs(withService, viaService, OPTIONS), 'jobs.yaml');

    expect(job.object.spec.template.spec.containers[0].command.slice(5, 7)).toEqual(['web.app.svc', '8000']);
  });

  test('take the namespace prefix in their namespace and in Service names', () => {
    const prefixed = { ...OPTIONS, namespacePrefix: 'pr-7-' };
    const prefixedJobs = parseManifests(renderProbeJobs(model, plan(model, fixtureFlows(), prefixed), prefixed), 'jobs.yaml');

    expect(new Set(prefixedJobs.map((j) => j.object.metadata.namespace))).toEqual(new Set(['pr-7-app']));
    expect(prefixedJobs[1].object.spec.template.spec.containers[0].command[5]).toBe('api.pr-7-app.svc');
  });
});
