import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Peer } from './peer';
import { PodSelection } from './pod-selection';
import { Port } from './port';
import { DEFAULT_NAMESPACE } from '../evaluator/kube';

/** A direction a policy isolates (the wire values of `spec.policyTypes`). */
export enum PolicyType {
  /** Traffic into the selected pods. */
  INGRESS = 'Ingress',
  /** Traffic out of the selected pods. */
  EGRESS = 'Egress',
}

/** Options for `NetworkPolicy.addIngressRule` and `addEgressRule`. */
export interface NetworkPolicyRuleOptions {
  /**
   * Why the rule exists. It lands in the manifest as the annotation
   * `netpol.cdk8s.io/rule.<ingress|egress>.<index>`, so a reviewer of the diff sees intent.
   * @default - no annotation
   */
  readonly description?: string;
}

/** Properties for `NetworkPolicy`. */
export interface NetworkPolicyProps {
  /**
   * Metadata of the NetworkPolicy object (name, namespace, labels, annotations).
   * @default - a name unique in the app; the namespace of the selected workload, else the chart's
   */
  readonly metadata?: ApiObjectMetadata;

  /**
   * The pods the policy applies to, in its namespace.
   * @default - every pod of the namespace
   */
  readonly pods?: PodSelection;

  /**
   * The directions the policy isolates. Always rendered, never left to the API server's default.
   * @default - the directions that have rules; Ingress alone when there are none
   */
  readonly policyTypes?: PolicyType[];

  /**
   * Why the policy exists, as the annotation `netpol.cdk8s.io/description`.
   * @default - no annotation
   */
  readonly description?: string;
}

interface Rule {
  readonly peers: Peer[];
  readonly ports: Port[];
  readonly key: string;
  described: boolean;
}

const NETWORK_POLICY = Symbol.for('cdk8s-netpol.NetworkPolicy');
const ALL_TYPES = [PolicyType.INGRESS, PolicyType.EGRESS];
const ANNOTATION_PREFIX = 'netpol.cdk8s.io';

/**
 * A `networking.k8s.io/v1` NetworkPolicy. Rules can be added until synth; the manifest is
 * rendered then, deterministically, with `policyTypes` always explicit.
 */
export class NetworkPolicy extends Construct {
  /** Whether `x` is a `NetworkPolicy` of this library (works across copies of the package). */
  public static isNetworkPolicy(x: any): x is NetworkPolicy {
    return x !== null && typeof x === 'object' && NETWORK_POLICY in x;
  }

  /** The `KubeNetworkPolicy` API object; `apiObject.toJson()` is the manifest. */
  public readonly apiObject: ApiObject;
  /** The object's name. */
  public readonly name: string;
  /** The object's namespace, whose pods it selects and applies to (`default` when unset). */
  public readonly namespace: string;
  /** The pods it applies to. */
  public readonly pods: PodSelection;

  private readonly rules: Record<PolicyType, Rule[]> = { [PolicyType.INGRESS]: [], [PolicyType.EGRESS]: [] };
  private readonly explicitTypes?: PolicyType[];

  constructor(scope: Construct, id: string, props: NetworkPolicyProps = {}) {
    super(scope, id);
    Object.defineProperty(this, NETWORK_POLICY, { value: true });
    this.pods = props.pods ?? PodSelection.all();
    if (props.policyTypes !== undefined && props.policyTypes.length === 0) {
      throw new Error(`${this.node.path}: policyTypes: Required value: name Ingress, Egress or both (leave it out to derive it from the rules)`);
    }
    this.explicitTypes = props.policyTypes ? inCanonicalOrder(props.policyTypes) : undefined;
    this.apiObject = new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: withoutUndefined({ ...props.metadata, namespace: this.resolveNamespace(props.metadata?.namespace) }),
      spec: Lazy.any({ produce: () => this._toKube() }),
    });
    this.name = this.apiObject.name;
    this.namespace = this.apiObject.metadata.namespace ?? DEFAULT_NAMESPACE;
    if (props.description !== undefined) this.apiObject.metadata.addAnnotation(`${ANNOTATION_PREFIX}/description`, props.description);
  }

  /** The directions the policy isolates, as they will be rendered. */
  public get policyTypes(): PolicyType[] {
    if (this.explicitTypes) return [...this.explicitTypes];
    const derived = ALL_TYPES.filter((type) => this.rules[type].length > 0);
    return derived.length > 0 ? derived : [PolicyType.INGRESS];
  }

  /**
   * Allows traffic from any of `peers` to the selected pods on any of `ports`. Adding a rule
   * equal to an existing one (same peers and ports, in any order) changes nothing.
   */
  public addIngressRule(peers: Peer[], ports: Port[], options: NetworkPolicyRuleOptions = {}): void {
    this.addRule(PolicyType.INGRESS, peers, ports, options);
  }

  /**
   * Allows traffic from the selected pods to any of `peers` on any of `ports`. Adding a rule
   * equal to an existing one (same peers and ports, in any order) changes nothing.
   */
  public addEgressRule(peers: Peer[], ports: Port[], options: NetworkPolicyRuleOptions = {}): void {
    this.addRule(PolicyType.EGRESS, peers, ports, options);
  }

  /** The rendered manifest (the same as `apiObject.toJson()`). */
  public toJson(): any {
    return this.apiObject.toJson();
  }

  /** @internal */
  public _toKube(): k8s.NetworkPolicySpec {
    const ingress = this.rules[PolicyType.INGRESS].map((rule) => this.renderRule(rule, 'from'));
    const egress = this.rules[PolicyType.EGRESS].map((rule) => this.renderRule(rule, 'to'));
    return {
      podSelector: this.pods._toKube(),
      policyTypes: this.policyTypes,
      ...(ingress.length > 0 ? { ingress } : {}),
      ...(egress.length > 0 ? { egress } : {}),
    };
  }

  private resolveNamespace(given: string | undefined): string | undefined {
    const workloadNamespace = this.pods._namespace();
    if (given !== undefined && workloadNamespace !== undefined && given !== workloadNamespace) {
      throw new Error(`${this.node.path}: metadata.namespace: Invalid value: "${given}": it selects ${this.pods}, which run in namespace ${workloadNamespace}, and a policy applies to pods of its own namespace only (leave the namespace out)`);
    }
    return given ?? workloadNamespace;
  }

  private addRule(type: PolicyType, peers: Peer[], ports: Port[], options: NetworkPolicyRuleOptions): void {
    const direction = type.toLowerCase();
    const method = type === PolicyType.INGRESS ? 'addIngressRule' : 'addEgressRule';
    if (peers.length === 0) {
      throw new Error(`${this.node.path}: ${method}: peers: Required value: name at least one peer (Peer.anything() allows every ${type === PolicyType.INGRESS ? 'source' : 'destination'})`);
    }
    if (ports.length === 0) throw new Error(`${this.node.path}: ${method}: ports: Required value: name at least one port (Port.allTraffic() allows every port)`);
    if (this.explicitTypes && !this.explicitTypes.includes(type)) {
      throw new Error(`${this.node.path}: ${method}: an ${direction} rule has no effect because policyTypes is [${this.explicitTypes.join(', ')}]; add PolicyType.${type.toUpperCase()} to policyTypes`);
    }
    const uniquePeers = uniqueByText(peers);
    const uniquePorts = uniqueByText(ports);
    const key = `${sortedTexts(uniquePeers)} | ${sortedTexts(uniquePorts)}`;
    const rules = this.rules[type];
    const existing = rules.findIndex((rule) => rule.key === key);
    const index = existing >= 0 ? existing : rules.push({ peers: uniquePeers, ports: uniquePorts, key, described: false }) - 1;
    // The first description of a rule wins: repeating a pattern must not rewrite its intent.
    if (options.description !== undefined && !rules[index].described) {
      rules[index].described = true;
      this.apiObject.metadata.addAnnotation(`${ANNOTATION_PREFIX}/rule.${direction}.${index}`, options.description);
    }
  }

  private renderRule(rule: Rule, peersKey: 'from' | 'to'): k8s.NetworkPolicyIngressRule & k8s.NetworkPolicyEgressRule {
    const peers = rule.peers.some((peer) => peer._kind === 'anything') ? undefined : rule.peers.map((peer) => peer._toKube(this.namespace)!);
    const ports = rule.ports.some((port) => port.isAllTraffic) ? undefined : rule.ports.map((port) => port._toKube()!);
    return { ...(peers ? { [peersKey]: peers } : {}), ...(ports ? { ports } : {}) };
  }
}

/** Ingress before Egress, as the API documentation writes them; each once. */
function inCanonicalOrder(types: readonly PolicyType[]): PolicyType[] {
  return ALL_TYPES.filter((type) => types.includes(type));
}

/** Metadata with unset fields left out: a spread `name: undefined` would hide the generated name. */
function withoutUndefined(metadata: ApiObjectMetadata): ApiObjectMetadata {
  return Object.fromEntries(Object.entries(metadata).filter(([, value]) => value !== undefined));
}

function uniqueByText<T extends object>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const text = String(item);
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}

function sortedTexts(items: object[]): string {
  return items.map(String).sort().join(', ');
}
