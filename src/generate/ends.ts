import { EndpointSelection, Selections } from './selection';
import { describeEndpoint, Endpoint } from '../evaluator/endpoint';
import { ResolvedFlow } from '../evaluator/flows';
import { formatIp, IpRangeSet, parseCidr } from '../evaluator/ip';
import { Protocol } from '../evaluator/kube';
import { compareStrings } from '../evaluator/text';

/** A block of addresses as an ipBlock writes it, canonical (no host bits; only `except`s inside the block). */
export interface AddressBlock {
  readonly cidr: string;
  readonly except: readonly string[];
  /** The addresses it holds. */
  readonly addresses: IpRangeSet;
  readonly key: string;
  /** For policy names: `203-0-113-0-24`. */
  readonly name: string;
  /** For messages: the endpoint as the flow wrote it. */
  readonly label: string;
}

/** One end of a flow as the generator sees it. */
export type FlowEnd =
  /** Pods: a Pod, a workload, a pod outside the manifests, or a Service's backends. */
  | {
    readonly kind: 'pods';
    readonly namespace: string;
    readonly selection: EndpointSelection;
    /** False for a pod that is not in the manifests (`{namespace, labels}`). */
    readonly inManifests: boolean;
    /** Host-network pods: no policy selects or isolates them. */
    readonly hostNetwork: boolean;
  }
  /** Pods no label selector picks exactly. */
  | { readonly kind: 'unselectable'; readonly namespace: string; readonly inManifests: boolean; readonly description: string; readonly reason: string }
  /** Addresses: an external host, a Node, a host-network pod, or a range. */
  | { readonly kind: 'block'; readonly block: AddressBlock };

/** The port a rule names for a flow: the flow's own (a name stays a name), or a Service's targetPort. */
export interface RulePort {
  readonly protocol: Protocol;
  readonly port: number | string;
}

/** A flow with both ends and the port its rules name. */
export interface FlowEnds {
  readonly flow: ResolvedFlow;
  readonly source: FlowEnd;
  /** For a Service: its backends, selected by the Service's selector. */
  readonly destination: FlowEnd;
  readonly port: RulePort;
}

/** Classifies both ends of every resolved flow. */
export function flowEnds(flows: readonly ResolvedFlow[], selections: Selections): FlowEnds[] {
  return flows.map((flow) => {
    const source = endOf(flow.from, flow.spec.from, selections);
    const destination = flow.service
      ? serviceEnd(flow, selections)
      : endOf(flow.targets[0].to, flow.spec.to, selections);
    return { flow, source, destination, port: rulePort(flow) };
  });
}

/** The end's pods are isolated by policies of the scope. */
export function isInScope(end: FlowEnd, scope: ReadonlySet<string>): boolean {
  return end.kind !== 'block' && !(end.kind === 'pods' && end.hostNetwork) && scope.has(end.namespace);
}

/** For messages: `app/api (Deployment)`, `203.0.113.0/24 except 203.0.113.99/32`. */
export function describeEnd(end: FlowEnd): string {
  switch (end.kind) {
    case 'pods': return end.selection.description;
    case 'unselectable': return end.description;
    case 'block': return end.block.label;
  }
}

function endOf(endpoint: Endpoint, written: unknown, selections: Selections): FlowEnd {
  if (endpoint.kind === 'pod') {
    const { pod } = endpoint;
    const inManifests = pod.index >= 0 || pod.kind !== 'Pod (not in manifests)';
    const outcome = selections.ofPod(pod);
    return outcome.kind === 'selection'
      ? { kind: 'pods', namespace: pod.namespace, selection: outcome.selection, inManifests, hostNetwork: pod.hostNetwork }
      : { kind: 'unselectable', namespace: pod.namespace, inManifests, description: describeEndpoint(endpoint), reason: outcome.reason };
  }
  if (endpoint.kind === 'address') {
    const bits = endpoint.ip.family === 4 ? 32 : 128;
    const cidr = `${endpoint.ip.text}/${bits}`;
    const addresses = IpRangeSet.of([{ family: endpoint.ip.family, start: endpoint.ip.value, end: endpoint.ip.value }]);
    return { kind: 'block', block: { cidr, except: [], addresses, key: cidr, name: endpoint.ip.text, label: endpoint.label } };
  }
  return { kind: 'block', block: rangeBlock(written as { cidr: string; except?: string[] }, endpoint.addresses, endpoint.label) };
}

function serviceEnd(flow: ResolvedFlow, selections: Selections): FlowEnd {
  const service = flow.service!;
  const outcome = selections.ofService(service);
  const description = `Service ${service.namespace}/${service.name}`;
  return outcome.kind === 'selection'
    ? { kind: 'pods', namespace: service.namespace, selection: outcome.selection, inManifests: true, hostNetwork: false }
    : { kind: 'unselectable', namespace: service.namespace, inManifests: true, description, reason: outcome.reason };
}

/**
 * `{cidr, except}` as an ipBlock: host bits cleared (the API server's strict CIDR validation
 * refuses them), and only the excepts strictly inside the block (the only ones it accepts; the
 * others remove nothing from it).
 */
function rangeBlock(written: { cidr: string; except?: string[] }, addresses: IpRangeSet, label: string): AddressBlock {
  const block = parseCidr(written.cidr)!;
  const canonical = (c: NonNullable<ReturnType<typeof parseCidr>>) => `${formatIp(c.family, c.start)}/${c.prefix}`;
  const except = (written.except ?? [])
    .map((text) => parseCidr(text)!)
    .filter((hole) => hole.family === block.family && hole.prefix > block.prefix && block.start <= hole.start && hole.end <= block.end)
    .map(canonical);
  const sortedExcept = [...new Set(except)].sort(compareStrings);
  const cidr = canonical(block);
  const key = sortedExcept.length ? `${cidr} except ${sortedExcept.join(',')}` : cidr;
  return { cidr, except: sortedExcept, addresses, key, name: cidr, label };
}

/** A Service flow's rules name the targetPort (a number, or a container port name); other flows their own port. */
function rulePort(flow: ResolvedFlow): RulePort {
  const { spec, service } = flow;
  if (!service) return { protocol: spec.protocol, port: spec.port };
  const servicePort = service.ports.find((p) => p.protocol === spec.protocol && (typeof spec.port === 'number' ? p.port === spec.port : p.name === spec.port));
  return { protocol: spec.protocol, port: servicePort ? servicePort.targetPort : spec.port };
}
