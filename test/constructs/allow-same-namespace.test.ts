import { Testing } from 'cdk8s';
import { modelOf, newChart, policies, synthYaml } from './support';
import { AllowSameNamespace, DefaultDenyNamespace, PolicyType } from '../../src';
import { namespace, pod, verdict } from '../support/builders';

const PODS = [
  namespace('other'),
  pod('app/a', { labels: { app: 'a' }, ports: [{ port: 80 }] }),
  pod('app/b', { labels: { app: 'b' }, ports: [{ port: 5432 }] }),
  pod('other/c', { labels: { app: 'c' }, ports: [{ port: 80 }] }),
];

describe('AllowSameNamespace', () => {
  test('synthesizes ingress and, in an egress-isolated namespace, egress within the namespace', () => {
    const chart = newChart();
    new DefaultDenyNamespace(chart, 'app', { name: 'app' });
    new AllowSameNamespace(chart, 'same', { namespace: 'app' });
    expect(synthYaml(chart)).toMatchSnapshot();
  });

  test('lets the namespace pods reach each other on any port and keeps other namespaces out', () => {
    const chart = newChart();
    new DefaultDenyNamespace(chart, 'app', { name: 'app' });
    new AllowSameNamespace(chart, 'same', { namespace: 'app' });
    const model = modelOf(chart, ...PODS);
    expect(verdict(model, 'app/a', 'app/b', 5432)).toBe('allow');
    expect(verdict(model, 'app/b', 'app/a', 9999, 'UDP')).toBe('allow');
    expect(verdict(model, 'other/c', 'app/a', 80)).toBe('deny');
    expect(verdict(model, 'app/a', 'other/c', 80)).toBe('deny');
  });

  test('adds only ingress where egress is open, so the pods keep their other egress', () => {
    const chart = newChart();
    new AllowSameNamespace(chart, 'same', { namespace: 'app' });
    expect(policies(chart)[0].spec.policyTypes).toEqual([PolicyType.INGRESS]);
    const model = modelOf(chart, ...PODS);
    expect(verdict(model, 'app/a', 'other/c', 80)).toBe('allow');
    expect(verdict(model, 'other/c', 'app/a', 80)).toBe('deny');
  });

  test('fails synth when the namespace is isolated for egress only after it was made', () => {
    const chart = newChart();
    new AllowSameNamespace(chart, 'same', { namespace: 'app' });
    new DefaultDenyNamespace(chart, 'app', { name: 'app' });
    expect(() => Testing.synth(chart)).toThrow('namespace app is isolated for egress by test/app, which was made after this construct');
  });

  test('uses the chart namespace when it names none', () => {
    const chart = newChart('app');
    new AllowSameNamespace(chart, 'same', { egress: true });
    expect(policies(chart)[0].metadata.namespace).toBe('app');
    expect(policies(chart)[0].spec.policyTypes).toEqual(['Ingress', 'Egress']);
  });
});
