import { CheckReport, checkFlows, parseFlowsDocument, resolveFlows } from './flows';
import { KubeObject } from './kube';
import { ClusterModel } from './model';

/** Choices Kubernetes leaves to the network plugin. */
export interface EvaluatorOptions {
  /**
   * Whether ipBlock peers match pod IPs (Calico and the upstream e2e suite do; Cilium does not).
   * Verdicts that depend on it are flagged implementation-defined either way.
   * @default true
   */
  readonly ipBlockMatchesPodIps?: boolean;
}

/**
 * The evaluator for plain objects, in every jsii language: manifests in, verdicts out. The same
 * code answers `netpol check`, the synth-time checks and the jest matchers.
 */
export class NetworkEvaluator {
  /**
   * Evaluates a flows document (`{flows: [...]}`, see FLOWS.md) against Kubernetes objects and
   * returns the report `netpol check --output json` prints: `{flows: [...], summary}`.
   * Throws on malformed input (the message names the object and field); a denied flow is a verdict.
   */
  public static check(manifests: any[], flows: any, options: EvaluatorOptions = {}): any {
    const objects = (manifests as KubeObject[]).map((object, i) => ({ object, source: `manifests[${i}]` }));
    const model = ClusterModel.build(objects, options);
    const report: CheckReport = checkFlows(model, resolveFlows(model, parseFlowsDocument(flows)));
    return report;
  }
}
