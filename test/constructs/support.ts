import { Chart, Testing, Yaml } from 'cdk8s';
import { KubeObject } from '../../src/evaluator/kube';
import { ClusterModel } from '../../src/evaluator/model';
import { cluster } from '../support/builders';

/** A fresh chart in a fresh app (cdk8s validates the whole app on every synth). */
export function newChart(namespace?: string): Chart {
  return new Chart(Testing.app(), 'test', namespace !== undefined ? { namespace } : {});
}

/** The chart's manifests as the YAML a GitOps repo would hold. */
export function synthYaml(chart: Chart): string {
  return Yaml.stringify(...Testing.synth(chart));
}

/** The synthesized objects of the chart only. */
export function manifests(chart: Chart): KubeObject[] {
  return Testing.synth(chart);
}

/** The cluster the chart describes, plus hand-written namespaces, pods and workloads around it. */
export function modelOf(chart: Chart, ...extra: KubeObject[]): ClusterModel {
  return cluster([...Testing.synth(chart), ...extra]);
}

/** The synthesized NetworkPolicy objects, in synth order. */
export function policies(chart: Chart): KubeObject[] {
  return Testing.synth(chart).filter((object: KubeObject) => object.kind === 'NetworkPolicy');
}
