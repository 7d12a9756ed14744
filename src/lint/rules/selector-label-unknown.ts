import { NAMESPACE_NAME_LABEL } from '../../evaluator/kube';
import { ClusterModel } from '../../evaluator/model';
import { CompiledPolicy } from '../../evaluator/policy';
import { CompiledSelector } from '../../evaluator/selector';
import { closest } from '../../evaluator/text';
import { LintContext, LintRule, RuleHit } from '../rule';
import { CarriedLabels, carriedLabels, closestLabel, hasPodsIn, peerEntries, peerNamespaces, valuesOf } from './support/selection';

/** A selector label `key=value` that no pod (or namespace) in the manifests carries: likely a typo. */
export const selectorLabelUnknown: LintRule = {
  id: 'selector-label-unknown',
  severity: 'warning',
  title: 'Selector label that nothing carries',
  explanation: 'A podSelector or namespaceSelector that requires a label nothing carries matches nothing: the policy silently isolates nothing, or its rule allows nothing. A typo in a label key or value is the usual cause.',
  fix: 'Correct the label to one the pods or namespaces carry, or label them.',
  example: '`podSelector: {matchLabels: {app: frontnd}}` when the pods carry app=frontend',
  check({ model }: LintContext): RuleHit[] {
    const podLabels = carriedLabels(model.pods);
    const declared = model.namespaces.filter((ns) => ns.declared);
    const namespaceLabels = declared.length > 0 ? carriedLabels(declared) : undefined;
    return model.policies.flatMap((policy) => selectorsOf(model, policy).flatMap(({ field, selector, of }) =>
      selector.requiredPairs.flatMap(([key, value]) => {
        const hit = of === 'pods' ? unknownPodLabel(podLabels, key, value) : unknownNamespaceLabel(model, namespaceLabels, key, value);
        return hit ? [{ policy, field, info: `${field.split('.').pop()} requires ${key}=${value}, which ${hit.info}`, fix: hit.fix }] : [];
      })));
  },
};

interface SelectorAt {
  readonly field: string;
  readonly selector: CompiledSelector;
  readonly of: 'pods' | 'namespaces';
}

/**
 * The selectors of a policy worth judging: a podSelector only where the manifests hold pods of the
 * namespaces it looks into (the DNS pods of an undeclared kube-system are simply not in them).
 */
function selectorsOf(model: ClusterModel, policy: CompiledPolicy): SelectorAt[] {
  const selectors: SelectorAt[] = [];
  if (model.podsInNamespace(policy.namespace).length > 0) selectors.push({ field: 'spec.podSelector', selector: policy.subject, of: 'pods' });
  for (const { peer, field } of peerEntries(policy)) {
    if (peer.kind !== 'selector') continue;
    if (peer.namespaceSelector) selectors.push({ field: `${field}.namespaceSelector`, selector: peer.namespaceSelector, of: 'namespaces' });
    if (peer.podSelector && hasPodsIn(model, peerNamespaces(model, peer))) {
      selectors.push({ field: `${field}.podSelector`, selector: peer.podSelector, of: 'pods' });
    }
  }
  return selectors;
}

/** Why a required label is a likely typo, and the fix; undefined when it is not. */
type Miss = { info: string; fix: string } | undefined;

function unknownPodLabel(carried: CarriedLabels, key: string, value: string): Miss {
  return carried.has(key, value) ? undefined : explain('no pod in the manifests carries', key, value, carried.pairs);
}

/** `carried` is undefined when no namespace is declared: then only namespace names can be judged. */
function unknownNamespaceLabel(model: ClusterModel, carried: CarriedLabels | undefined, key: string, value: string): Miss {
  if (key === NAMESPACE_NAME_LABEL) {
    // A namespace that is not in the manifests may well exist; only a near-miss is a likely typo.
    if (model.hasNamespace(value)) return undefined;
    const guess = closest(value, model.namespaces.map((ns) => ns.name));
    return guess ? { info: `names no namespace in the manifests (did you mean ${guess}?)`, fix: `change ${key}=${value} to ${key}=${guess}` } : undefined;
  }
  if (!carried || carried.has(key, value)) return undefined;
  return explain('no namespace in the manifests carries', key, value, carried.pairs);
}

function explain(what: string, key: string, value: string, carried: readonly string[]): NonNullable<Miss> {
  const guess = closestLabel(key, value, carried);
  const values = valuesOf(key, carried);
  const hint = guess ? ` (did you mean ${guess}?)` : values.length > 0 ? ` (${key} has the values ${values.join(', ')})` : '';
  return {
    info: `${what}${hint}: the selector matches nothing`,
    fix: guess ? `change ${key}=${value} to ${guess}` : `correct the label, or label the intended objects with ${key}=${value}`,
  };
}
