import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { IPodSource } from '../constructs/pod-source';
import { ProblemCollector } from '../evaluator/errors';
import { EndpointSpec } from '../evaluator/flows';
import { parseCidr, parseIp } from '../evaluator/ip';
import { DEFAULT_NAMESPACE } from '../evaluator/kube';

/**
 * One end of a declared flow. It means what the same endpoint means in a flows file
 * (FLOWS.md), so `netpol check` on the synthesized YAML re-proves exactly these flows.
 */
export class FlowEndpoint {
  /** The pods of a workload (cdk8s-plus-27 Deployment, StatefulSet, ..., or any IPodSource): `NS/NAME`. */
  public static workload(source: IPodSource): FlowEndpoint {
    return new FlowEndpoint(() => {
      const meta = source.metadata;
      const name = meta.name ?? ApiObject.of(source).name;
      return `${meta.namespace ?? DEFAULT_NAMESPACE}/${name}`;
    }, `pods of ${source.node.path}`);
  }

  /** The Pod (or workload) `name` in `namespace`, as the manifests name it. */
  public static pod(namespace: string, name: string): FlowEndpoint {
    return new FlowEndpoint(() => `${namespace}/${name}`, `${namespace}/${name}`);
  }

  /** A pod that is not in the manifests (a debug pod, "a random client"): its namespace and labels. */
  public static pods(namespace: string, labels: { [key: string]: string }): FlowEndpoint {
    return new FlowEndpoint(() => ({ namespace, labels: { ...labels } }), `pods {${Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ')}} in ${namespace}`);
  }

  /** Any pod of a namespace (one with no labels of interest). */
  public static namespace(name: string): FlowEndpoint {
    return new FlowEndpoint(() => ({ namespace: name, labels: {} }), `a pod in namespace ${name}`);
  }

  /** The pods behind a Service (destination only); the flow's port is the Service's port. */
  public static service(namespace: string, name: string): FlowEndpoint {
    return new FlowEndpoint(() => ({ service: `${namespace}/${name}` }), `Service ${namespace}/${name}`);
  }

  /** The pods behind a Service construct (cdk8s-plus-27 `Service` or any ApiObject of kind Service). */
  public static serviceOf(service: IConstruct): FlowEndpoint {
    return new FlowEndpoint(() => {
      const json = ApiObject.of(service).toJson();
      return { service: `${json.metadata?.namespace ?? DEFAULT_NAMESPACE}/${json.metadata?.name}` };
    }, `Service ${service.node.path}`);
  }

  /** One address: a pod's IP means that pod, a Node's address that node, else a host outside the cluster. */
  public static address(ip: string): FlowEndpoint {
    FlowEndpoint.check('address', () => parseIp(ip) === undefined, ip, 'must be a valid IP address');
    return new FlowEndpoint(() => ip, ip);
  }

  /** A host outside the cluster reached by DNS name (ClusterNetworkPolicy `domainNames` match the name). */
  public static host(ip: string, domain: string): FlowEndpoint {
    FlowEndpoint.check('host', () => parseIp(ip) === undefined, ip, 'must be a valid IP address');
    return new FlowEndpoint(() => ({ ip, domain }), `${domain} (${ip})`);
  }

  /** A range of external addresses; `allow` needs every address allowed, `deny` none. */
  public static cidr(cidr: string, except?: string[]): FlowEndpoint {
    FlowEndpoint.check('cidr', () => parseCidr(cidr) === undefined, cidr, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)');
    for (const hole of except ?? []) FlowEndpoint.check('cidr', () => parseCidr(hole) === undefined, hole, 'must be a valid CIDR value');
    return new FlowEndpoint(() => ({ cidr, ...(except && except.length ? { except: [...except] } : {}) }), except?.length ? `${cidr} except ${except.join(', ')}` : cidr);
  }

  private static check(factory: string, isBad: () => boolean, value: string, message: string): void {
    const problems = new ProblemCollector();
    if (isBad()) problems.add({ code: 'invalid-endpoint', object: `FlowEndpoint.${factory}`, message: `Invalid value: ${JSON.stringify(value)}: ${message}` });
    problems.throwIfAny();
  }

  private constructor(private readonly render: () => EndpointSpec, private readonly label: string) {}

  /** The endpoint as a flows file writes it, read when the app synthesizes. @internal */
  public _toSpec(): EndpointSpec {
    return this.render();
  }

  public toString(): string {
    return this.label;
  }
}
