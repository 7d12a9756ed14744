// The generator's surface: least-privilege NetworkPolicies from a list of flows, proven before they are returned.
export { generatePolicies } from './generate';
export type { GenerateOptions, GenerateResult, ReplacedPolicy } from './generate';
export { flowLabel, formatConflict, GeneratedPoliciesCheckError, UnsatisfiableFlowsError } from './conflicts';
export type { ConflictCode, FlowConflict } from './conflicts';
export { GENERATOR_NAME, MANAGED_BY_LABEL } from './render';
export type { ConnectionCount, WorkloadConnections } from './workload-report';
