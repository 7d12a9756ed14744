import { PlatformPods, PlatformProfile } from './platform-profile';
import { SourcedObject } from '../evaluator/kube';

/**
 * Pods standing in for the platform (DNS, ingress controller, monitoring) when the manifests
 * do not declare them, so flows and lint can name them. Kept out when the namespace already
 * has a matching pod or workload.
 */
export function platformStandIns(profile: PlatformProfile, objects: readonly SourcedObject[]): SourcedObject[] {
  const wanted: Array<{ role: string; pods: PlatformPods; ports: Array<{ name: string; containerPort: number; protocol: string }> }> = [
    { role: 'dns', pods: profile.dns, ports: profile.dns.ports.map((p) => ({ name: `dns-${p.protocol.toLowerCase()}`, containerPort: p.port, protocol: p.protocol })) },
    { role: 'ingress-controller', pods: profile.ingressController, ports: [] },
    { role: 'monitoring', pods: profile.monitoring, ports: [] },
  ];
  return wanted
    .filter(({ pods }) => !declares(objects, pods))
    .map(({ role, pods, ports }) => ({
      source: `cluster profile "${profile.name}" (${role})`,
      object: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `profile-${role}`, namespace: pods.namespace, labels: { ...pods.podLabels } },
        spec: { containers: [{ name: role, image: 'cluster-profile-stand-in', ...(ports.length ? { ports } : {}) }] },
      },
    }));
}

function declares(objects: readonly SourcedObject[], pods: PlatformPods): boolean {
  return objects.some(({ object }) => {
    const namespace = object?.metadata?.namespace ?? 'default';
    if (namespace !== pods.namespace) return false;
    const labels = object.kind === 'Pod' ? object.metadata?.labels : object.spec?.template?.metadata?.labels ?? object.spec?.jobTemplate?.spec?.template?.metadata?.labels;
    return labels !== undefined && Object.entries(pods.podLabels).every(([k, v]) => labels[k] === v);
  });
}
