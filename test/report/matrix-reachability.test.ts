import { App, Chart, Testing } from 'cdk8s';
import { modelOf } from './matrix-support';
import { LAB_PROFILE, LabChart } from '../../examples/lab/lab-chart';
import { DefaultDenyNamespace, NetworkChecks, Port } from '../../src';
import { buildMatrixReport } from '../../src/report/matrix-report';
import { renderReachability } from '../../src/report/reachability';
import { Reachability, reachability } from '../../src/testing';
import { pod, policy } from '../support/builders';

/** The lab chart in an app of its own, its checks' warnings kept quiet. */
function labChart(): Chart {
  const app = new App();
  new NetworkChecks(app, 'checks', { profile: LAB_PROFILE, reporter: { warn: () => undefined } });
  return new LabChart(app, 'lab');
}

describe('reachability(chart)', () => {
  test('lists who reaches whom in the lab, by workload and port, the platform stand-ins included', () => {
    expect(reachability(labChart(), { profile: LAB_PROFILE }).split('\n')).toEqual([
      'Reachability by workload on TCP 53, TCP 80, TCP 443, TCP 8080, UDP 53, each destination on the ports it declares:',
      'app/api -> kube-system/profile-dns: TCP 53, UDP 53',
      'app/api -> 203.0.113.0/24: TCP 443 (partly)',
      'app/frontend -> app/api: TCP 80',
      'app/frontend -> kube-system/profile-dns: TCP 53, UDP 53',
      'monitoring/profile-monitoring -> app/api: TCP 8080',
      '',
    ]);
  });

  test('is a snapshot that changes with who can reach whom', () => {
    expect(reachability(labChart(), { profile: LAB_PROFILE })).toMatchSnapshot();
  });

  test('with ports given, judges every workload on those ports only', () => {
    expect(reachability(labChart(), { profile: LAB_PROFILE, ports: [Port.tcp(8080)] })).toBe([
      'Reachability by workload on TCP 8080:',
      'monitoring/profile-monitoring -> app/api: TCP 8080',
      '',
    ].join('\n'));
  });

  test('is the same text through the class jsii languages call', () => {
    const chart = labChart();
    expect(Reachability.of(chart, { profile: LAB_PROFILE })).toBe(reachability(chart, { profile: LAB_PROFILE }));
  });

  test('says so when no workload can reach or be reached', () => {
    const chart = Testing.chart();
    new DefaultDenyNamespace(chart, 'deny', { name: 'closed' });
    expect(reachability(chart, { ports: [Port.tcp(80)] })).toBe('Reachability by workload on TCP 80:\n(no connection)\n');
  });

  test('refuses a named port, which resolves per pod', () => {
    expect(() => reachability(labChart(), { ports: [Port.named('http')] })).toThrow('reachability needs port numbers, not');
  });
});

describe('the reachability text', () => {
  test('marks ports only some pairs may use, and leaves denied pairs and a pod\'s own cell out', () => {
    const report = buildMatrixReport(modelOf([
      pod('a/client', { labels: { app: 'client' } }),
      pod('a/web-1', { labels: { app: 'web', v: '1' }, ports: [{ port: 80 }] }),
      pod('a/web-2', { labels: { app: 'web', v: '2' }, ports: [{ port: 80 }] }),
      policy('a/web', { podSelector: { matchLabels: { v: '2' } }, ingress: [] }),
    ]), { grouping: 'namespace', externals: [] });
    expect(renderReachability(report)).toBe('Reachability by namespace on TCP 80, each destination on the ports it declares:\na -> a: TCP 80 (partly)\n');
  });
});
