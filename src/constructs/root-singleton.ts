import { IConstruct } from 'constructs';

/** The app-wide construct of a kind, which lives at the root of the construct tree, if made yet. */
export function rootSingleton<T>(scope: IConstruct, isKind: (x: any) => x is T): T | undefined {
  return scope.node.root.node.children.find(isKind) as T | undefined;
}
