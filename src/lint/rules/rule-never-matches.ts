import { describePod } from '../../evaluator/endpoint';
import { NAMESPACE_NAME_LABEL } from '../../evaluator/kube';
import { ClusterModel, PodInfo } from '../../evaluator/model';
import { CompiledPolicy, CompiledPort, DIRECTIONS, IpBlockPeer, SelectorPeer } from '../../evaluator/policy';
import { closest } from '../../evaluator/text';
import { podList } from '../platform-endpoints';
import { LintContext, LintRule, RuleHit } from '../rule';
import { CarriedLabels, carriedLabels, describeSelector, hasPodsIn, peerEntries, peerNamespaces, peerPods, podsIn, portField, ruleDestinations } from './support/selection';
import { isTrapped, SelectorTrap, selectorTraps } from './support/selector-traps';

/** Parts of an allow rule that can never match: a named port nobody declares, an empty ipBlock, a peer selecting nothing. */
export const ruleNeverMatches: LintRule = {
  id: 'rule-never-matches',
  severity: 'warning',
  title: 'Allow rule (or part of one) that can never match',
  explanation: 'A rule entry that matches nothing looks like an allowance in review but allows nothing: a named port that no destination container declares, an ipBlock whose except removes its whole cidr, a peer whose selectors select no pod. The traffic it was written for stays blocked.',
  fix: 'Point the entry at what exists (the port name the containers declare, a narrower except, labels the pods carry), or delete it.',
  example: '`ports: [{port: htp}]` when the containers name their port `http`; `ipBlock: {cidr: 10.0.0.0/24, except: [10.0.0.0/25, 10.0.0.128/25]}`',
  check({ model }: LintContext): RuleHit[] {
    const podLabels = carriedLabels(model.pods);
    return model.policies.flatMap((policy) => [
      ...namedPortHits(model, policy),
      ...emptyIpBlockHits(policy),
      ...emptyPeerHits(model, policy, selectorTraps(model, policy), podLabels),
    ]);
  },
};

function namedPortHits(model: ClusterModel, policy: CompiledPolicy): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const direction of DIRECTIONS) {
    for (const rule of policy.rules[direction]) {
      const named = (rule.ports ?? []).filter((entry) => entry.name !== undefined);
      if (named.length === 0) continue;
      const destinations = ruleDestinations(model, policy, direction, rule);
      // No destination pods in the manifests: nothing to judge by.
      if (destinations.length === 0) continue;
      for (const entry of named) {
        if (destinations.some((pod) => pod.ports.some((p) => p.name === entry.name && p.protocol === entry.protocol))) continue;
        hits.push({
          policy,
          field: `${portField(direction, rule, entry.index)}.port`,
          info: `named port "${entry.name}" (${entry.protocol}) is declared by none of the pods this rule's traffic goes to (${podList(destinations)}): the entry never matches`,
          fix: namedPortFix(entry, destinations),
        });
      }
    }
  }
  return hits;
}

function namedPortFix(entry: CompiledPort, destinations: readonly PodInfo[]): string {
  const otherProtocol = destinations.flatMap((pod) => pod.ports.filter((p) => p.name === entry.name).map((p) => ({ pod, p })))[0];
  if (otherProtocol) return `"${entry.name}" is ${otherProtocol.p.protocol} ${otherProtocol.p.port} on ${describePod(otherProtocol.pod)}: set protocol: ${otherProtocol.p.protocol}`;
  const declared = destinations.flatMap((pod) => pod.ports.filter((p) => p.protocol === entry.protocol && p.name !== undefined));
  const names = [...new Set(declared.map((p) => p.name!))].sort();
  const guess = closest(entry.name!, names);
  if (guess) return `did you mean "${guess}"? change the port to "${guess}"`;
  return names.length > 0 ? `use one of the declared ${entry.protocol} port names (${names.map((n) => `"${n}"`).join(', ')}) or a port number` : 'use the port number: these containers declare no port names';
}

function emptyIpBlockHits(policy: CompiledPolicy): RuleHit[] {
  return peerEntries(policy)
    .filter((entry): entry is typeof entry & { peer: IpBlockPeer } => entry.peer.kind === 'ipBlock' && entry.peer.addresses.isEmpty())
    .map(({ peer, field }) => ({
      policy,
      field: `${field}.ipBlock.except`,
      info: `except [${peer.block.except.map((e) => e.text).join(', ')}] removes all of cidr ${peer.block.cidr.text}: this peer matches no address`,
      fix: 'except must carve holes inside the cidr: remove the entries that cover all of it, or remove the peer',
    }));
}

function emptyPeerHits(model: ClusterModel, policy: CompiledPolicy, traps: readonly SelectorTrap[], podLabels: CarriedLabels): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const { peer, field } of peerEntries(policy)) {
    if (peer.kind !== 'selector' || isTrapped(traps, peer)) continue;
    const namespaces = peerNamespaces(model, peer);
    // Judge only namespaces the manifests hold pods of; a selector with a typo is selector-label-unknown's.
    if (!hasPodsIn(model, namespaces) || peerPods(model, peer).length > 0) continue;
    if (peer.podSelector?.requiredPairs.some(([key, value]) => !podLabels.has(key, value))) continue;
    hits.push({ policy, field, ...emptyPeerText(model, peer, namespaces.map((ns) => ns.name)) });
  }
  return hits;
}

function emptyPeerText(model: ClusterModel, peer: SelectorPeer, namespaces: readonly string[]): { info: string; fix: string } {
  const selector = describeSelector(peer.podSelector!);
  const info = `podSelector ${selector} matches none of the pods in ${namespaces.join(', ')}: this peer selects nothing`;
  const elsewhere = peer.namespaceSelector ? [] : podsIn(model, model.namespaces, peer.podSelector);
  if (elsewhere.length === 0) return { info, fix: 'select labels that the intended pods carry, or remove the peer' };
  const where = [...new Set(elsewhere.map((pod) => pod.namespace))];
  return {
    info: `${info}; pods with these labels run in ${where.join(', ')} (${podList(elsewhere)}), and a podSelector without namespaceSelector only selects pods of ${peer.policyNamespace}`,
    fix: `add namespaceSelector {matchLabels: {${NAMESPACE_NAME_LABEL}: ${where[0]}}} to this peer`,
  };
}
