import { servicePods } from '../../evaluator/flows';
import { namespaceOf, SourcedObject } from '../../evaluator/kube';
import { PodInfo, ServicePortInfo } from '../../evaluator/model';
import { closest } from '../../evaluator/text';
import { podList } from '../platform-endpoints';
import { LintContext, LintRule, RuleHit } from '../rule';

/** A Service targetPort that no container port of its pods matches: connections time out whatever the policies say. */
export const serviceTargetPortMismatch: LintRule = {
  id: 'service-target-port-mismatch',
  severity: 'warning',
  title: 'Service targetPort that its pods do not declare',
  explanation: 'When a Service\'s targetPort names a port the pods do not declare, the pods get no endpoint; when it is a number no container declares, the Service most likely sends to a port nothing listens on. Either way connections time out exactly as if a policy blocked them, and no policy change fixes it: this is not a NetworkPolicy problem.',
  fix: 'Set the Service\'s targetPort to the container port (number or name) the application listens on.',
  example: 'Service api `targetPort: 8080` in front of pods whose only container port is `80` (named http)',
  check({ model }: LintContext): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const service of model.services) {
      const pods = servicePods(model, service);
      service.ports.forEach((servicePort, index) => {
        const missing = pods.filter((pod) => lacksTarget(pod, servicePort));
        if (missing.length === 0) return;
        hits.push({
          object: `Service ${service.namespace}/${service.name}`,
          source: sourceOf(model.objects, service.namespace, service.name),
          field: `spec.ports[${index}].targetPort`,
          info: `targetPort ${describeTarget(servicePort)} matches no container port of ${podList(missing)} (${declaredText(missing[0])}): connections through the Service fail whatever the policies allow; this is not a NetworkPolicy problem`,
          fix: fixFor(servicePort, missing[0]),
        });
      });
    }
    return hits;
  },
};

/**
 * A named targetPort must be declared on the pod. A number need not be (containerPort is informative),
 * so it counts as missing only when the pod declares ports of that protocol and not this one.
 */
function lacksTarget(pod: PodInfo, servicePort: ServicePortInfo): boolean {
  const target = servicePort.targetPort;
  const sameProtocol = pod.ports.filter((p) => p.protocol === servicePort.protocol);
  if (typeof target === 'string') return !sameProtocol.some((p) => p.name === target);
  return sameProtocol.length > 0 && !sameProtocol.some((p) => p.port === target);
}

function describeTarget(servicePort: ServicePortInfo): string {
  const target = typeof servicePort.targetPort === 'string' ? `"${servicePort.targetPort}"` : `${servicePort.targetPort}`;
  return `${target} (${servicePort.protocol})`;
}

function declaredText(pod: PodInfo): string {
  const ports = pod.ports.map((p) => `${p.protocol} ${p.port}${p.name ? ` "${p.name}"` : ''}`);
  return ports.length > 0 ? `it declares ${ports.join(', ')}` : 'it declares no ports';
}

function fixFor(servicePort: ServicePortInfo, pod: PodInfo): string {
  const ports = pod.ports.filter((p) => p.protocol === servicePort.protocol);
  if (typeof servicePort.targetPort === 'string') {
    const guess = closest(servicePort.targetPort, ports.flatMap((p) => (p.name ? [p.name] : [])));
    if (guess) return `did you mean "${guess}"? set targetPort: ${guess}`;
  }
  if (ports.length === 1) return `set targetPort to ${ports[0].port}${ports[0].name ? ` (or "${ports[0].name}")` : ''}, or declare the container port the application listens on`;
  return 'set targetPort to the container port the application listens on, and declare it in the pod template';
}

function sourceOf(objects: readonly SourcedObject[], namespace: string, name: string): string | undefined {
  return objects.find(({ object }) => object?.kind === 'Service' && object.metadata?.name === name && namespaceOf(object) === namespace)?.source;
}
