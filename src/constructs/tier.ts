import { LabelSelector } from './label-selector';
import { Peer } from './peer';
import { PodSelection } from './pod-selection';
import { IPodSource } from './pod-source';
import { NAMESPACE_NAME_LABEL } from '../evaluator/kube';

/**
 * A named group of pods in one namespace that a `TierBoundary` lets others call or lets call
 * others: `Tier.pods('api', {app: 'api'})`, `Tier.workload(apiDeployment)`.
 */
export class Tier {
  /**
   * The pods with these labels.
   * @param name a short name for ids and messages (`api`)
   * @param namespace default: the boundary's namespace
   */
  public static pods(name: string, labels: { [key: string]: string }, namespace?: string): Tier {
    return Tier.matching(name, LabelSelector.of({ labels }), namespace);
  }

  /**
   * The pods matching `selector`.
   * @param name a short name for ids and messages (`api`)
   * @param namespace default: the boundary's namespace
   */
  public static matching(name: string, selector: LabelSelector, namespace?: string): Tier {
    return new Tier(name, `pods ${selector}`, PodSelection.matching(selector), namespace, (from, own) =>
      own === from ? Peer.podsMatching(selector) : Peer.podsInNamespaces(LabelSelector.of({ labels: { [NAMESPACE_NAME_LABEL]: own } }), selector));
  }

  /**
   * The pods of a workload (a cdk8s-plus-27 `Deployment`, `StatefulSet`, ... or any `IPodSource`),
   * in its namespace.
   * @param name default: the workload's construct id
   */
  public static workload(source: IPodSource, name?: string): Tier {
    return new Tier(name ?? slug(source.node.id), `pods of ${source.node.path}`, PodSelection.workload(source), source.metadata.namespace, () => Peer.workload(source));
  }

  /** The tier's namespace; undefined means the boundary's. */
  public readonly namespace?: string;

  private constructor(
    /** A short name for ids and messages. */
    public readonly name: string,
    private readonly description: string,
    /** @internal */
    public readonly _pods: PodSelection,
    namespace: string | undefined,
    private readonly peerFrom: (policyNamespace: string, ownNamespace: string) => Peer,
  ) {
    this.namespace = namespace;
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
      throw new Error(`Tier: name: Invalid value: ${JSON.stringify(name)}: a tier name is lower case alphanumeric characters or '-' (it becomes part of construct ids)`);
    }
  }

  /** `api (pods {app=api})`, `db (pods {app=pg} in namespace data)`. */
  public toString(): string {
    return `${this.name} (${this.description}${this.namespace !== undefined ? ` in namespace ${this.namespace}` : ''})`;
  }

  /** The tier as a peer of a policy in `policyNamespace`, the tier itself being in `ownNamespace`. @internal */
  public _peer(policyNamespace: string, ownNamespace: string): Peer {
    return this.peerFrom(policyNamespace, ownNamespace);
  }
}

function slug(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}
