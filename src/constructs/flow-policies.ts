import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterProfile } from './cluster-profile';
import { Port } from './port';
import { collectManifests } from '../checks/collect';
import { DeclaredFlow, flowEntry } from '../checks/declared-flow';
import { FlowEndpoint } from '../checks/flow-endpoint';
import { FlowOptions, NetworkChecks } from '../checks/network-checks';
import { formatProblem, InputError } from '../evaluator/errors';
import { parseFlowsDocument } from '../evaluator/flows';
import { formatConflict, GeneratedPoliciesCheckError, generatePolicies, UnsatisfiableFlowsError } from '../generate';

/** Properties for `FlowPolicies`. */
export interface FlowPoliciesProps {
  /**
   * The namespaces whose pods the policies isolate (ingress and egress).
   * @default - every namespace in which a declared flow starts or ends at a workload or Pod of the app
   */
  readonly namespaces?: string[];

  /**
   * Let every isolated pod query the cluster DNS on UDP and TCP.
   * @default true
   */
  readonly dns?: boolean;

  /**
   * Where the cluster DNS answers.
   * @default ClusterProfile.upstream()
   */
  readonly profile?: ClusterProfile;
}

const FLOW_POLICIES = Symbol.for('cdk8s-netpol.FlowPolicies');

/**
 * The chart's declared flows become its NetworkPolicies: least privilege, written at synth by
 * the same generator as `netpol generate` and proven before they exist. Each namespace of the
 * scope gets `default-deny` and `allow-dns`, each allow flow an egress policy at its source and
 * an ingress policy at its destination (in the scope), each rule annotated with the flows it
 * serves. Every declared flow is also registered with `NetworkChecks.of(this)`, so the app's
 * checks prove the result like any other policy. A list that cannot hold fails synth with every
 * conflict named.
 *
 * The policies are made when the app is first synthesized (or `policies` is read): flows and
 * workloads declared after that do not count.
 */
export class FlowPolicies extends Construct {
  /** Whether `x` is a `FlowPolicies` of this library (works across copies of the package). */
  public static isFlowPolicies(x: any): x is FlowPolicies {
    return x !== null && typeof x === 'object' && FLOW_POLICIES in x;
  }

  private readonly props: FlowPoliciesProps;
  private readonly flows: DeclaredFlow[] = [];
  private generated?: { readonly objects: ApiObject[]; readonly errors: string[] };

  constructor(scope: Construct, id: string, props: FlowPoliciesProps = {}) {
    super(scope, id);
    Object.defineProperty(this, FLOW_POLICIES, { value: true });
    this.props = props;
    // The app root validates first: the policies exist before any other check collects manifests.
    this.node.root.node.addValidation({ validate: () => this.generate().errors });
  }

  /** Declares that `from` must reach `to` on `port`: the policies open exactly that. */
  public allow(from: FlowEndpoint, to: FlowEndpoint, port: Port, options: FlowOptions = {}): void {
    this.declare({ from, to, port, expect: 'allow', name: options.name });
    NetworkChecks.of(this).allow(from, to, port, options);
  }

  /** Declares that `from` must not reach `to` on `port`: synth fails if the policies cannot keep it closed. */
  public deny(from: FlowEndpoint, to: FlowEndpoint, port: Port, options: FlowOptions = {}): void {
    this.declare({ from, to, port, expect: 'deny', name: options.name });
    NetworkChecks.of(this).deny(from, to, port, options);
  }

  /**
   * The generated NetworkPolicy objects, made now if the app has not been synthesized yet.
   * Throws, naming every conflict, when the declared flows cannot all hold.
   */
  public get policies(): ApiObject[] {
    const { objects, errors } = this.generate();
    if (errors.length > 0) throw new Error(errors.join('\n'));
    return [...objects];
  }

  private declare(flow: DeclaredFlow): void {
    if (this.generated) throw new Error(`${this.node.path}: the policies were generated already; declare every flow before the app is synthesized`);
    this.flows.push(flow);
  }

  /** Generates once: the app's other manifests are the model; the result becomes ApiObjects here. */
  private generate(): { readonly objects: ApiObject[]; readonly errors: string[] } {
    if (this.generated) return this.generated;
    const source = `${this.node.path} (declared flows)`;
    const objects: ApiObject[] = [];
    let errors: string[] = [];
    try {
      const flows = parseFlowsDocument({ flows: this.flows.map(flowEntry) }, source);
      const result = generatePolicies(collectManifests(this), flows, {
        profile: (this.props.profile ?? ClusterProfile.upstream())._toPlatformProfile(),
        scope: this.props.namespaces,
        dns: this.props.dns,
        flowsSource: source,
      });
      for (const policy of result.policies) {
        const { apiVersion, kind, metadata, spec } = policy;
        objects.push(new ApiObject(this, `${metadata.namespace}.${metadata.name}`, { apiVersion, kind, metadata, spec }));
      }
    } catch (error) {
      errors = failureMessages(error).map((message) => `${this.node.path}: ${message}`);
    }
    this.generated = { objects, errors };
    return this.generated;
  }
}

function failureMessages(error: unknown): string[] {
  if (error instanceof UnsatisfiableFlowsError) return error.conflicts.map((c) => `unsatisfiable flows: ${formatConflict(c)}`);
  if (error instanceof GeneratedPoliciesCheckError) return error.failures.map((f) => `generated policies failed their re-check: ${f}`);
  if (error instanceof InputError) return error.problems.map(formatProblem);
  throw error;
}
