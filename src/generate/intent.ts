import { Connection, PortProtocol, rangeHas } from './connections';
import { FlowEnds } from './ends';
import { IpRangeSet, parseCidr, parseIp } from '../evaluator/ip';
import { ClusterModel } from '../evaluator/model';
import { PlatformProfile } from '../profile/platform-profile';

interface ExternalGrant {
  readonly pods: ReadonlySet<number>;
  readonly addresses: IpRangeSet;
}

/**
 * What the flows list, as connections between pods of the model and external addresses: an
 * allow flow lists every pod its source stands for, to every pod its destination stands for (see
 * `Selections`), on its port (a named port as each destination pod declares it); plus DNS: any
 * connection to the DNS pods on the DNS ports (every isolated pod gets it, and the DNS pods answer
 * everyone), and egress to the DNS addresses. Least privilege is: nothing allowed at a scoped pod beyond this.
 */
export class FlowIntent {
  /** The flows' ports as numbers (a named port as each destination resolves it). */
  public readonly ports: PortProtocol[] = [];
  /** Every external address or range a flow names (and the DNS addresses when DNS is on). */
  public readonly namedExternals: IpRangeSet;

  private readonly podPairs = new Map<string, Map<number, Set<number>>>();
  private readonly egress = new Map<string, ExternalGrant[]>();
  private readonly ingress = new Map<string, ExternalGrant[]>();
  private readonly dnsPods = new Set<number>();
  private readonly dnsPorts = new Set<string>();
  private readonly dnsAddresses: IpRangeSet;

  constructor(model: ClusterModel, ends: readonly FlowEnds[], profile: PlatformProfile, dns: boolean) {
    let named = IpRangeSet.of([]);
    for (const end of ends.flatMap((e) => [e.source, e.destination])) {
      if (end.kind === 'block') named = named.union(end.block.addresses);
    }
    for (const flow of ends) if (flow.flow.spec.expect === 'allow') this.addFlow(model, flow);
    this.dnsAddresses = dns ? IpRangeSet.of(profile.dnsAddresses.flatMap(addressIntervals)) : IpRangeSet.of([]);
    this.namedExternals = named.union(this.dnsAddresses);
    if (dns) {
      for (const pod of model.podsInNamespace(profile.dns.namespace)) {
        if (!pod.hostNetwork && Object.entries(profile.dns.podLabels).every(([k, v]) => pod.labels[k] === v)) this.dnsPods.add(pod.index);
      }
      profile.dns.ports.forEach((p) => this.dnsPorts.add(portKey(p)));
      this.ports.push(...profile.dns.ports);
    }
  }

  /** Whether the flows (or DNS) list this connection. */
  public lists(connection: Connection): boolean {
    const key = portKey(connection);
    if (connection.kind === 'pods') {
      if (this.podPairs.get(key)?.get(connection.from)?.has(connection.to)) return true;
      return this.dnsPods.has(connection.to) && this.dnsPorts.has(key);
    }
    const { family, value } = connection.external;
    const grants = (connection.kind === 'egress' ? this.egress : this.ingress).get(key) ?? [];
    if (grants.some((g) => g.pods.has(connection.pod) && rangeHas(g.addresses, family, value))) return true;
    if (!this.dnsPorts.has(key)) return false;
    return connection.kind === 'egress' ? rangeHas(this.dnsAddresses, family, value) : this.dnsPods.has(connection.pod);
  }

  private addFlow(model: ClusterModel, { flow, source, destination, port }: FlowEnds): void {
    const sources = source.kind === 'pods' ? source.selection.pods : [];
    for (const [to, number] of destinationPorts(model, { flow, source, destination, port })) {
      const key = portKey({ port: number, protocol: port.protocol });
      this.ports.push({ port: number, protocol: port.protocol });
      if (to === 'external') {
        if (destination.kind === 'block') grant(this.egress, key, { pods: new Set(sources), addresses: destination.block.addresses });
        continue;
      }
      if (source.kind === 'block') grant(this.ingress, key, { pods: new Set([to]), addresses: source.block.addresses });
      for (const from of sources) {
        const byFrom = this.podPairs.get(key) ?? new Map<number, Set<number>>();
        this.podPairs.set(key, byFrom);
        const set = byFrom.get(from) ?? new Set<number>();
        byFrom.set(from, set);
        set.add(to);
      }
    }
  }
}

/**
 * The destination pods of a flow, each with the port number it is reached on, or `external` with
 * the flow's port for an address destination. A Service's backends come from the resolved
 * targets; a named port resolves on each pod (a pod without it is not reached).
 */
function destinationPorts(model: ClusterModel, { flow, destination, port }: FlowEnds): Array<['external' | number, number]> {
  if (destination.kind === 'block') return typeof port.port === 'number' ? [['external', port.port]] : [];
  if (destination.kind !== 'pods') return [];
  if (flow.service) {
    const backends = new Set(destination.selection.pods);
    return flow.targets.filter((t) => t.to.kind === 'pod' && backends.has(t.to.pod.index)).map((t) => [(t.to as { pod: { index: number } }).pod.index, t.port]);
  }
  const out: Array<[number, number]> = [];
  for (const index of destination.selection.pods) {
    const number = typeof port.port === 'number'
      ? port.port
      : model.pods[index].ports.find((p) => p.name === port.port && p.protocol === port.protocol)?.port;
    if (number !== undefined) out.push([index, number]);
  }
  return out;
}

function grant(grants: Map<string, ExternalGrant[]>, key: string, entry: ExternalGrant): void {
  const list = grants.get(key) ?? [];
  list.push(entry);
  grants.set(key, list);
}

function portKey(p: PortProtocol): string {
  return `${p.protocol}/${p.port}`;
}

/** A profile DNS address: a CIDR, or a single address. */
function addressIntervals(text: string) {
  const cidr = parseCidr(text);
  if (cidr) return [cidr];
  const ip = parseIp(text);
  return ip ? [{ family: ip.family, start: ip.value, end: ip.value }] : [];
}
