import { Construct, IConstruct } from 'constructs';
import * as yaml from 'js-yaml';
import { collectManifests } from './collect';
import { DeclaredFlow, flowEntry } from './declared-flow';
import { FlowEndpoint } from './flow-endpoint';
import { Verification, verify } from './verify';
import { ClusterProfile } from '../constructs/cluster-profile';
import { Port } from '../constructs/port';
import { rootSingleton } from '../constructs/root-singleton';

const CHECKS_SYMBOL = Symbol.for('cdk8s-netpol.NetworkChecks');
const SINGLETON_ID = 'cdk8s-netpol-network-checks';

/** Receives lint warnings at synth (the default writes them to stderr). */
export interface ICheckReporter {
  /** Called once per synth with every unsuppressed lint warning. */
  warn(messages: string[]): void;
}

/** A lint suppression given in code; the reason is shown to the next reviewer. */
export interface LintSuppression {
  /** The rule id, e.g. `egress-without-dns`. */
  readonly ruleId: string;
  /**
   * The policy or object, as `ns/name`.
   * @default - every object
   */
  readonly target?: string;
  /** Why the finding does not apply (at least 10 characters). */
  readonly reason: string;
}

export interface NetworkChecksProps {
  /**
   * Where DNS, the ingress controller and monitoring live; their pods join the model when the
   * app does not declare them.
   * @default ClusterProfile.upstream()
   */
  readonly profile?: ClusterProfile;
  /**
   * Lint rules whose findings fail synth; every other finding is a warning.
   * @default - none: lint only warns
   */
  readonly lintErrorRules?: string[];
  /**
   * Lint suppressions, each with a reason.
   * @default - none
   */
  readonly suppressions?: LintSuppression[];
  /**
   * Whether the checks run at synth. Turn off to compare synth times or to debug.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Where lint warnings go.
   * @default - standard error
   */
  readonly reporter?: ICheckReporter;
}

export interface FlowOptions {
  /**
   * A name for messages and the flows file.
   * @default "FROM -> TO:PORT/PROTOCOL"
   */
  readonly name?: string;
}

/**
 * The app's network checks, proven at synth: every manifest is validated like the API server
 * would, every declared flow is evaluated with the same evaluator as `netpol check`, and lint
 * runs on the whole app. One per app (at its root): `NetworkChecks.of(scope)` finds or makes it.
 */
export class NetworkChecks extends Construct {
  /** The app's checks, created with default settings when the app has none yet. */
  public static of(scope: IConstruct): NetworkChecks {
    return rootSingleton(scope, NetworkChecks.isNetworkChecks) ?? new NetworkChecks(scope.node.root as Construct, SINGLETON_ID);
  }

  /** Whether `x` is a NetworkChecks (works across copies of this library). */
  public static isNetworkChecks(x: any): x is NetworkChecks {
    return x !== null && typeof x === 'object' && CHECKS_SYMBOL in x;
  }

  private readonly flows: DeclaredFlow[] = [];
  private readonly props: NetworkChecksProps;
  /** cdk8s validates once per synthesized chart: say each warning once. */
  private readonly warned = new Set<string>();
  /** The verification of the synth under way (see `validateApp`). */
  private memo?: { readonly key: string; readonly result: Verification };

  constructor(scope: Construct, id: string, props: NetworkChecksProps = {}) {
    if (scope.node.scope !== undefined) {
      throw new Error(`NetworkChecks belongs at the app's root, not under ${scope.node.path}; use NetworkChecks.of(scope) to reach it`);
    }
    if (rootSingleton(scope, NetworkChecks.isNetworkChecks)) {
      throw new Error('this app already has NetworkChecks; use NetworkChecks.of(scope) to reach them');
    }
    super(scope, id);
    Object.defineProperty(this, CHECKS_SYMBOL, { value: true });
    this.props = props;
    this.node.addValidation({ validate: () => this.validateApp() });
  }

  /** Declares that `from` reaches `to` on `port`; synth fails when the policies deny it. */
  public allow(from: FlowEndpoint, to: FlowEndpoint, port: Port, options: FlowOptions = {}): void {
    this.flows.push({ from, to, port, expect: 'allow', name: options.name });
  }

  /** Declares that `from` cannot reach `to` on `port`; synth fails when the policies allow it. */
  public deny(from: FlowEndpoint, to: FlowEndpoint, port: Port, options: FlowOptions = {}): void {
    this.flows.push({ from, to, port, expect: 'deny', name: options.name });
  }

  /** The declared flows as a flows file (FLOWS.md), for `netpol check` in CI. */
  public toFlowsDocument(): any {
    return { flows: this.flows.map(flowEntry) };
  }

  /** The flows file as YAML, ready to be written next to the manifests. */
  public toFlowsYaml(): string {
    return yaml.dump(this.toFlowsDocument(), { lineWidth: -1, noRefs: true, sortKeys: false });
  }

  /**
   * Runs every check now and returns what it found, without throwing (for users' tests).
   * The result has `errors`, `warnings`, `report` (the `netpol check --output json` shape) and `findings`.
   */
  public verify(): any {
    return this.run();
  }

  private run(): Verification {
    const profile = (this.props.profile ?? ClusterProfile.upstream())._toPlatformProfile();
    return verify(collectManifests(this), this.toFlowsDocument(), {
      profile,
      lintErrorRules: this.props.lintErrorRules,
      suppressions: this.props.suppressions,
    });
  }

  /**
   * cdk8s validates the whole app again for every chart it writes, all within one synchronous
   * synth. The verification is kept for that run only (forgotten at the next microtask) and only
   * while the construct tree and the flows are the same size, so N charts cost one verification.
   */
  private validateApp(): string[] {
    if (this.props.enabled === false) return [];
    const key = `${this.node.root.node.findAll().length}/${this.flows.length}`;
    if (this.memo?.key !== key) {
      this.memo = { key, result: this.run() };
      void Promise.resolve().then(() => { this.memo = undefined; });
    }
    const result = this.memo.result;
    const fresh = result.warnings.filter((warning) => !this.warned.has(warning));
    fresh.forEach((warning) => this.warned.add(warning));
    if (fresh.length > 0) (this.props.reporter ?? STDERR_REPORTER).warn(fresh);
    return result.errors;
  }
}

const STDERR_REPORTER: ICheckReporter = {
  warn: (messages) => {
    for (const message of messages) process.stderr.write(`warning: ${message}\n`);
  },
};
