import { describeLabels, describePod } from '../../evaluator/endpoint';
import { dig, NAMESPACE_NAME_LABEL, namespaceOf, WORKLOAD_TEMPLATE_PATHS } from '../../evaluator/kube';
import { ClusterModel, PodInfo } from '../../evaluator/model';
import { CompiledPolicy } from '../../evaluator/policy';
import { describePlatformPods, ingressAllows, platformPods } from '../platform-endpoints';
import { LintContext, LintRule, RuleHit } from '../rule';

/** Container port names that Prometheus scrape configs and ServiceMonitors conventionally target. */
const METRICS_PORT_NAMES = new Set(['metrics', 'http-metrics', 'prometheus']);
const SCRAPE_PORT_ANNOTATION = 'prometheus.io/port';

/** Ingress-isolated pods with a metrics port that the monitoring scraper cannot reach. */
export const monitoringScrapeBlocked: LintRule = {
  id: 'monitoring-scrape-blocked',
  severity: 'warning',
  title: 'Metrics port that the monitoring scraper cannot reach',
  explanation: 'Prometheus scrapes each pod directly on its metrics port. Ingress isolation that admits only the application\'s clients also shuts out the scraper: the targets go down, and the alerts that should catch an outage go silent with them.',
  fix: 'Allow ingress from the monitoring pods (namespaceSelector and podSelector of the cluster profile) on the metrics port.',
  example: 'a container port named `metrics` (or annotation prometheus.io/port) on pods whose only ingress rule admits app=frontend',
  check({ model, profile }: LintContext): RuleHit[] {
    const scrapers = platformPods(model, profile.monitoring);
    const annotations = podAnnotations(model);
    const blocked = new Map<CompiledPolicy, string[]>();
    for (const pod of model.pods) {
      const isolating = model.selectingPolicies(pod, 'Ingress');
      if (isolating.length === 0) continue;
      for (const port of metricsPorts(pod, annotations)) {
        if (scrapers.some((scraper) => ingressAllows(model, scraper, pod, port.port, 'TCP'))) continue;
        const what = `${describePod(pod)} on TCP ${port.port} (${port.why})`;
        for (const index of isolating) blocked.set(model.policies[index], [...(blocked.get(model.policies[index]) ?? []), what]);
      }
    }
    const scraper = describePlatformPods(profile.monitoring);
    const peer = `{namespaceSelector: ${describeLabels({ [NAMESPACE_NAME_LABEL]: profile.monitoring.namespace })}, podSelector: ${describeLabels(profile.monitoring.podLabels)}}`;
    return [...blocked].map(([policy, targets]) => ({
      policy,
      field: 'spec.ingress',
      info: `isolates ingress of ${targets.join('; ')}, and no policy admits the monitoring scraper ${scraper} there`,
      fix: `allow ingress from ${peer} on the metrics port (or lint with the cluster profile that names your scraper)`,
    }));
  },
};

/** The pod's metrics ports: conventionally named container ports, and the prometheus.io/port annotation. */
function metricsPorts(pod: PodInfo, annotations: ReadonlyMap<string, Record<string, unknown>>): Array<{ port: number; why: string }> {
  const ports = new Map<number, string>();
  for (const p of pod.ports) {
    if (p.protocol === 'TCP' && p.name !== undefined && METRICS_PORT_NAMES.has(p.name)) ports.set(p.port, `container port "${p.name}"`);
  }
  const annotated = Number(annotations.get(podKey(pod.kind, pod.namespace, pod.name))?.[SCRAPE_PORT_ANNOTATION]);
  if (Number.isInteger(annotated) && annotated >= 1 && annotated <= 65535 && !ports.has(annotated)) ports.set(annotated, `annotation ${SCRAPE_PORT_ANNOTATION}`);
  return [...ports].sort(([a], [b]) => a - b).map(([port, why]) => ({ port, why }));
}

/** Annotations of every Pod and workload pod template, by kind, namespace and name (PodInfo has none). */
function podAnnotations(model: ClusterModel): Map<string, Record<string, unknown>> {
  const byPod = new Map<string, Record<string, unknown>>();
  for (const { object } of model.objects) {
    const path = object?.kind === 'Pod' ? [] : WORKLOAD_TEMPLATE_PATHS[object?.kind];
    if (!path) continue;
    const annotations = dig(object, [...path, 'metadata', 'annotations']);
    if (annotations && typeof annotations === 'object') byPod.set(podKey(object.kind, namespaceOf(object), object.metadata?.name), annotations);
  }
  return byPod;
}

function podKey(kind: string, namespace: string, name: string): string {
  return `${kind} ${namespace}/${name}`;
}
