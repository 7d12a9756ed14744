import { FlowEndpoint } from './flow-endpoint';
import { Port } from '../constructs/port';
import { Expectation } from '../evaluator/flows';

/** A flow declared in code (by `NetworkChecks` or `FlowPolicies`), not yet rendered. */
export interface DeclaredFlow {
  readonly from: FlowEndpoint;
  readonly to: FlowEndpoint;
  readonly port: Port;
  readonly expect: Expectation;
  readonly name?: string;
}

/** The flow as one entry of a flows file (FLOWS.md). */
export function flowEntry(flow: DeclaredFlow): Record<string, unknown> {
  const { port, protocol } = flow.port._toFlowPort();
  return { ...(flow.name ? { name: flow.name } : {}), from: flow.from._toSpec(), to: flow.to._toSpec(), port, protocol, expect: flow.expect };
}
