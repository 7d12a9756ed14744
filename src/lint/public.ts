import { runLint } from './run';
import { ClusterModel } from '../evaluator/model';

/** A lint suppression given in code: the rule, optionally one object, and why. */
export interface LinterSuppression {
  /** The rule id, e.g. `egress-without-dns`. */
  readonly ruleId: string;
  /**
   * The policy or object as `ns/name` (a ClusterNetworkPolicy by name).
   * @default - every object
   */
  readonly target?: string;
  /** Why the finding does not apply (at least 10 characters). */
  readonly reason: string;
}

export interface LinterOptions {
  /**
   * Suppressions, each with a reason.
   * @default - none (annotations on the policies still apply)
   */
  readonly suppressions?: LinterSuppression[];
  /**
   * Rule ids whose findings count as errors.
   * @default - each rule's own severity
   */
  readonly errorRules?: string[];
}

/** The lint rule pack, in every jsii language (with the upstream cluster profile). */
export class NetworkLinter {
  /**
   * Lints the objects; returns the findings as `netpol lint --output json` lists them
   * (`ruleId`, `severity`, `object`, `field`, `message`, `fix`, `suppressed`), sorted.
   */
  public static lint(manifests: any[], options: LinterOptions = {}): any[] {
    const model = ClusterModel.build(manifests.map((object, i) => ({ object, source: `manifests[${i}]` })));
    return runLint(model, { suppressions: options.suppressions, errorRules: options.errorRules });
  }
}
