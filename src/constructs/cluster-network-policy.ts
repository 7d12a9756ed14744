import { ApiObject, ApiObjectMetadata, Chart, JsonPatch, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ClusterPeer, INGRESS_PEER_KINDS } from './cluster-peer';
import { ClusterPolicyAction } from './cluster-policy-action';
import { ClusterPolicyPriorities } from './cluster-policy-priorities';
import { ClusterPolicyTier } from './cluster-policy-tier';
import { ClusterPort } from './cluster-port';
import { ClusterSubject } from './cluster-subject';
import { PolicyType } from './network-policy';
import { CompiledClusterPolicy, compileClusterPolicy } from '../evaluator/cluster-policy';
import { Problem } from '../evaluator/errors';
import { describePlaced, samePriorityConflicts } from '../lint/rules/support/cnp-matching';
import { CLUSTER_NETWORK_POLICY_MESSAGES } from '../validation/cluster-network-policy';

/** One rule of a ClusterNetworkPolicy. Rules apply in the order they were added; the first that matches decides. */
export interface ClusterNetworkPolicyRule {
  /** What the rule does with the traffic it matches. */
  readonly action: ClusterPolicyAction;

  /** Where the traffic comes from (ingress) or goes to (egress): 1 to 25 peers, any of which matches. */
  readonly peers: ClusterPeer[];

  /**
   * The destination ports, any of which matches (1 to 25).
   * @default - every protocol and port, ICMP included
   */
  readonly protocols?: ClusterPort[];

  /**
   * The rule's name (at most 100 characters): implementations show it in their logs, and
   * `netpol explain` in its reasoning.
   * @default - no name
   */
  readonly name?: string;

  /**
   * Why the rule exists, as the annotation `netpol.cdk8s.io/rule.<ingress|egress>.<index>`.
   * @default - no annotation
   */
  readonly description?: string;
}

/** Properties for `ClusterNetworkPolicy`. */
export interface ClusterNetworkPolicyProps {
  /** Admin (before NetworkPolicies, final) or Baseline (after them, for pods they leave alone). */
  readonly tier: ClusterPolicyTier;

  /** The pods the policy applies to. */
  readonly subject: ClusterSubject;

  /**
   * Precedence within the tier, 0 to 1000: lower numbers apply first.
   * @default - allocated by `ClusterPolicyPriorities.of(this)` in creation order: the policy made first applies first
   */
  readonly priority?: number;

  /**
   * Metadata of the object (name, labels, annotations). It is cluster-scoped: no namespace.
   * @default - a name unique in the app
   */
  readonly metadata?: ApiObjectMetadata;

  /**
   * Ingress rules, in order; more can be added with `addIngressRule`.
   * @default - none: the policy does not affect ingress
   */
  readonly ingress?: ClusterNetworkPolicyRule[];

  /**
   * Egress rules, in order; more can be added with `addEgressRule`.
   * @default - none: the policy does not affect egress
   */
  readonly egress?: ClusterNetworkPolicyRule[];

  /**
   * Why the policy exists, as the annotation `netpol.cdk8s.io/description`.
   * @default - no annotation
   */
  readonly description?: string;
}

/** The API group and version this construct writes (the released ClusterNetworkPolicy, network-policy-api v0.2.0). */
const CLUSTER_NETWORK_POLICY_API_VERSION = 'policy.networking.k8s.io/v1alpha2';

interface StoredRule {
  readonly rule: ClusterNetworkPolicyRule;
  readonly key: string;
}

type Direction = 'ingress' | 'egress';

const CLUSTER_NETWORK_POLICY = Symbol.for('cdk8s-netpol.ClusterNetworkPolicy');
const ANNOTATION_PREFIX = 'netpol.cdk8s.io';
const MAX_ITEMS = 25;
const MAX_RULE_NAME = 100;
const ADDRESS_PEERS = ['networks', 'nodes', 'domainNames'];

/**
 * A `policy.networking.k8s.io/v1alpha2` ClusterNetworkPolicy: cluster-scoped rules with explicit
 * Accept, Deny and Pass, in the Admin tier (before every NetworkPolicy) or the Baseline tier
 * (for pods no NetworkPolicy selects). Rules can be added until synth. Synth fails when another
 * ClusterNetworkPolicy of the app has the same tier and priority and may match the same traffic
 * with a different action, which the API leaves to the network plugin to pick.
 */
export class ClusterNetworkPolicy extends Construct {
  /** Whether `x` is a `ClusterNetworkPolicy` of this library (works across copies of the package). */
  public static isClusterNetworkPolicy(x: any): x is ClusterNetworkPolicy {
    return x !== null && typeof x === 'object' && CLUSTER_NETWORK_POLICY in x;
  }

  /** The API object; `apiObject.toJson()` is the manifest. */
  public readonly apiObject: ApiObject;
  /** The object's name (cluster-wide). */
  public readonly name: string;
  /** The tier. */
  public readonly tier: ClusterPolicyTier;
  /** The priority within the tier, explicit or allocated. */
  public readonly priority: number;
  /** The pods it applies to. */
  public readonly subject: ClusterSubject;

  private readonly rules: Record<Direction, StoredRule[]> = { ingress: [], egress: [] };
  private readonly closingRules: Record<Direction, StoredRule[]> = { ingress: [], egress: [] };

  constructor(scope: Construct, id: string, props: ClusterNetworkPolicyProps) {
    super(scope, id);
    Object.defineProperty(this, CLUSTER_NETWORK_POLICY, { value: true });
    if (props.metadata?.namespace !== undefined) {
      throw new Error(`${this.node.path}: metadata.namespace: Forbidden: not allowed on this type (a ClusterNetworkPolicy is cluster-scoped: leave the namespace out)`);
    }
    this.tier = props.tier;
    this.subject = props.subject;
    this.priority = this.takePriority(props.priority);
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: CLUSTER_NETWORK_POLICY_API_VERSION,
      kind: 'ClusterNetworkPolicy',
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this._toKube() }),
    });
    // Cluster-scoped: drop the namespace a namespaced chart gives every object.
    if (Chart.of(this).namespace !== undefined) this.apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    this.name = this.apiObject.name;
    if (props.description !== undefined) this.apiObject.metadata.addAnnotation(`${ANNOTATION_PREFIX}/description`, props.description);
    (props.ingress ?? []).forEach((rule) => this.addIngressRule(rule));
    (props.egress ?? []).forEach((rule) => this.addEgressRule(rule));
    this.node.addValidation({ validate: () => this.priorityClashes() });
  }

  /**
   * Adds an ingress rule after the existing ones. A rule equal to an existing one (same
   * action, peers and protocols, in any order) changes nothing.
   */
  public addIngressRule(rule: ClusterNetworkPolicyRule): void {
    this.addRule('ingress', rule, false);
  }

  /**
   * Adds an egress rule after the existing ones. A rule equal to an existing one (same action,
   * peers and protocols, in any order) changes nothing.
   */
  public addEgressRule(rule: ClusterNetworkPolicyRule): void {
    this.addRule('egress', rule, false);
  }

  /** The rendered manifest (the same as `apiObject.toJson()`). */
  public toJson(): any {
    return this.apiObject.toJson();
  }

  /**
   * Adds a rule that stays after every rule added with `addIngressRule`/`addEgressRule`, even
   * later ones (a pattern's final Deny). Its index moves, so it carries no description. @internal
   */
  public _addClosingRule(type: PolicyType, rule: ClusterNetworkPolicyRule): void {
    this.addRule(type === PolicyType.INGRESS ? 'ingress' : 'egress', rule, true);
  }

  /** @internal */
  public _toKube(): Record<string, unknown> {
    const ingress = this.rulesOf('ingress').map((stored) => renderRule(stored.rule, 'from'));
    const egress = this.rulesOf('egress').map((stored) => renderRule(stored.rule, 'to'));
    return {
      tier: this.tier,
      priority: this.priority,
      subject: this.subject._toKube(),
      ...(ingress.length > 0 ? { ingress } : {}),
      ...(egress.length > 0 ? { egress } : {}),
    };
  }

  private takePriority(explicit: number | undefined): number {
    const priorities = ClusterPolicyPriorities.of(this);
    if (explicit === undefined) return priorities._allocate(this.tier);
    if (!Number.isInteger(explicit) || explicit < 0 || explicit > 1000) {
      const detail = !Number.isInteger(explicit) ? 'must be of type integer' : explicit < 0 ? 'should be greater than or equal to 0' : 'should be less than or equal to 1000';
      throw new Error(`${this.node.path}: spec.priority: Invalid value: ${explicit}: spec.priority in body ${detail}`);
    }
    priorities._reserve(this.tier, explicit);
    return explicit;
  }

  private rulesOf(direction: Direction): StoredRule[] {
    return [...this.rules[direction], ...this.closingRules[direction]];
  }

  private addRule(direction: Direction, rule: ClusterNetworkPolicyRule, closing: boolean): void {
    const peers = uniqueByText(rule.peers);
    const protocols = rule.protocols ? uniqueByText(rule.protocols) : undefined;
    const key = `${rule.action} | ${sortedTexts(peers)} | ${protocols ? sortedTexts(protocols) : 'all traffic'}`;
    if (this.rulesOf(direction).some((stored) => stored.key === key)) return;
    const index = closing ? this.rulesOf(direction).length : this.rules[direction].length;
    this.checkRule(direction, `spec.${direction}[${index}]`, { ...rule, peers, protocols });
    const list = closing ? this.closingRules[direction] : this.rules[direction];
    list.push({ rule: { ...rule, peers, protocols }, key });
    if (rule.description !== undefined && !closing) {
      this.apiObject.metadata.addAnnotation(`${ANNOTATION_PREFIX}/rule.${direction}.${index}`, rule.description);
    }
  }

  /** The CRD's limits on a rule, in the API server's words, with the path the rule will render at. */
  private checkRule(direction: Direction, path: string, rule: ClusterNetworkPolicyRule): void {
    const peersField = `${path}.${direction === 'ingress' ? 'from' : 'to'}`;
    const fail = (message: string, hint?: string) => {
      throw new Error(`${this.node.path}: ${message}${hint ? ` (${hint})` : ''}`);
    };
    if (this.rulesOf(direction).length >= MAX_ITEMS) fail(`spec.${direction}: Too many: ${MAX_ITEMS + 1}: must have at most ${MAX_ITEMS} items`);
    if (rule.name !== undefined && Buffer.byteLength(rule.name) > MAX_RULE_NAME) fail(`${path}.name: Too long: may not be more than ${MAX_RULE_NAME} bytes`);
    if (rule.peers.length === 0) fail(`${peersField}: Invalid value: 0: ${peersField} in body should have at least 1 items`, 'name at least one peer; ClusterPeer.allNamespaces() is every pod');
    if (rule.peers.length > MAX_ITEMS) fail(`${peersField}: Too many: ${rule.peers.length}: must have at most ${MAX_ITEMS} items`);
    if (rule.protocols?.length === 0) fail(`${path}.protocols: Invalid value: 0: ${path}.protocols in body should have at least 1 items`, 'leave protocols out for every protocol and port');
    if (rule.protocols && rule.protocols.length > MAX_ITEMS) fail(`${path}.protocols: Too many: ${rule.protocols.length}: must have at most ${MAX_ITEMS} items`);
    if (direction === 'ingress') {
      rule.peers.forEach((peer, i) => {
        if (!INGRESS_PEER_KINDS.includes(peer._kind)) {
          fail(`${peersField}[${i}]: Unsupported value: "${peer._kind}": supported values: "namespaces", "pods"`, `${peer} can only be an egress destination`);
        }
      });
    } else if (rule.peers.some((peer) => ADDRESS_PEERS.includes(peer._kind)) && rule.protocols?.some((port) => port.portName !== undefined)) {
      fail(`${path}: Invalid value: "object": ${CLUSTER_NETWORK_POLICY_MESSAGES.namedPortWithAddressPeer}`, 'put the networks, nodes or domainNames peers in a rule of their own, with numbered ports');
    }
  }

  /**
   * Same tier and priority as another ClusterNetworkPolicy of the app, with rules that may
   * match the same traffic with another action: the API lets the plugin apply either. Each
   * clash is reported once, by the later of two constructs. Decided on the selectors, ports and
   * CIDRs themselves (not on the app's pods), because platform policies usually ship without
   * the workloads they will govern.
   */
  private priorityClashes(): string[] {
    const rivals = clusterPolicyObjects(this).filter((object) => object === this.apiObject || this.mayShareTierAndPriority(object));
    if (rivals.length < 2) return [];
    const compiled = compileValid(rivals);
    const mine = compiled.find((policy) => rivals[policy.index] === this.apiObject);
    return samePriorityConflicts(compiled)
      .filter(({ first, second }) => second.policy === mine || (first.policy === mine && !isOwnedByConstruct(rivals[second.policy.index])))
      .map(({ first, second }) => {
        const other = first.policy === mine ? second : first;
        const where = ownerPath(rivals[other.policy.index]);
        return `ClusterNetworkPolicy ${this.name} has the same tier and priority (${this.tier}, ${this.priority}) as ClusterNetworkPolicy ${other.policy.name} (${where}), and both may match the same traffic with different actions: ${describePlaced(first)} (${first.rule.action}) and ${describePlaced(second)} (${second.rule.action}); the network plugin may apply either. Give one of them another priority (or leave priority out to have one allocated).`;
      });
  }

  private mayShareTierAndPriority(object: ApiObject): boolean {
    const owner = object.node.scope;
    if (ClusterNetworkPolicy.isClusterNetworkPolicy(owner)) return owner.tier === this.tier && owner.priority === this.priority;
    const spec = object.toJson()?.spec;
    return spec?.tier === this.tier && spec?.priority === this.priority;
  }
}

function renderRule(rule: ClusterNetworkPolicyRule, peersField: 'from' | 'to'): Record<string, unknown> {
  return {
    ...(rule.name !== undefined ? { name: rule.name } : {}),
    action: rule.action,
    [peersField]: rule.peers.map((peer) => peer._toKube()),
    ...(rule.protocols ? { protocols: rule.protocols.map((port) => port._toKube()) } : {}),
  };
}

/** Every ClusterNetworkPolicy object of the app (ours, raw ApiObjects, included YAML), in tree order. */
function clusterPolicyObjects(scope: IConstruct): ApiObject[] {
  return scope.node.root.node.findAll()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c))
    .filter((object) => object.kind === 'ClusterNetworkPolicy');
}

/** The objects compiled for comparison, `index` = position in `objects`; invalid ones are the validator's to report. */
function compileValid(objects: readonly ApiObject[]): CompiledClusterPolicy[] {
  return objects.flatMap((object, index) => {
    const problems: Problem[] = [];
    const compiled = compileClusterPolicy({ object: object.toJson(), source: object.node.path }, index, problems);
    return problems.length === 0 ? [compiled] : [];
  });
}

function isOwnedByConstruct(object: ApiObject): boolean {
  return ClusterNetworkPolicy.isClusterNetworkPolicy(object.node.scope);
}

/** Where the object was made: our construct's path, or the raw object's own. */
function ownerPath(object: ApiObject): string {
  return isOwnedByConstruct(object) ? object.node.scope!.node.path : object.node.path;
}

function uniqueByText<T extends object>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const text = String(item);
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}

function sortedTexts(items: readonly object[]): string {
  return items.map(String).sort().join(', ');
}
