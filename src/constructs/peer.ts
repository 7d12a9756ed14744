import { k8s } from 'cdk8s-plus-27';
import { addInvalid, invalidValue, namespaceNameErrors } from './kube-names';
import { LabelSelector } from './label-selector';
import { describePodSource, IPodSource, podSourceNamespace, podSourceSelector } from './pod-source';
import { ProblemCollector } from '../evaluator/errors';
import { Cidr, formatIp, IpFamily, parseCidr, parseIp } from '../evaluator/ip';
import { NAMESPACE_NAME_LABEL } from '../evaluator/kube';

/** @internal What a peer stands for, for patterns that accept only some kinds. */
export type PeerKind = 'pods' | 'addresses' | 'anything';

type Render = (policyNamespace: string) => k8s.NetworkPolicyPeer | undefined;

/**
 * One entry of a rule's `from` (ingress) or `to` (egress): pods chosen by labels and
 * namespaces, a block of addresses, or anything at all. A peer that names both namespaces and
 * pods renders as ONE list item with both selectors (AND), never as two items (OR).
 */
export class Peer {
  /** Pods with these labels in the policy's own namespace. */
  public static pods(labels: { [key: string]: string }): Peer {
    return Peer.podsMatching(LabelSelector.of({ labels }));
  }

  /** Pods matching `selector` in the policy's own namespace. */
  public static podsMatching(selector: LabelSelector): Peer {
    return new Peer('pods', `pods ${selector}`, () => ({ podSelector: selector._toKube() }));
  }

  /** Every pod in the policy's own namespace (`podSelector: {}`). */
  public static sameNamespace(): Peer {
    return new Peer('pods', 'every pod of the same namespace', () => ({ podSelector: {} }));
  }

  /** Pods with these labels in the namespace named `namespace`: one item with both selectors. */
  public static podsInNamespace(namespace: string, labels: { [key: string]: string }): Peer {
    checkNamespaceName('Peer.podsInNamespace', namespace);
    const pods = LabelSelector.of({ labels });
    return new Peer('pods', `pods ${pods} in namespace ${namespace}`, () => ({
      namespaceSelector: namespaceNamed(namespace),
      podSelector: pods._toKube(),
    }));
  }

  /** Pods matching `pods` in namespaces matching `namespaces`: one item with both selectors. */
  public static podsInNamespaces(namespaces: LabelSelector, pods: LabelSelector): Peer {
    return new Peer('pods', `pods ${pods} in namespaces ${namespaces}`, () => ({
      namespaceSelector: namespaces._toKube(),
      podSelector: pods._toKube(),
    }));
  }

  /** Every pod of the namespace named `name` (selected by its `kubernetes.io/metadata.name` label). */
  public static namespace(name: string): Peer {
    checkNamespaceName('Peer.namespace', name);
    return new Peer('pods', `every pod of namespace ${name}`, () => ({ namespaceSelector: namespaceNamed(name) }));
  }

  /** Every pod of the namespaces matching `selector`. */
  public static namespaces(selector: LabelSelector): Peer {
    return new Peer('pods', `every pod of namespaces ${selector}`, () => ({ namespaceSelector: selector._toKube() }));
  }

  /** Every pod in the cluster (`namespaceSelector: {}`); not addresses outside it. */
  public static anyPod(): Peer {
    return new Peer('pods', 'any pod in any namespace', () => ({ namespaceSelector: {} }));
  }

  /**
   * The pods of a workload (a cdk8s-plus-27 `Deployment`, `StatefulSet`, `Pod`, ... or any
   * `IPodSource`), by all labels of its pod template, in its namespace.
   */
  public static workload(source: IPodSource): Peer {
    return new Peer('pods', describePodSource(source), (policyNamespace) => {
      const podSelector = podSourceSelector(source)._toKube();
      const namespace = podSourceNamespace(source);
      return namespace === policyNamespace ? { podSelector } : { namespaceSelector: namespaceNamed(namespace), podSelector };
    });
  }

  /** An IPv4 block, minus `except` (each strictly inside it): `Peer.ipv4('203.0.113.0/24', ['203.0.113.99/32'])`. */
  public static ipv4(cidr: string, except?: string[]): Peer {
    return Peer.block('Peer.ipv4', cidr, except ?? [], 4);
  }

  /** An IPv6 block, minus `except` (each strictly inside it). */
  public static ipv6(cidr: string, except?: string[]): Peer {
    return Peer.block('Peer.ipv6', cidr, except ?? [], 6);
  }

  /** A block of either family, minus `except` (each strictly inside it, of the same family). */
  public static ipBlock(cidr: string, except?: string[]): Peer {
    return Peer.block('Peer.ipBlock', cidr, except ?? []);
  }

  /**
   * Every source or destination: pods in all namespaces and every address outside the
   * cluster. A rule with this peer has no `from`/`to` at all.
   */
  public static anything(): Peer {
    return new Peer('anything', 'anything', () => undefined);
  }

  private static block(factory: string, cidrText: string, exceptTexts: string[], family?: IpFamily): Peer {
    const problems = new ProblemCollector();
    const cidr = parseBlockCidr(problems, factory, 'cidr', cidrText, family);
    const except = exceptTexts.map((text, i) => parseBlockCidr(problems, factory, `except[${i}]`, text, cidr?.family));
    if (cidr) {
      except.forEach((hole, i) => {
        if (hole && !strictlyInside(hole, cidr)) {
          problems.add(invalidValue(factory, `except[${i}]`, exceptTexts[i], 'must be a strict subset of `cidr`', `${canonical(cidr)} covers ${formatIp(cidr.family, cidr.start)} to ${formatIp(cidr.family, cidr.end)}`));
        }
      });
    }
    problems.throwIfAny();
    const ipBlock: k8s.IpBlock = { cidr: canonical(cidr!), ...(except.length > 0 ? { except: except.map((e) => canonical(e!)) } : {}) };
    const text = `ipBlock ${ipBlock.cidr}${ipBlock.except ? ` except ${ipBlock.except.join(', ')}` : ''}`;
    return new Peer('addresses', text, () => ({ ipBlock: { ...ipBlock, ...(ipBlock.except ? { except: [...ipBlock.except] } : {}) } }));
  }

  private constructor(
    /** @internal */
    public readonly _kind: PeerKind,
    private readonly description: string,
    private readonly render: Render,
  ) {}

  /** `pods {app=frontend} in namespace web`, `ipBlock 203.0.113.0/24 except 203.0.113.99/32`, ... */
  public toString(): string {
    return this.description;
  }

  /**
   * The `from`/`to` item, relative to the namespace of the policy it is in; undefined for
   * `Peer.anything()`, which a rule expresses by leaving `from`/`to` out.
   * @internal
   */
  public _toKube(policyNamespace: string): k8s.NetworkPolicyPeer | undefined {
    return this.render(policyNamespace);
  }
}

function namespaceNamed(name: string): k8s.LabelSelector {
  return { matchLabels: { [NAMESPACE_NAME_LABEL]: name } };
}

function checkNamespaceName(factory: string, name: string): void {
  const problems = new ProblemCollector();
  addInvalid(problems, factory, 'namespace', name, namespaceNameErrors(name));
  problems.throwIfAny();
}

const FAMILY_FACTORY: Record<IpFamily, string> = { 4: 'Peer.ipv4', 6: 'Peer.ipv6' };
const CIDR_EXAMPLE = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

function parseBlockCidr(problems: ProblemCollector, factory: string, field: string, text: string, family?: IpFamily): Cidr | undefined {
  const cidr = parseCidr(text);
  if (!cidr) {
    problems.add(invalidValue(factory, field, text, CIDR_EXAMPLE, cidrHint(text), 'invalid-cidr'));
    return undefined;
  }
  if (family !== undefined && cidr.family !== family) {
    const detail = field === 'cidr' ? `must be an IPv${family} CIDR` : `must be an IPv${family} CIDR, like \`cidr\``;
    problems.add(invalidValue(factory, field, text, detail, field === 'cidr' ? `use ${FAMILY_FACTORY[cidr.family]}` : undefined, 'invalid-cidr'));
    return undefined;
  }
  const address = parseIp(text.slice(0, text.indexOf('/')))!;
  if (address.value !== cidr.start) {
    const host = `${address.text}/${cidr.family === 4 ? 32 : 128}`;
    problems.add(invalidValue(factory, field, text, 'must not have bits set beyond the prefix length', `should it be "${canonical(cidr)}" or "${host}"?`, 'invalid-cidr'));
    return undefined;
  }
  return cidr;
}

function cidrHint(text: string): string | undefined {
  const slash = text.indexOf('/');
  const address = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!address) return undefined;
  return `did you mean "${address.text}/${address.family === 4 ? 32 : 128}"?`;
}

function strictlyInside(hole: Cidr, block: Cidr): boolean {
  return hole.family === block.family && hole.prefix > block.prefix && block.start <= hole.start && hole.end <= block.end;
}

function canonical(cidr: Cidr): string {
  return `${formatIp(cidr.family, cidr.start)}/${cidr.prefix}`;
}
