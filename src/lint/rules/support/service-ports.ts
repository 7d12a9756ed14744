import { servicePods } from '../../../evaluator/flows';
import { Protocol } from '../../../evaluator/kube';
import { ClusterModel, PodInfo, ServiceInfo, ServicePortInfo } from '../../../evaluator/model';

/** A Service port as it lands on one backend pod, after the Service's DNAT. */
export interface ServiceBackendPort {
  readonly service: ServiceInfo;
  readonly servicePort: ServicePortInfo;
  readonly pod: PodInfo;
  /** The pod port the Service sends to (its targetPort, resolved by name on the pod). */
  readonly podPort: number;
  readonly protocol: Protocol;
}

/** The pod port a Service port sends to on one pod; undefined when a named targetPort is not declared there. */
export function resolveTargetPort(servicePort: ServicePortInfo, pod: PodInfo): number | undefined {
  const target = servicePort.targetPort;
  if (typeof target === 'number') return target;
  return pod.ports.find((p) => p.name === target && p.protocol === servicePort.protocol)?.port;
}

/** Every (Service port, backend pod) pair of a Service whose targetPort resolves. */
export function serviceBackendPorts(
  model: ClusterModel, service: ServiceInfo, servicePorts: readonly ServicePortInfo[] = service.ports,
): ServiceBackendPort[] {
  const pods = servicePods(model, service).filter((pod) => !pod.hostNetwork);
  return servicePorts.flatMap((servicePort) => pods.flatMap((pod) => {
    const podPort = resolveTargetPort(servicePort, pod);
    return podPort === undefined ? [] : [{ service, servicePort, pod, podPort, protocol: servicePort.protocol }];
  }));
}

/** `Service app/api port 80 -> pod port 8080`. */
export function describeServicePort(service: ServiceInfo, servicePort: ServicePortInfo): string {
  const target = typeof servicePort.targetPort === 'number' ? `${servicePort.targetPort}` : `"${servicePort.targetPort}"`;
  return `Service ${service.namespace}/${service.name} ${servicePort.protocol} ${servicePort.port} (targetPort ${target})`;
}
