import { ClusterNetworkPolicyRule } from './cluster-network-policy';
import { ClusterPeer } from './cluster-peer';
import { ClusterPolicyAction } from './cluster-policy-action';
import { ClusterPort } from './cluster-port';

/** Traffic a pattern names: who (peers) on which ports, under a short name its rule carries. */
export interface ClusterAccess {
  /**
   * A short name (`checkout`); the rule is named after it with the action in front
   * (`accept-checkout`, `pass-checkout`), for implementations' logs and `netpol explain`.
   */
  readonly name: string;

  /** The peers, any of which matches. */
  readonly peers: ClusterPeer[];

  /**
   * The destination ports, any of which matches.
   * @default - every protocol and port
   */
  readonly protocols?: ClusterPort[];

  /**
   * Why the traffic is allowed or delegated, as the rule's annotation.
   * @default - no annotation
   */
  readonly description?: string;
}

/** Rule names leave room for the action in front within the CRD's 100 characters. */
const MAX_ACCESS_NAME = 90;

/**
 * Remembers the names a pattern has used, so that naming the same access twice adds it once and
 * one name never means two different things.
 * @internal
 */
export class AccessRules {
  private readonly seen = new Map<string, string>();

  constructor(private readonly owner: string) {}

  /** The rule for `access`, or undefined when the same access was already added. */
  public ruleFor(access: ClusterAccess, action: ClusterPolicyAction, what: string): ClusterNetworkPolicyRule | undefined {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(access.name) || access.name.length > MAX_ACCESS_NAME) {
      throw new Error(`${this.owner}: ${what}.name: Invalid value: ${JSON.stringify(access.name)}: a short name of lower case alphanumeric characters or '-', at most ${MAX_ACCESS_NAME} characters (the rule is named "${action.toLowerCase()}-<name>")`);
    }
    const text = `${what} ${sortedTexts(access.peers)} on ${access.protocols ? sortedTexts(access.protocols) : 'all traffic'}`;
    const known = this.seen.get(access.name);
    if (known === text) return undefined;
    if (known !== undefined) throw new Error(`${this.owner}: two ${what} entries are named "${access.name}": ${known} and ${text}; give them different names`);
    this.seen.set(access.name, text);
    const described = access.description !== undefined ? { description: access.description } : {};
    return { name: `${action.toLowerCase()}-${access.name}`, action, peers: [...access.peers], protocols: access.protocols ? [...access.protocols] : undefined, ...described };
  }
}

function sortedTexts(items: readonly object[]): string {
  return items.map(String).sort().join(', ');
}
