import { CompiledClusterPolicy } from '../../evaluator/cluster-policy';
import { describeEndpoint, describeLabels, Endpoint } from '../../evaluator/endpoint';
import { evaluateFlow, FlowResult, SideResult } from '../../evaluator/evaluate';
import { addressEndpoint } from '../../evaluator/flows';
import { formatIp, parseCidr, parseIp } from '../../evaluator/ip';
import { NAMESPACE_NAME_LABEL, Protocol } from '../../evaluator/kube';
import { ClusterModel, PodInfo } from '../../evaluator/model';
import { Direction } from '../../evaluator/policy';
import { describePlatformPods, platformPods } from '../platform-endpoints';
import { LintContext, LintRule, RuleHit } from '../rule';

/** Container port names that scrape configs and ServiceMonitors conventionally target. */
const METRICS_PORT_NAMES = new Set(['metrics', 'http-metrics', 'prometheus']);
const DNS_ADDRESS_PORTS: ReadonlyArray<{ port: number; protocol: Protocol }> = [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }];
const LISTED = 3;

/** Admin Deny and Baseline deny rules that cut pods off from the cluster DNS or the metrics scraper. */
export const cnpBlocksPlatform: LintRule = {
  id: 'cnp-blocks-platform',
  severity: 'error',
  title: 'ClusterNetworkPolicy Deny that blocks the cluster DNS or the metrics scraper',
  explanation: 'A cluster-wide Deny is easy to write wider than meant: an Admin Deny no namespace can override, or a Baseline default deny on namespaces without policies, that also drops DNS queries (every Service call then fails with a lookup timeout) or the Prometheus scrape (targets go down and alerts go silent). Found by evaluating each selected pod\'s DNS lookups and each metrics port\'s scrape through all tiers, with the DNS and scraper pods of the cluster profile.',
  fix: 'Accept DNS and the scraper before the Deny: AlwaysAllowPlatform in the Admin tier (made first, so it has the lower priority number), or an Accept rule above the Deny in the same policy.',
  example: 'a Baseline policy on `namespaces: {}` with egress `Deny` to `namespaces: {}` and no DNS Accept before it',
  check({ model, profile }: LintContext): RuleHit[] {
    const denying = model.clusterPolicies.filter((p) => p.rules.Ingress.some(isDeny) || p.rules.Egress.some(isDeny));
    if (denying.length === 0) return [];
    const blocked = new Blocked(model);
    const dnsPods = platformPods(model, profile.dns);
    const dnsAddresses = profile.dnsAddresses.map((cidr) => firstAddress(model, cidr)).filter((e): e is Endpoint => e !== undefined);
    const scrapers = platformPods(model, profile.monitoring);
    const lookups = [
      ...profile.dns.ports.map(({ port, protocol }) => ({ targets: dnsPods.map(podEndpoint), port, protocol })),
      ...DNS_ADDRESS_PORTS.map(({ port, protocol }) => ({ targets: dnsAddresses, port, protocol })),
    ].filter((lookup) => lookup.targets.length > 0);
    // Only a side that some ClusterNetworkPolicy Deny applies to can be blocked by one: skip the flows that cannot.
    const dnsAnswersDenied = dnsPods.some((dns) => mayDeny(model, dns, 'Ingress'));
    const scraperDenied = scrapers.some((scraper) => mayDeny(model, scraper, 'Egress'));
    for (const pod of [...model.pods.filter((p) => !p.hostNetwork), ...standInSubjects(model, denying)]) {
      if (dnsAnswersDenied || mayDeny(model, pod, 'Egress')) {
        for (const { targets, port, protocol } of lookups) blocked.check(podEndpoint(pod), targets, port, protocol, 'DNS');
      }
      if (scraperDenied || mayDeny(model, pod, 'Ingress')) {
        for (const port of metricsPorts(pod)) {
          for (const scraper of scrapers) blocked.check(podEndpoint(scraper), [podEndpoint(pod)], port, 'TCP', 'the metrics scrape');
        }
      }
    }
    return blocked.hits(describePlatformPods(profile.dns), describePlatformPods(profile.monitoring));
  },
};

function isDeny(rule: { action: string }): boolean {
  return rule.action === 'Deny';
}

/** Whether some Admin or Baseline policy selecting the pod has a Deny rule for the direction. */
function mayDeny(model: ClusterModel, pod: PodInfo, direction: Direction): boolean {
  return (['Admin', 'Baseline'] as const).some((tier) => model.clusterPoliciesFor(pod, tier, direction).some((policy) => policy.rules[direction].some(isDeny)));
}

function podEndpoint(pod: PodInfo): Endpoint {
  return { kind: 'pod', pod };
}

/** Where a DNS address range answers: its first address (the profile's are single addresses). */
function firstAddress(model: ClusterModel, cidrText: string): Endpoint | undefined {
  const cidr = parseCidr(cidrText);
  const ip = cidr ? parseIp(formatIp(cidr.family, cidr.start)) : undefined;
  return ip ? addressEndpoint(model, ip) : undefined;
}

/** The pod's metrics ports: TCP container ports with a conventional metrics name. */
function metricsPorts(pod: PodInfo): number[] {
  return [...new Set(pod.ports.filter((p) => p.protocol === 'TCP' && p.name !== undefined && METRICS_PORT_NAMES.has(p.name)).map((p) => p.port))].sort((a, b) => a - b);
}

/**
 * For a denying policy whose subject selects no pod of the manifests (platform policies often
 * ship without workloads), one pod it would select: in a matching namespace, with the labels
 * its pod selector requires.
 */
function standInSubjects(model: ClusterModel, policies: readonly CompiledClusterPolicy[]): PodInfo[] {
  const standIns: PodInfo[] = [];
  for (const policy of policies) {
    if (model.pods.some((pod) => model.selectionMatches(policy.subject, pod))) continue;
    const named = policy.subject.namespaceSelector.requiredPairs.find(([key]) => key === NAMESPACE_NAME_LABEL)?.[1];
    const namespace = named ?? model.namespaces.find((ns) => policy.subject.namespaceSelector.matches(ns.labels))?.name;
    if (namespace === undefined) continue;
    const labels = Object.fromEntries(policy.subject.podSelector?.requiredPairs ?? []);
    const pod: PodInfo = { index: -1, kind: `stand-in for the subject of ${policy.name}`, namespace, name: describeLabels(labels), labels, ips: [], ports: [], hostNetwork: false };
    if (model.selectionMatches(policy.subject, pod)) standIns.push(pod);
  }
  return standIns;
}

/** Flows that a ClusterNetworkPolicy Deny decides, grouped by policy and rule. */
class Blocked {
  private readonly byRule = new Map<string, { policy: CompiledClusterPolicy; direction: Direction; rule: number; flows: Map<string, string[]> }>();

  constructor(private readonly model: ClusterModel) {}

  /** Records the Deny that stops `from` reaching all of `targets`, if a ClusterNetworkPolicy decides it. */
  public check(from: Endpoint, targets: readonly Endpoint[], port: number, protocol: Protocol, what: string): void {
    let first: FlowResult | undefined;
    for (const to of targets) {
      const result = evaluateFlow(this.model, { from, to, port, protocol });
      if (result.verdict !== 'deny') return;
      first ??= result;
    }
    if (!first) return;
    const side = !first.egress.allowed ? first.egress : first.ingress;
    const policy = this.denyingPolicy(side);
    if (!policy) return;
    const key = `${policy.name}\u0000${side.direction}\u0000${side.decidedBy.rule}`;
    const entry = this.byRule.get(key) ?? { policy, direction: side.direction, rule: side.decidedBy.rule!, flows: new Map<string, string[]>() };
    this.byRule.set(key, entry);
    const flow = `${describeEndpoint(from)} -> ${describeEndpoint(targets[0])} on ${protocol} ${port}`;
    entry.flows.set(what, [...(entry.flows.get(what) ?? []), flow]);
  }

  public hits(dns: string, scraper: string): RuleHit[] {
    return [...this.byRule.values()].map(({ policy, direction, rule, flows }) => {
      const named = policy.rules[direction][rule]?.name;
      const what = [...flows.keys()];
      const listed = [...flows].map(([kind, list]) => `${kind}: ${list.slice(0, LISTED).join('; ')}${list.length > LISTED ? ` and ${list.length - LISTED} more` : ''}`);
      return {
        clusterPolicy: policy,
        field: `spec.${direction.toLowerCase()}[${rule}]`,
        info: `${direction.toLowerCase()} rule ${rule}${named ? ` "${named}"` : ''} (Deny) blocks ${what.join(' and ')} (${listed.join('; ')})`,
        fix: `accept ${what.map((kind) => (kind === 'DNS' ? `DNS (${dns})` : `the scraper (${scraper})`)).join(' and ')} before this rule: AlwaysAllowPlatform in the Admin tier with a lower priority number, or an Accept rule above it`,
      };
    });
  }

  private denyingPolicy(side: SideResult): CompiledClusterPolicy | undefined {
    const step = side.decidedBy;
    if ((step.tier !== 'Admin' && step.tier !== 'Baseline') || step.action !== 'Deny') return undefined;
    return this.model.clusterPolicies.find((p) => p.name === step.policy);
  }
}
