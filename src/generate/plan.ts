import { AddressBlock, FlowEnd, FlowEnds, isInScope, RulePort } from './ends';
import { EndpointSelection } from './selection';
import { FlowSpec } from '../evaluator/flows';
import { Direction } from '../evaluator/policy';
import { compareStrings } from '../evaluator/text';
import { PlatformProfile } from '../profile/platform-profile';

/** What a generated rule admits: pods (by namespace and labels) or a block of addresses. */
export type PlannedPeer =
  | { readonly kind: 'pods'; readonly selection: EndpointSelection }
  | { readonly kind: 'block'; readonly block: AddressBlock };

/**
 * One generated policy: one direction at one end (the subject), one peer, every port the flows
 * between them use. One policy per pair keeps each reviewable on its own (`allow-frontend-to-api`).
 */
export interface PlannedPolicy {
  readonly direction: Direction;
  readonly subject: EndpointSelection;
  readonly peer: PlannedPeer;
  /** Sorted by protocol, then numbers before names. */
  readonly ports: RulePort[];
  /** The allow flows it serves, in file order. */
  readonly flows: FlowSpec[];
}

interface Draft {
  direction: Direction;
  subject: EndpointSelection;
  peer: PlannedPeer;
  readonly ports: Map<string, RulePort>;
  readonly flows: Map<number, FlowSpec>;
}

/** The policies to write, and the flows the namespaces' `allow-dns` serves already. */
export interface Plan {
  readonly policies: PlannedPolicy[];
  /** By namespace: egress flows to the cluster DNS on its ports, which `allow-dns` allows. */
  readonly dnsFlows: ReadonlyMap<string, FlowSpec[]>;
}

/**
 * The policies that make every allow flow hold: egress at its source and ingress at its
 * destination, for each end in the scope; pairs that several flows share are merged, with their
 * ports. Egress to the cluster DNS on its ports needs nothing when DNS is on (`allow-dns` gives it
 * to every pod). Flows in `skip` (already found unsatisfiable) are left out.
 */
export function planPolicies(ends: readonly FlowEnds[], scope: ReadonlySet<string>, skip: ReadonlySet<number>, dns?: PlatformProfile['dns']): Plan {
  const drafts = new Map<string, Draft>();
  const dnsFlows = new Map<string, FlowSpec[]>();
  for (const { flow, source, destination, port } of ends) {
    if (flow.spec.expect !== 'allow' || skip.has(flow.spec.index)) continue;
    if (isInScope(source, scope)) {
      if (dns && source.kind === 'pods' && isDnsLookup(destination, port, dns)) dnsFlows.set(source.namespace, [...(dnsFlows.get(source.namespace) ?? []), flow.spec]);
      else addSide(drafts, 'Egress', source, destination, port, flow.spec);
    }
    if (isInScope(destination, scope)) addSide(drafts, 'Ingress', destination, source, port, flow.spec);
  }
  return { policies: [...drafts.keys()].sort(compareStrings).map((key) => toPolicy(drafts.get(key)!)), dnsFlows };
}

/** A flow to pods that all carry the DNS labels in the DNS namespace, on a port DNS answers on. */
function isDnsLookup(destination: FlowEnd, port: RulePort, dns: PlatformProfile['dns']): boolean {
  if (destination.kind !== 'pods' || destination.namespace !== dns.namespace || destination.selection.selector.matchExpressions) return false;
  const labels = destination.selection.selector.matchLabels ?? {};
  const onDnsPort = dns.ports.some((p) => p.protocol === port.protocol && p.port === port.port);
  return onDnsPort && Object.entries(dns.podLabels).every(([k, v]) => labels[k] === v);
}

function toPolicy(draft: Draft): PlannedPolicy {
  return {
    direction: draft.direction,
    subject: draft.subject,
    peer: draft.peer,
    ports: [...draft.ports.values()].sort(comparePorts),
    flows: [...draft.flows.values()].sort((a, b) => a.index - b.index),
  };
}

function addSide(drafts: Map<string, Draft>, direction: Direction, subjectEnd: FlowEnd, peerEnd: FlowEnd, port: RulePort, spec: FlowSpec): void {
  if (subjectEnd.kind !== 'pods' || peerEnd.kind === 'unselectable') return;
  const subject = subjectEnd.selection;
  const peer: PlannedPeer = peerEnd.kind === 'pods' ? { kind: 'pods', selection: peerEnd.selection } : { kind: 'block', block: peerEnd.block };
  const key = `${direction}\u0000${subject.key}\u0000${peerKey(peer)}`;
  let draft = drafts.get(key);
  if (!draft) {
    draft = { direction, subject, peer, ports: new Map(), flows: new Map() };
    drafts.set(key, draft);
  }
  // Two endpoints with the same selection (two replicas' Pods) share the policy: name it after the first name.
  if (subject.name < draft.subject.name) draft.subject = subject;
  if (peer.kind === 'pods' && draft.peer.kind === 'pods' && peer.selection.name < draft.peer.selection.name) draft.peer = peer;
  draft.ports.set(`${port.protocol}/${port.port}`, port);
  draft.flows.set(spec.index, spec);
}

export function peerKey(peer: PlannedPeer): string {
  return peer.kind === 'pods' ? `pods ${peer.selection.key}` : `block ${peer.block.key}`;
}

function comparePorts(a: RulePort, b: RulePort): number {
  const numberFirst = (p: RulePort) => (typeof p.port === 'number' ? `0${String(p.port).padStart(5, '0')}` : `1${p.port}`);
  return compareStrings(a.protocol, b.protocol) || compareStrings(numberFirst(a), numberFirst(b));
}
