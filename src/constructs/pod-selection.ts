import { k8s } from 'cdk8s-plus-27';
import { LabelSelector } from './label-selector';
import { describePodSource, IPodSource, podSourceSelector } from './pod-source';

/**
 * The pods a policy applies to (its `podSelector`), always in the policy's own namespace.
 */
export class PodSelection {
  /** Every pod of the namespace (`podSelector: {}`). */
  public static all(): PodSelection {
    return new PodSelection('every pod', () => LabelSelector.all());
  }

  /** The pods that carry all of these labels. */
  public static labels(labels: { [key: string]: string }): PodSelection {
    return PodSelection.matching(LabelSelector.of({ labels }));
  }

  /** The pods matching `selector`. */
  public static matching(selector: LabelSelector): PodSelection {
    return new PodSelection(`pods ${selector}`, () => selector);
  }

  /**
   * The pods of a workload (a cdk8s-plus-27 `Deployment`, `StatefulSet`, `Pod`, ... or any
   * `IPodSource`), by all labels of its pod template. The policy goes to the workload's namespace.
   */
  public static workload(source: IPodSource): PodSelection {
    return new PodSelection(describePodSource(source), () => podSourceSelector(source), source);
  }

  private constructor(
    private readonly description: string,
    private readonly selector: () => LabelSelector,
    private readonly source?: IPodSource,
  ) {}

  /** `every pod`, `pods {app=api}`, `pods of chart/api`. */
  public toString(): string {
    return this.description;
  }

  /** The namespace the workload's metadata names, when this selects a workload's pods. @internal */
  public _namespace(): string | undefined {
    return this.source?.metadata.namespace;
  }

  /** Rendered at synth, so labels added to a workload after the policy was made count. @internal */
  public _toKube(): k8s.LabelSelector {
    return this.selector()._toKube();
  }
}
