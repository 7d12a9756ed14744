import * as fs from 'node:fs';
import * as path from 'node:path';
import { expectNoStackTrace, runCli, temporaryDirectory } from './run-cli';

const NAMESPACES = 200;
const POLICIES_PER_NAMESPACE = 3;
const TARGET_BYTES = 50 * 1024 * 1024;

/**
 * Document i of a generated cluster, shaped like a real one: the Namespaces, a few
 * NetworkPolicies in each, then Pods, Services and ConfigMaps round the namespaces.
 */
function generatedDocument(i: number): string {
  const ns = `ns-${i % NAMESPACES}`;
  if (i < NAMESPACES) return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  labels:\n    team: t${i % 7}\n`;
  if (i < NAMESPACES * (1 + POLICIES_PER_NAMESPACE)) {
    return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np-${i}\n  namespace: ${ns}\n`
      + `spec:\n  podSelector:\n    matchLabels:\n      app: app-${i % 5}\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              team: t${i % 7}\n`
      + '          podSelector:\n            matchExpressions:\n              - {key: tier, operator: In, values: [web, api]}\n      ports:\n        - port: 8080\n          endPort: 8090\n';
  }
  // Long annotations and data, as real objects carry (last-applied-configuration, scripts), make the bytes.
  const filler = 'x'.repeat(600);
  switch (i % 4) {
    case 0: return `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\n  namespace: ${ns}\nspec:\n  selector:\n    app: app-${i % 5}\n  ports:\n    - port: 80\n      targetPort: http\n`;
    case 1: return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n  namespace: ${ns}\ndata:\n  script: |\n    echo ${filler}\n    echo ${filler}\n`;
    default: return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-${i}\n  namespace: ${ns}\n  labels:\n    app: app-${i % 5}\n    tier: ${i % 2 ? 'web' : 'api'}\n`
      + `  annotations:\n    note: "${filler}"\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      ports:\n        - name: http\n          containerPort: 8080\n`
      + `status:\n  podIP: 10.${Math.floor(i / 65536) % 256}.${Math.floor(i / 256) % 256}.${i % 256}\n`;
  }
}

/** Writes documents until the file holds at least `bytes`; returns how many it wrote. */
function writeGeneratedCluster(file: string, bytes: number): number {
  const fd = fs.openSync(file, 'w');
  let written = 0;
  let count = 0;
  try {
    while (written < bytes) {
      const text = `${count === 0 ? '' : '---\n'}${generatedDocument(count)}`;
      fs.writeSync(fd, text);
      written += Buffer.byteLength(text);
      count++;
    }
  } finally {
    fs.closeSync(fd);
  }
  return count;
}

describe('a 50 MB manifest set', () => {
  test('is read and checked to the end (tens of thousands of documents)', async () => {
    // GIVEN a generated cluster of 50 MB; ns-2's policies admit pods of team t6's namespaces (ns-6) on 8080-8090
    const dir = temporaryDirectory();
    const documents = writeGeneratedCluster(path.join(dir, 'cluster.yaml'), TARGET_BYTES);
    expect(documents).toBeGreaterThan(10_000);
    expect(fs.statSync(path.join(dir, 'cluster.yaml')).size).toBeGreaterThanOrEqual(TARGET_BYTES);
    fs.writeFileSync(path.join(dir, 'flows.yaml'), [
      'flows:',
      '  - {name: team t6 reaches app-2, from: ns-6/pod-1006, to: ns-2/pod-1002, port: 8080, expect: allow}',
      '  - {name: outside the port range, from: ns-6/pod-1006, to: ns-2/pod-1002, port: 9000, expect: deny}',
      '  - {name: team t2 is not admitted, from: ns-2/pod-1202, to: ns-2/pod-1002, port: 8080, expect: deny}',
      '',
    ].join('\n'));

    // WHEN it is checked
    const run = await runCli(['check', '--manifests', 'cluster.yaml', '--flows', 'flows.yaml'], { cwd: dir });

    // THEN it completes with a verdict for every flow
    expectNoStackTrace(run.stderr);
    expect({ code: run.code, summary: run.stdout.trimEnd().split('\n').pop() }).toEqual({ code: 0, summary: '3 flows: 3 passed, 0 failed' });
  }, 300_000);
});
