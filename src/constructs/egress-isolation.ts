import { IConstruct } from 'constructs';

/*
 * Which namespaces a DefaultDenyNamespace in this app isolates for egress, so patterns that add
 * egress rules only where egress is isolated (TierBoundary, AllowSameNamespace) can tell.
 * Kept on the construct tree's root under a global symbol, so copies of this package agree.
 */

const REGISTRY = Symbol.for('cdk8s-netpol.egressIsolatedNamespaces');

type Registry = Map<string, string>;

function registry(scope: IConstruct): Registry {
  const root = scope.node.root as unknown as { [REGISTRY]?: Registry };
  if (!root[REGISTRY]) Object.defineProperty(root, REGISTRY, { value: new Map(), enumerable: false });
  return root[REGISTRY]!;
}

/** Records that `by` (a construct path) isolates `namespace` for egress. */
export function registerEgressIsolation(scope: IConstruct, namespace: string): void {
  const known = registry(scope);
  if (!known.has(namespace)) known.set(namespace, scope.node.path);
}

/** The path of the construct that isolates `namespace` for egress, if any does yet. */
export function egressIsolatedBy(scope: IConstruct, namespace: string): string | undefined {
  return registry(scope).get(namespace);
}

/**
 * For a pattern that decided, when it was made, to add no egress for `namespaces()`: fails synth
 * if one of them was isolated for egress later, which would leave the pattern's flows blocked.
 */
export function failIfIsolatedLater(scope: IConstruct, namespaces: () => string[], fix: string): void {
  scope.node.addValidation({
    validate: () => namespaces()
      .map((namespace) => ({ namespace, by: egressIsolatedBy(scope, namespace) }))
      .filter(({ by }) => by !== undefined)
      .map(({ namespace, by }) => `namespace ${namespace} is isolated for egress by ${by}, which was made after this construct, so it added no egress rules there; ${fix}`),
  });
}
