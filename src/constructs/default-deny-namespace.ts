import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AllowDns } from './allow-dns';
import { AllowSameNamespace } from './allow-same-namespace';
import { ClusterProfile } from './cluster-profile';
import { registerEgressIsolation } from './egress-isolation';
import { addInvalid, checkLabels, namespaceNameErrors } from './kube-names';
import { NetworkPolicy, PolicyType } from './network-policy';
import { ProblemCollector } from '../evaluator/errors';

/** Properties for `DefaultDenyNamespace`. */
export interface DefaultDenyNamespaceProps {
  /** The namespace's name. */
  readonly name: string;

  /**
   * Labels of the Namespace object (`kubernetes.io/metadata.name` is set by the API server).
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * Annotations of the Namespace object.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };

  /**
   * The directions to deny by default.
   * @default [PolicyType.INGRESS, PolicyType.EGRESS]
   */
  readonly policyTypes?: PolicyType[];

  /**
   * Let every pod of the namespace query the cluster DNS (see `allowDns()`).
   * @default false
   */
  readonly allowDns?: boolean;

  /**
   * Let the namespace's pods talk to each other (see `allowSameNamespace()`).
   * @default false
   */
  readonly allowSameNamespace?: boolean;

  /**
   * Where the platform's DNS lives, for `allowDns`.
   * @default ClusterProfile.upstream()
   */
  readonly profile?: ClusterProfile;
}

const DEFAULT_DENY_NAMESPACE = Symbol.for('cdk8s-netpol.DefaultDenyNamespace');

/**
 * A Namespace whose pods accept (ingress) and/or send (egress) nothing unless another policy
 * allows it: the Namespace object plus a `default-deny` policy selecting every pod, with
 * optional platform exceptions.
 */
export class DefaultDenyNamespace extends Construct {
  /** Whether `x` is a `DefaultDenyNamespace` of this library (works across copies of the package). */
  public static isDefaultDenyNamespace(x: any): x is DefaultDenyNamespace {
    return x !== null && typeof x === 'object' && DEFAULT_DENY_NAMESPACE in x;
  }

  /** The namespace's name. */
  public readonly name: string;
  /** The Namespace API object. */
  public readonly apiObject: ApiObject;
  /** The default-deny policy. */
  public readonly policy: NetworkPolicy;

  private readonly profile: ClusterProfile;

  constructor(scope: Construct, id: string, props: DefaultDenyNamespaceProps) {
    super(scope, id);
    Object.defineProperty(this, DEFAULT_DENY_NAMESPACE, { value: true });
    checkNamespace(props);
    this.name = props.name;
    this.profile = props.profile ?? ClusterProfile.upstream();
    this.apiObject = new k8s.KubeNamespace(this, 'Resource', {
      metadata: { name: props.name, labels: props.labels, annotations: props.annotations },
    });
    // A Namespace is cluster-scoped: drop the namespace a namespaced chart gives every object.
    if (Chart.of(this).namespace !== undefined) this.apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    const policyTypes = props.policyTypes ?? [PolicyType.INGRESS, PolicyType.EGRESS];
    this.policy = new NetworkPolicy(this, 'DefaultDeny', {
      metadata: { name: 'default-deny', namespace: props.name },
      policyTypes,
      description: `Denies ${describeDirections(policyTypes)} for every pod of ${props.name} unless another policy allows it.`,
    });
    if (this.isolatesEgress) registerEgressIsolation(this, props.name);
    if (props.allowDns) this.allowDns();
    if (props.allowSameNamespace) this.allowSameNamespace();
  }

  /** Whether the namespace's pods are isolated for ingress. */
  public get isolatesIngress(): boolean {
    return this.policy.policyTypes.includes(PolicyType.INGRESS);
  }

  /** Whether the namespace's pods are isolated for egress. */
  public get isolatesEgress(): boolean {
    return this.policy.policyTypes.includes(PolicyType.EGRESS);
  }

  /** Lets every pod of the namespace query the cluster DNS; calling it again changes nothing. */
  public allowDns(): AllowDns {
    const existing = this.node.tryFindChild('AllowDns');
    if (existing) return existing as AllowDns;
    return new AllowDns(this, 'AllowDns', { namespace: this.name, profile: this.profile, policyName: 'allow-dns' });
  }

  /** Lets the namespace's pods talk to each other; calling it again changes nothing. */
  public allowSameNamespace(): AllowSameNamespace {
    const existing = this.node.tryFindChild('AllowSameNamespace');
    if (existing) return existing as AllowSameNamespace;
    return new AllowSameNamespace(this, 'AllowSameNamespace', { namespace: this.name, policyName: 'allow-same-namespace' });
  }
}

/** `ingress and egress`, in the order the API documentation writes them. */
function describeDirections(types: readonly PolicyType[]): string {
  return [PolicyType.INGRESS, PolicyType.EGRESS].filter((type) => types.includes(type)).map((type) => type.toLowerCase()).join(' and ');
}

function checkNamespace(props: DefaultDenyNamespaceProps): void {
  const problems = new ProblemCollector();
  addInvalid(problems, 'DefaultDenyNamespace', 'name', props.name, namespaceNameErrors(props.name));
  checkLabels(problems, 'DefaultDenyNamespace', 'labels', props.labels ?? {});
  if (props.policyTypes !== undefined && props.policyTypes.length === 0) {
    problems.add({ code: 'required', object: 'DefaultDenyNamespace', field: 'policyTypes', message: 'Required value: deny Ingress, Egress or both' });
  }
  problems.throwIfAny();
}
