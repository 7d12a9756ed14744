import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { KubeObject, NAMESPACE_NAME_LABEL, SourcedObject } from '../../src/evaluator/kube';

interface CasePod {
  readonly namespace: string;
  readonly name: string;
  readonly labels?: Record<string, string>;
  readonly ip?: string;
  readonly hostNetwork?: boolean;
  readonly ports?: Array<{ name?: string; port: number; protocol?: string }>;
}

/** A conformance case as in ../shared/conformance (FLOWS.md "Conformance cases"). */
export interface ConformanceCase {
  readonly file: string;
  readonly name: string;
  readonly namespaces?: Record<string, Record<string, string> | null>;
  readonly pods?: CasePod[];
  readonly externals?: Array<{ name: string; ip: string }>;
  readonly nodes?: Array<{ name: string; addresses: string[] }>;
  readonly services?: KubeObject[];
  readonly workloads?: KubeObject[];
  readonly policies?: KubeObject[];
  readonly flows: Array<{ from: string | Record<string, unknown>; to: string | Record<string, unknown>; port: number | string; protocol?: string; expect?: 'allow' | 'deny' | 'partial'; undefined?: boolean }>;
}

export function loadCases(dir: string): ConformanceCase[] {
  return fs.readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((file) => ({ file, ...(yaml.load(fs.readFileSync(path.join(dir, file), 'utf8')) as object) }) as ConformanceCase);
}

/** The case as manifests, exactly as contract-check.mjs builds them. */
export function caseManifests(c: ConformanceCase): SourcedObject[] {
  const docs: KubeObject[] = [];
  for (const [name, labels] of Object.entries(c.namespaces ?? {})) {
    docs.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { ...(labels ?? {}), [NAMESPACE_NAME_LABEL]: name } } });
  }
  for (const p of c.pods ?? []) {
    const ports = (p.ports ?? []).map((cp) => ({ ...(cp.name !== undefined ? { name: cp.name } : {}), containerPort: cp.port, protocol: cp.protocol ?? 'TCP' }));
    docs.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: p.name, namespace: p.namespace, labels: { ...(p.labels ?? {}) } },
      spec: { containers: [{ name: 'main', image: 'registry.k8s.io/pause:3.9', ...(ports.length ? { ports } : {}) }], ...(p.hostNetwork ? { hostNetwork: true } : {}) },
      ...(p.ip !== undefined ? { status: { podIP: String(p.ip), podIPs: [{ ip: String(p.ip) }] } } : {}),
    });
  }
  for (const n of c.nodes ?? []) {
    docs.push({ apiVersion: 'v1', kind: 'Node', metadata: { name: n.name }, status: { addresses: n.addresses.map((address) => ({ type: 'InternalIP', address })) } });
  }
  docs.push(...(c.services ?? []), ...(c.workloads ?? []), ...(c.policies ?? []));
  return docs.map((object, i) => ({ object, source: `${c.file} (object ${i + 1})` }));
}

/** A flow endpoint as the flows file writes it: `ns/pod` stays, an external's name becomes its IP. */
export function caseEndpoint(c: ConformanceCase, ref: string | Record<string, unknown>): string | Record<string, unknown> {
  if (typeof ref !== 'string' || ref.includes('/')) return ref;
  const external = (c.externals ?? []).find((e) => e.name === ref);
  return external ? String(external.ip) : ref;
}
