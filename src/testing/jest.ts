import { IConstruct } from 'constructs';
import { evaluateAppFlow } from './flow-verdict';
import { FlowEndpoint } from '../checks/flow-endpoint';
import { Port } from '../constructs/port';

/**
 * Jest matchers on a chart or app:
 * `expect(chart).toAllowFlow(FlowEndpoint.workload(frontend), FlowEndpoint.workload(api), Port.tcp(80))`.
 * Register with `expect.extend(netpolMatchers)` (or import `cdk8s-netpol/lib/testing/jest-setup`).
 */
export const netpolMatchers = {
  toAllowFlow(received: IConstruct, from: FlowEndpoint, to: FlowEndpoint, port: Port) {
    return matchFlow(received, from, to, port, 'allow');
  },
  toDenyFlow(received: IConstruct, from: FlowEndpoint, to: FlowEndpoint, port: Port) {
    return matchFlow(received, from, to, port, 'deny');
  },
};

function matchFlow(scope: IConstruct, from: FlowEndpoint, to: FlowEndpoint, port: Port, expected: 'allow' | 'deny') {
  const report = evaluateAppFlow(scope, from, to, port);
  const pass = report.verdict === expected;
  const flow = `${from} -> ${to} on ${port}`;
  const explanation = [
    `egress: ${report.egress.isolated ? `isolated by ${report.egress.selectedBy.join(', ')}` : 'not isolated'}; ingress: ${report.ingress.isolated ? `isolated by ${report.ingress.selectedBy.join(', ')}` : 'not isolated'}`,
    ...report.reasons,
    ...report.implementationDefined.map((note) => `note: ${note}`),
  ].map((line) => `  ${line}`).join('\n');
  return {
    pass,
    message: () => `expected ${flow} to be ${pass ? 'not ' : ''}${expected === 'allow' ? 'allowed' : 'denied'}, but it is ${report.verdict}\n${explanation}`,
  };
}

/* eslint-disable @typescript-eslint/no-namespace */
declare global {
  namespace jest {
    interface Matchers<R> {
      /** The app's policies let `from` reach `to` on `port`. */
      toAllowFlow(from: FlowEndpoint, to: FlowEndpoint, port: Port): R;
      /** The app's policies keep `from` from reaching `to` on `port`. */
      toDenyFlow(from: FlowEndpoint, to: FlowEndpoint, port: Port): R;
    }
  }
}
