import { ApiObject, Chart } from 'cdk8s';

/** The seed lab as raw ApiObjects: namespace app, Deployments api and frontend, allow-frontend-to-api. */
export function addRawLab(chart: Chart, options: { policyPort?: number } = {}): void {
  new ApiObject(chart, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'app' } });
  deployment(chart, 'api', { app: 'api' }, [{ name: 'http', containerPort: 80 }]);
  deployment(chart, 'frontend', { app: 'frontend' }, []);
  new ApiObject(chart, 'allow-frontend-to-api', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'allow-frontend-to-api', namespace: 'app' },
    spec: {
      podSelector: { matchLabels: { app: 'api' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ protocol: 'TCP', port: options.policyPort ?? 80 }] }],
    },
  });
}

type ContainerPorts = Array<{ name: string; containerPort: number }>;

export function deployment(chart: Chart, name: string, labels: Record<string, string>, ports: ContainerPorts): ApiObject {
  return new ApiObject(chart, name, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'app' },
    spec: {
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name, image: 'nginx', ...(ports.length ? { ports } : {}) }] } },
    },
  });
}
