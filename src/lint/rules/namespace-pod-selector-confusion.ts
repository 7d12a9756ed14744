import { ClusterModel } from '../../evaluator/model';
import { CompiledPolicy } from '../../evaluator/policy';
import { podList } from '../platform-endpoints';
import { LintContext, LintRule, RuleHit } from '../rule';
import { describeSelector, peerField, peerNamespaces, ruleField } from './support/selection';
import { AndWrittenTrap, OrWrittenTrap, selectorTraps } from './support/selector-traps';

/** The AND/OR trap: a namespaceSelector and a podSelector in two list items where one was meant, and the reverse. */
export const namespacePodSelectorConfusion: LintRule = {
  id: 'namespace-pod-selector-confusion',
  severity: 'warning',
  title: 'namespaceSelector and podSelector combined the wrong way (AND/OR)',
  explanation: 'In a from/to list, `- namespaceSelector: X` plus `- podSelector: Y` are two peers (every pod of the X namespaces, OR the Y pods of the policy\'s own namespace), while one item with both keys selects the Y pods of the X namespaces. One "-" turns a narrow rule into a wide one, or a working rule into one that matches nothing.',
  fix: 'Write one peer with both selectors to mean "these pods in those namespaces"; write two peers to mean either.',
  example: '`from: [{namespaceSelector: {matchLabels: {team: ops}}}, {podSelector: {matchLabels: {app: prometheus}}}]` where prometheus runs in the team=ops namespaces',
  check({ model }: LintContext): RuleHit[] {
    return model.policies.flatMap((policy) => selectorTraps(model, policy).map((trap) =>
      (trap.kind === 'or-written' ? orWrittenHit(model, policy, trap) : andWrittenHit(model, policy, trap))));
  },
};

function orWrittenHit(model: ClusterModel, policy: CompiledPolicy, trap: OrWrittenTrap): RuleHit {
  const list = trap.direction === 'Ingress' ? 'from' : 'to';
  const nsPeer = `${list}[${trap.namespacePeer.index}]`;
  const podPeer = `${list}[${trap.podPeer.index}]`;
  const namespaces = peerNamespaces(model, trap.namespacePeer).map((ns) => ns.name).join(', ');
  const podSelector = describeSelector(trap.podPeer.podSelector!);
  return {
    policy,
    field: `${ruleField(trap.direction, trap.rule)}.${list}`,
    info: `${nsPeer} (namespaceSelector ${describeSelector(trap.namespacePeer.namespaceSelector!)}) and ${podPeer} (podSelector ${podSelector}) are two peers, ORed: ${nsPeer} admits every pod of ${namespaces}, and ${podPeer} matches no pod in ${policy.namespace}, the policy's own namespace, while the pods it names (${podList(trap.intended)}) are in the namespaces ${nsPeer} selects`,
    fix: `merge them into one peer (delete the "-" before podSelector in ${podPeer}) to select only the ${podSelector} pods of ${namespaces}`,
  };
}

function andWrittenHit(model: ClusterModel, policy: CompiledPolicy, trap: AndWrittenTrap): RuleHit {
  const field = peerField(trap.direction, trap.rule, trap.peer);
  const namespaces = peerNamespaces(model, trap.peer).map((ns) => ns.name).join(', ');
  const podSelector = describeSelector(trap.peer.podSelector!);
  return {
    policy,
    field,
    info: `one peer with namespaceSelector ${describeSelector(trap.peer.namespaceSelector!)} AND podSelector ${podSelector} selects ${podSelector} pods in ${namespaces}, and there are none; the pods that carry these labels (${podList(trap.intended)}) are in ${policy.namespace}, the policy's own namespace`,
    fix: `to admit those namespaces OR these pods, split the peer in two (put a "-" before podSelector); to admit ${podSelector} pods in ${namespaces}, correct the labels`,
  };
}
