import { addInvalid, namespaceNameErrors } from './kube-names';
import { LabelSelector } from './label-selector';
import { ProblemCollector } from '../evaluator/errors';
import { NAMESPACE_NAME_LABEL } from '../evaluator/kube';

/**
 * The pods a ClusterNetworkPolicy applies to (its `subject`): every pod of some namespaces, or
 * the pods matching a selector in some namespaces. Host-network pods are never subjects.
 */
export class ClusterSubject {
  /** Every pod of every namespace (`namespaces: {}`). */
  public static allNamespaces(): ClusterSubject {
    return ClusterSubject.namespaces(LabelSelector.all());
  }

  /** Every pod of the namespaces matching `selector`. */
  public static namespaces(selector: LabelSelector): ClusterSubject {
    return new ClusterSubject(`every pod of namespaces ${selector}`, () => ({ namespaces: selector._toKube() }));
  }

  /** Every pod of the namespace named `name` (by its `kubernetes.io/metadata.name` label). */
  public static namespace(name: string): ClusterSubject {
    const problems = new ProblemCollector();
    addInvalid(problems, 'ClusterSubject.namespace', 'namespace', name, namespaceNameErrors(name));
    problems.throwIfAny();
    return new ClusterSubject(`every pod of namespace ${name}`, () => ({ namespaces: { matchLabels: { [NAMESPACE_NAME_LABEL]: name } } }));
  }

  /** The pods matching `pods` in the namespaces matching `namespaces`. */
  public static pods(namespaces: LabelSelector, pods: LabelSelector): ClusterSubject {
    return new ClusterSubject(`pods ${pods} in namespaces ${namespaces}`, () => ({ pods: { namespaceSelector: namespaces._toKube(), podSelector: pods._toKube() } }));
  }

  private constructor(private readonly description: string, private readonly render: () => Record<string, unknown>) {}

  /** `every pod of namespace payments`, `pods {app=api} in namespaces {}`. */
  public toString(): string {
    return this.description;
  }

  /** The `spec.subject` object. @internal */
  public _toKube(): Record<string, unknown> {
    return this.render();
  }
}
