import { FlowEnds } from './ends';
import { InputError } from '../evaluator/errors';
import { ClusterModel } from '../evaluator/model';
import { closest, compareStrings } from '../evaluator/text';

/**
 * The namespaces whose pods the generated policies isolate. Given: each must hold something of the
 * manifests. Default: every namespace in which a flow starts or ends at a pod or workload of the
 * manifests (or a Service's backends). A pod that is not in the manifests (`{namespace, labels}`)
 * does not pull its namespace in: isolating a namespace whose pods nobody listed would cut them off.
 */
export function resolveScope(model: ClusterModel, ends: readonly FlowEnds[], requested?: readonly string[]): string[] {
  if (requested !== undefined) {
    const known = model.namespaces.map((ns) => ns.name);
    const unknown = requested.filter((name) => !model.hasNamespace(name));
    if (unknown.length > 0) {
      throw new InputError(unknown.map((name) => {
        const guess = closest(name, known);
        return {
          code: 'unknown-namespace',
          field: 'scope',
          message: `Invalid value: ${JSON.stringify(name)}: no object of the manifests is in this namespace`,
          hint: guess ? `did you mean "${guess}"?` : `the manifests' namespaces are ${known.join(', ')}`,
        };
      }));
    }
    return [...new Set(requested)].sort(compareStrings);
  }
  const named = new Set<string>();
  for (const { source, destination } of ends) {
    for (const end of [source, destination]) {
      if (end.kind !== 'block' && end.inManifests) named.add(end.namespace);
    }
  }
  return [...named].sort(compareStrings);
}
