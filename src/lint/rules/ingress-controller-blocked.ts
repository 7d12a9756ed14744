import { describeLabels, describePod } from '../../evaluator/endpoint';
import { KubeObject, NAMESPACE_NAME_LABEL, namespaceOf } from '../../evaluator/kube';
import { ClusterModel } from '../../evaluator/model';
import { CompiledPolicy } from '../../evaluator/policy';
import { describePlatformPods, ingressAllows, platformPods } from '../platform-endpoints';
import { LintContext, LintRule, RuleHit } from '../rule';
import { describeServicePort, serviceBackendPorts } from './support/service-ports';

/** Pods an Ingress routes to, isolated for ingress with no rule admitting the ingress controller. */
export const ingressControllerBlocked: LintRule = {
  id: 'ingress-controller-blocked',
  severity: 'warning',
  title: 'Ingress backend that the ingress controller cannot reach',
  explanation: 'Traffic from an Ingress reaches the pods from the ingress controller\'s pods, on the Service\'s targetPort. Once the backend pods are isolated for ingress, a policy must admit the controller, or the site answers 502/504 while every pod is healthy.',
  fix: 'Allow ingress from the ingress controller pods (namespaceSelector and podSelector of the cluster profile) on the targetPort.',
  example: 'an Ingress to Service web, and `policyTypes: [Ingress]` on the web pods admitting only app=frontend',
  check({ model, profile }: LintContext): RuleHit[] {
    const controllers = platformPods(model, profile.ingressController);
    const blocked = new Map<CompiledPolicy, Set<string>>();
    for (const backend of ingressBackends(model)) {
      for (const { servicePort, service, pod, podPort, protocol } of backendPorts(model, backend)) {
        const isolating = model.selectingPolicies(pod, 'Ingress');
        if (isolating.length === 0 || controllers.some((c) => ingressAllows(model, c, pod, podPort, protocol))) continue;
        const what = `${describePod(pod)} on ${protocol} ${podPort} (${describeServicePort(service, servicePort)}, routed by Ingress ${backend.ingress})`;
        for (const index of isolating) blocked.set(model.policies[index], (blocked.get(model.policies[index]) ?? new Set()).add(what));
      }
    }
    const controller = describePlatformPods(profile.ingressController);
    const peer = `{namespaceSelector: ${describeLabels({ [NAMESPACE_NAME_LABEL]: profile.ingressController.namespace })}, podSelector: ${describeLabels(profile.ingressController.podLabels)}}`;
    return [...blocked].map(([policy, targets]) => ({
      policy,
      field: 'spec.ingress',
      info: `isolates ingress of ${[...targets].sort().join('; ')}, and no policy admits the ingress controller ${controller} there`,
      fix: `allow ingress from ${peer} on those ports (or lint with the cluster profile that names your ingress controller)`,
    }));
  },
};

interface IngressBackend {
  /** `ns/name` of the Ingress. */
  readonly ingress: string;
  readonly namespace: string;
  readonly service: string;
  readonly port: number | string;
}

/** The Service backends of every networking.k8s.io/v1 Ingress: the default backend and each path's. */
function ingressBackends(model: ClusterModel): IngressBackend[] {
  const backends: IngressBackend[] = [];
  for (const { object } of model.objects) {
    if (object?.kind !== 'Ingress' || object.apiVersion !== 'networking.k8s.io/v1') continue;
    const namespace = namespaceOf(object);
    const ingress = `${namespace}/${object.metadata?.name}`;
    const services: unknown[] = [object.spec?.defaultBackend?.service];
    for (const rule of Array.isArray(object.spec?.rules) ? object.spec.rules : []) {
      for (const path of Array.isArray(rule?.http?.paths) ? rule.http.paths : []) services.push(path?.backend?.service);
    }
    for (const service of services) {
      const backend = readServiceBackend(service);
      if (backend) backends.push({ ingress, namespace, ...backend });
    }
  }
  return backends;
}

function readServiceBackend(service: unknown): { service: string; port: number | string } | undefined {
  if (!service || typeof service !== 'object') return undefined;
  const { name, port } = service as KubeObject;
  const ref = Number.isInteger(port?.number) ? port.number : typeof port?.name === 'string' ? port.name : undefined;
  return typeof name === 'string' && ref !== undefined ? { service: name, port: ref } : undefined;
}

function backendPorts(model: ClusterModel, backend: IngressBackend): ReturnType<typeof serviceBackendPorts> {
  const service = model.services.find((s) => s.namespace === backend.namespace && s.name === backend.service);
  if (!service) return [];
  const ports = service.ports.filter((p) => (typeof backend.port === 'number' ? p.port === backend.port : p.name === backend.port));
  return serviceBackendPorts(model, service, ports);
}
