import { addInvalid, invalidValue, namespaceNameErrors } from './kube-names';
import { LabelSelector } from './label-selector';
import { ProblemCollector } from '../evaluator/errors';
import { NAMESPACE_NAME_LABEL } from '../evaluator/kube';
import { formatCidr, parseCidrSloppy, strictCidrViolation } from '../validation/cidr';
import { CLUSTER_NETWORK_POLICY_MESSAGES, DOMAIN_NAME_PATTERN } from '../validation/cluster-network-policy';

/** @internal The peer field a ClusterPeer renders, which decides where it may appear. */
export type ClusterPeerKind = 'namespaces' | 'pods' | 'nodes' | 'networks' | 'domainNames';

/** Peer fields an ingress rule's `from` can hold: traffic from outside the pod network has no selector. */
export const INGRESS_PEER_KINDS: readonly ClusterPeerKind[] = ['namespaces', 'pods'];

const MAX_ITEMS = 25;
/** The CRD's `maxLength` of a CIDR. */
const MAX_CIDR_LENGTH = 43;
const DOMAIN_NAME = new RegExp(DOMAIN_NAME_PATTERN);

/**
 * One entry of a ClusterNetworkPolicy rule's `from` (ingress) or `to` (egress). Pods and
 * namespaces work both ways; nodes, networks and domain names are egress destinations only.
 * Host-network pods are never matched by `namespaces` or `pods` peers (only by their node's
 * addresses).
 */
export class ClusterPeer {
  /** Every pod of every namespace (`namespaces: {}`). */
  public static allNamespaces(): ClusterPeer {
    return ClusterPeer.namespaces(LabelSelector.all());
  }

  /** Every pod of the namespaces matching `selector`. */
  public static namespaces(selector: LabelSelector): ClusterPeer {
    return new ClusterPeer('namespaces', `pods of namespaces ${selector}`, () => selector._toKube());
  }

  /** Every pod of the namespace named `name` (by its `kubernetes.io/metadata.name` label). */
  public static namespace(name: string): ClusterPeer {
    checkNamespaceName('ClusterPeer.namespace', name);
    return new ClusterPeer('namespaces', `pods of namespace ${name}`, () => namespaceNamed(name));
  }

  /** Pods matching `pods` in namespaces matching `namespaces` (both must hold). */
  public static pods(namespaces: LabelSelector, pods: LabelSelector): ClusterPeer {
    return new ClusterPeer('pods', `pods ${pods} in namespaces ${namespaces}`, () => ({ namespaceSelector: namespaces._toKube(), podSelector: pods._toKube() }));
  }

  /** Pods with these labels in the namespace named `namespace`. */
  public static podsInNamespace(namespace: string, labels: { [key: string]: string }): ClusterPeer {
    checkNamespaceName('ClusterPeer.podsInNamespace', namespace);
    const pods = LabelSelector.of({ labels });
    return new ClusterPeer('pods', `pods ${pods} in namespace ${namespace}`, () => ({ namespaceSelector: namespaceNamed(namespace), podSelector: pods._toKube() }));
  }

  /**
   * The addresses (`status.addresses`) of the nodes matching `selector`, which includes the
   * host-network pods on them. Egress only; experimental channel.
   */
  public static nodes(selector: LabelSelector): ClusterPeer {
    return new ClusterPeer('nodes', `nodes ${selector}`, () => selector._toKube());
  }

  /**
   * Addresses in these CIDRs (1 to 25, each once). Egress only. Unlike a NetworkPolicy
   * ipBlock, they match pod IPs too: `0.0.0.0/0` is every IPv4 pod as well as the internet.
   * CIDRs must have no bits set beyond the prefix (v1beta1 refuses them).
   */
  public static networks(...cidrs: string[]): ClusterPeer {
    const problems = new ProblemCollector();
    checkListSize(problems, 'ClusterPeer.networks', 'networks', cidrs);
    const canonical = cidrs.map((text, i) => checkCidr(problems, `networks[${i}]`, text));
    checkUnique(problems, 'ClusterPeer.networks', 'networks', canonical.map((c) => c ?? ''));
    problems.throwIfAny();
    const networks = canonical as string[];
    return new ClusterPeer('networks', `networks ${networks.join(', ')}`, () => [...networks]);
  }

  /**
   * Hosts by DNS name (1 to 25): exact names, or `*.example.com` for one or more whole labels
   * before `example.com`. Egress only, Accept rules only (a documented limit that the CRD does
   * not enforce); experimental channel.
   */
  public static domainNames(...names: string[]): ClusterPeer {
    const problems = new ProblemCollector();
    checkListSize(problems, 'ClusterPeer.domainNames', 'domainNames', names);
    names.forEach((name, i) => {
      if (!DOMAIN_NAME.test(name)) {
        problems.add(invalidValue('ClusterPeer.domainNames', `domainNames[${i}]`, name, `should match '${DOMAIN_NAME_PATTERN}'`, 'a name of two or more labels, optionally starting with "*."', 'invalid-domain-name'));
      }
    });
    checkUnique(problems, 'ClusterPeer.domainNames', 'domainNames', names);
    problems.throwIfAny();
    return new ClusterPeer('domainNames', `domain names ${names.join(', ')}`, () => [...names]);
  }

  private constructor(
    /** @internal */
    public readonly _kind: ClusterPeerKind,
    private readonly description: string,
    private readonly render: () => unknown,
  ) {}

  /** `pods of namespace payments`, `networks 10.0.0.0/8`, `domain names *.example.com`. */
  public toString(): string {
    return this.description;
  }

  /** The `from`/`to` item, rendered at synth. @internal */
  public _toKube(): Record<string, unknown> {
    return { [this._kind]: this.render() };
  }
}

function namespaceNamed(name: string): { matchLabels: { [key: string]: string } } {
  return { matchLabels: { [NAMESPACE_NAME_LABEL]: name } };
}

function checkNamespaceName(factory: string, name: string): void {
  const problems = new ProblemCollector();
  addInvalid(problems, factory, 'namespace', name, namespaceNameErrors(name));
  problems.throwIfAny();
}

function checkListSize(problems: ProblemCollector, factory: string, field: string, items: readonly string[]): void {
  if (items.length === 0) problems.add({ code: 'too-few-items', object: factory, field, message: `Invalid value: 0: ${field} in body should have at least 1 items` });
  if (items.length > MAX_ITEMS) problems.add({ code: 'too-many-items', object: factory, field, message: `Too many: ${items.length}: must have at most ${MAX_ITEMS} items` });
}

/** `x-kubernetes-list-type: set`: each item once. */
function checkUnique(problems: ProblemCollector, factory: string, field: string, items: readonly string[]): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (item !== '' && seen.has(item)) problems.add({ code: 'duplicate', object: factory, field: `${field}[${i}]`, message: `Duplicate value: ${JSON.stringify(item)}` });
    seen.add(item);
  });
}

/**
 * The CRD's `isCIDR` (no leading zeros, no IPv4-mapped IPv6), plus v1beta1's rule that no bits
 * are set beyond the prefix, so the manifest stays valid when the cluster moves on. Returns the
 * canonical text.
 */
function checkCidr(problems: ProblemCollector, field: string, text: string): string | undefined {
  const factory = 'ClusterPeer.networks';
  if (text.length > MAX_CIDR_LENGTH) {
    problems.add({ code: 'too-long', object: factory, field, message: `Too long: may not be more than ${MAX_CIDR_LENGTH} bytes` });
    return undefined;
  }
  const cidr = parseCidrSloppy(text);
  const violation = cidr ? strictCidrViolation(text, cidr) : undefined;
  if (!cidr || violation === 'leading-zeros' || violation === 'ipv4-mapped') {
    const single = !text.includes('/') ? parseCidrSloppy(`${text}/${text.includes(':') ? 128 : 32}`) : undefined;
    const hint = single ? `did you mean "${formatCidr(single.address, single.prefix)}"?` : undefined;
    problems.add(invalidValue(factory, field, text, CLUSTER_NETWORK_POLICY_MESSAGES.invalidCidr, hint, 'invalid-cidr'));
    return undefined;
  }
  const canonical = formatCidr(cidr.network, cidr.prefix);
  if (violation === 'host-bits') {
    const host = formatCidr(cidr.address, cidr.address.length * 8);
    problems.add(invalidValue(factory, field, text, CLUSTER_NETWORK_POLICY_MESSAGES.invalidCidr, `bits are set beyond the prefix length, which v1beta1 refuses: should it be "${canonical}" or "${host}"?`, 'invalid-cidr'));
    return undefined;
  }
  return canonical;
}
