import { portEntryMatches } from '../../evaluator/evaluate';
import { ClusterModel, PodInfo } from '../../evaluator/model';
import { CompiledPolicy, CompiledPort, CompiledRule, Direction, DIRECTIONS } from '../../evaluator/policy';
import { podList } from '../platform-endpoints';
import { LintContext, LintRule, RuleHit } from '../rule';
import { portField, ruleDestinations } from './support/selection';
import { describeServicePort, ServiceBackendPort, serviceBackendPorts } from './support/service-ports';

/** A rule port equal to a Service's port where the Service sends to another pod port. */
export const servicePortInsteadOfTargetPort: LintRule = {
  id: 'service-port-instead-of-target-port',
  severity: 'warning',
  title: 'Rule port is the Service port, not the pod port',
  explanation: 'Plugins enforce policies on the packet after the Service\'s DNAT, so a rule sees the pod\'s port (the Service\'s targetPort), never the Service\'s own port. A rule on port 80 for a Service 80 -> 8080 allows nothing the Service sends: after DNS, the most reported NetworkPolicy mistake.',
  fix: 'Use the targetPort (the container port, or its name) in the rule.',
  example: 'Service api `port: 80, targetPort: 8080` and an ingress rule on the api pods with `ports: [{port: 80}]`',
  check({ model }: LintContext): RuleHit[] {
    const backends = model.services.flatMap((service) => serviceBackendPorts(model, service));
    const hits: RuleHit[] = [];
    for (const policy of model.policies) {
      for (const direction of DIRECTIONS) {
        for (const rule of policy.rules[direction]) hits.push(...ruleHits(model, policy, direction, rule, backends));
      }
    }
    return hits;
  },
};

function ruleHits(
  model: ClusterModel, policy: CompiledPolicy, direction: Direction, rule: CompiledRule, backends: readonly ServiceBackendPort[],
): RuleHit[] {
  // An egress rule without peers is about every destination, outside ones included: no Service to blame.
  if (rule.ports === undefined || (direction === 'Egress' && rule.peers === undefined)) return [];
  let destinations: Set<PodInfo> | undefined;
  const hits: RuleHit[] = [];
  for (const entry of rule.ports) {
    if (entry.port === undefined || entry.endPort !== undefined) continue;
    const candidates = backends.filter((b) => confusesServicePort(entry, rule, b));
    if (candidates.length === 0) continue;
    destinations ??= new Set(ruleDestinations(model, policy, direction, rule));
    const missed = candidates.filter((b) => destinations!.has(b.pod));
    for (const group of groupByServicePort(missed)) {
      const [first] = group;
      const named = typeof first.servicePort.targetPort === 'string' ? ` (or the port name "${first.servicePort.targetPort}")` : '';
      hits.push({
        policy,
        field: `${portField(direction, rule, entry.index)}.port`,
        info: `allows ${entry.protocol} ${entry.port}, the port of ${describeServicePort(first.service, first.servicePort)}, but policies see the pod port after the Service's DNAT: connections to ${podList(group.map((b) => b.pod))} arrive on ${entry.protocol} ${first.podPort}, which this rule does not allow`,
        fix: `use port ${first.podPort}${named}`,
      });
    }
  }
  return hits;
}

/** The entry names the Service port, the Service sends elsewhere, and nothing in the rule allows where it sends. */
function confusesServicePort(entry: CompiledPort, rule: CompiledRule, backend: ServiceBackendPort): boolean {
  const { servicePort, pod, podPort, protocol } = backend;
  if (servicePort.port !== entry.port || protocol !== entry.protocol || podPort === entry.port) return false;
  if (declaresPort(pod, entry.port, protocol)) return false;
  return !(rule.ports ?? []).some((other) => portEntryMatches(other, podPort, protocol, pod));
}

function declaresPort(pod: PodInfo, port: number, protocol: string): boolean {
  return pod.ports.some((p) => p.port === port && p.protocol === protocol);
}

function groupByServicePort(backends: readonly ServiceBackendPort[]): ServiceBackendPort[][] {
  const groups = new Map<string, ServiceBackendPort[]>();
  for (const backend of backends) {
    const key = `${backend.service.namespace}/${backend.service.name}#${backend.servicePort.port}/${backend.protocol}#${backend.podPort}`;
    groups.set(key, [...(groups.get(key) ?? []), backend]);
  }
  return [...groups.values()];
}
