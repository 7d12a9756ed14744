import { ApiObjectMetadataDefinition } from 'cdk8s';
import { IConstruct } from 'constructs';
import { LabelSelector } from './label-selector';
import { DEFAULT_NAMESPACE } from '../evaluator/kube';

/**
 * Something that runs pods: a cdk8s-plus-27 workload or pod (`Deployment`, `StatefulSet`,
 * `DaemonSet`, `Job`, `Pod`, ...), or a construct of your own with the same two members.
 */
export interface IPodSource extends IConstruct {
  /** The metadata of the pods it runs: their labels are what policies select. */
  readonly podMetadata: ApiObjectMetadataDefinition;

  /** The metadata of the object itself: its namespace is the pods' namespace. */
  readonly metadata: ApiObjectMetadataDefinition;
}

/**
 * A selector for exactly the source's pods: every label of its pod template. For cdk8s-plus
 * workloads that includes the unique `cdk8s.io/metadata.addr` label next to the readable ones.
 * Read at render time, so labels added after a policy was made still count.
 */
export function podSourceSelector(source: IPodSource): LabelSelector {
  // toJson() drops empty metadata altogether, so an unlabelled template renders as undefined.
  const labels: { [key: string]: string } = source.podMetadata.toJson()?.labels ?? {};
  if (Object.keys(labels).length === 0) {
    throw new Error(`${source.node.path}: its pods carry no labels, so no policy can select them; add labels to its pod metadata`);
  }
  return LabelSelector.of({ labels });
}

/** The namespace the source's pods run in (`default` when its metadata names none). */
export function podSourceNamespace(source: IPodSource): string {
  return source.metadata.namespace ?? DEFAULT_NAMESPACE;
}

/** How messages and ids name the source: its construct path. */
export function describePodSource(source: IPodSource): string {
  return `pods of ${source.node.path}`;
}
