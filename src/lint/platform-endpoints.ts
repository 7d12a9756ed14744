import { describeLabels, describePod, PodEndpoint } from '../evaluator/endpoint';
import { evaluateFlow } from '../evaluator/evaluate';
import { Protocol } from '../evaluator/kube';
import { ClusterModel, PodInfo } from '../evaluator/model';
import { PlatformPods } from '../profile/platform-profile';

/**
 * The pods of a platform service: those in the model when it has them, else one stand-in
 * pod with the profile's namespace and labels (a chart rarely declares kube-system).
 */
export function platformPods(model: ClusterModel, pods: PlatformPods): PodInfo[] {
  const present = model.podsInNamespace(pods.namespace).filter((pod) => Object.entries(pods.podLabels).every(([k, v]) => pod.labels[k] === v));
  if (present.length > 0) return present;
  return [{ index: -1, kind: 'Pod (from the cluster profile)', namespace: pods.namespace, name: describeLabels(pods.podLabels), labels: pods.podLabels, ips: [], ports: [], hostNetwork: false }];
}

export function describePlatformPods(pods: PlatformPods): string {
  return `${pods.namespace}/${describeLabels(pods.podLabels)}`;
}

/** Whether the pod's own egress policies let it send to `to` on port/protocol (ingress at `to` not considered). */
export function egressAllows(model: ClusterModel, from: PodInfo, to: PodInfo, port: number, protocol: Protocol): boolean {
  const endpoint = (pod: PodInfo): PodEndpoint => ({ kind: 'pod', pod });
  return evaluateFlow(model, { from: endpoint(from), to: endpoint(to), port, protocol }).egress.allowed;
}

/** Whether the pod's ingress policies admit `from` on port/protocol (egress at `from` not considered). */
export function ingressAllows(model: ClusterModel, from: PodInfo, to: PodInfo, port: number, protocol: Protocol): boolean {
  const endpoint = (pod: PodInfo): PodEndpoint => ({ kind: 'pod', pod });
  return evaluateFlow(model, { from: endpoint(from), to: endpoint(to), port, protocol }).ingress.allowed;
}

export function podList(pods: readonly PodInfo[], limit = 5): string {
  const names = pods.map(describePod);
  return names.length <= limit ? names.join(', ') : `${names.slice(0, limit).join(', ')} and ${names.length - limit} more`;
}
