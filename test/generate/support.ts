import { parseFlowsDocument } from '../../src/evaluator/flows';
import { KubeObject } from '../../src/evaluator/kube';
import { FlowConflict, generatePolicies, GenerateOptions, GenerateResult, UnsatisfiableFlowsError } from '../../src/generate';

/** A flows-file entry; `expect` defaults to allow. */
export type FlowEntry = Record<string, unknown>;

/** `generatePolicies` on plain objects and flows-file entries, as `netpol generate` runs it. */
export function generate(objects: readonly KubeObject[], flows: readonly FlowEntry[], options: GenerateOptions = {}): GenerateResult {
  const sourced = objects.map((object, i) => ({ object, source: `test object ${i + 1}` }));
  return generatePolicies(sourced, parseFlowsDocument({ flows: flows.map((f) => ({ expect: 'allow', ...f })) }), options);
}

/** The conflicts `generate` reports (fails the test when the flows were satisfiable). */
export function conflictsOf(objects: readonly KubeObject[], flows: readonly FlowEntry[], options: GenerateOptions = {}): FlowConflict[] {
  try {
    generate(objects, flows, options);
  } catch (error) {
    if (error instanceof UnsatisfiableFlowsError) return error.conflicts;
    throw error;
  }
  throw new Error('expected UnsatisfiableFlowsError, but the policies were generated');
}

/** The generated policy `ns/name` (fails the test when there is none). */
export function policyNamed(result: GenerateResult, id: string): KubeObject {
  const found = result.policies.find((p) => `${p.metadata.namespace}/${p.metadata.name}` === id);
  if (!found) throw new Error(`no generated policy ${id}; generated: ${result.policies.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).join(', ')}`);
  return found;
}

/** `ns/name` of every generated policy, in output order. */
export function policyIds(result: GenerateResult): string[] {
  return result.policies.map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
}
