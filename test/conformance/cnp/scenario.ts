import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { KubeObject, SourcedObject } from '../../../src/evaluator/kube';
import { ClusterModel } from '../../../src/evaluator/model';
import { parseManifests } from '../../../src/manifests/parse';

/**
 * The upstream ClusterNetworkPolicy conformance scenarios of this folder: `base.yaml` (the suite's
 * cluster) and one file per upstream test, whose steps hold the full objects in effect at that step.
 */

/** One upstream probe: a flows-file entry, plus an optional note on why upstream expects it. */
export interface ScenarioCheck {
  readonly from: string | Record<string, unknown>;
  readonly to: string | Record<string, unknown>;
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
  readonly expect: 'allow' | 'deny';
  readonly note?: string;
}

export interface ScenarioStep {
  /** Upstream's sub-test number (`1`, `2b`, ...). */
  readonly step: string;
  readonly name?: string;
  /** What upstream changed before this step; the objects below already include it. */
  readonly mutation?: string;
  readonly policies: KubeObject[];
  readonly networkPolicies?: KubeObject[];
  readonly services?: KubeObject[];
  readonly checks: ScenarioCheck[];
}

export interface Scenario {
  readonly file: string;
  /** The upstream test's ShortName. */
  readonly test: string;
  /** The CRD channel the upstream test needs. */
  readonly channel: 'standard' | 'experimental';
  readonly upstream: { readonly test: string; readonly manifests: string[] };
  /** Why a check deviates from a literal probe (infrastructure, templating), when one does. */
  readonly notes?: string;
  readonly steps: ScenarioStep[];
}

const SCENARIO_KEYS = ['test', 'channel', 'upstream', 'notes', 'steps'];
const STEP_KEYS = ['step', 'name', 'mutation', 'policies', 'networkPolicies', 'services', 'checks'];
const CHECK_KEYS = ['from', 'to', 'port', 'protocol', 'expect', 'note'];

export const SCENARIO_DIR = __dirname;
const BASE_FILE = 'base.yaml';

/** The base cluster, read as `netpol` reads manifests. */
export function baseObjects(): SourcedObject[] {
  const file = path.join(SCENARIO_DIR, BASE_FILE);
  return parseManifests(fs.readFileSync(file, 'utf8'), `test/conformance/cnp/${BASE_FILE}`);
}

/** Every scenario file, sorted by name; a key this format does not have is an error, not ignored. */
export function loadScenarios(): Scenario[] {
  return fs.readdirSync(SCENARIO_DIR)
    .filter((file) => file.endsWith('.yaml') && file !== BASE_FILE)
    .sort()
    .map((file) => {
      const scenario = { file, ...(yaml.load(fs.readFileSync(path.join(SCENARIO_DIR, file), 'utf8')) as object) } as Scenario;
      assertKeys(scenario, ['file', ...SCENARIO_KEYS], file);
      scenario.steps.forEach((step) => {
        assertKeys(step, STEP_KEYS, `${file} step ${step.step}`);
        step.checks.forEach((check, i) => assertKeys(check, CHECK_KEYS, `${file} step ${step.step} check ${i}`));
      });
      return scenario;
    });
}

function assertKeys(object: object, known: readonly string[], where: string): void {
  const unknown = Object.keys(object).filter((key) => !known.includes(key));
  if (unknown.length > 0) throw new Error(`${where}: unknown key(s) ${unknown.join(', ')}`);
}

/** The step's own objects (policies, NetworkPolicies, Services), each naming where it was written. */
export function stepObjects(scenario: Scenario, step: ScenarioStep): SourcedObject[] {
  const groups = { policies: step.policies, networkPolicies: step.networkPolicies ?? [], services: step.services ?? [] };
  return Object.entries(groups).flatMap(([key, objects]) => objects.map((object, i) => ({ object, source: `${scenario.file} step ${step.step} ${key}[${i}]` })));
}

/** The cluster at one step: the base fixture plus the step's objects. */
export function stepModel(base: readonly SourcedObject[], scenario: Scenario, step: ScenarioStep): ClusterModel {
  return ClusterModel.build([...base, ...stepObjects(scenario, step)]);
}

/** `ns/name`, an address, or `service ns/name`, as a test title shows an endpoint. */
export function endpointTitle(endpoint: ScenarioCheck['from']): string {
  if (typeof endpoint === 'string') return endpoint;
  return typeof endpoint.service === 'string' ? `service ${endpoint.service}` : JSON.stringify(endpoint);
}
