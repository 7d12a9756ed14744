import { describeLabels } from '../../../src/evaluator/endpoint';
import { monitoringScrapeBlocked } from '../../../src/lint/rules/monitoring-scrape-blocked';
import { UPSTREAM_PROFILE } from '../../../src/profile/platform-profile';
import { namespace, policy, workload } from '../../support/builders';
import { findingsOf, suppressed } from '../lint-helpers';

const api = workload('Deployment', 'app/api', { labels: { app: 'api' }, ports: [{ name: 'http', port: 8080 }, { name: 'metrics', port: 9100 }] });
const onlyFrontend = policy('app/api', {
  podSelector: { matchLabels: { app: 'api' } },
  ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ port: 8080 }] }],
});
const { namespace: monitoringNamespace, podLabels: scraperLabels } = UPSTREAM_PROFILE.monitoring;
const fromScraper = {
  from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': monitoringNamespace } }, podSelector: { matchLabels: scraperLabels } }],
  ports: [{ port: 9100 }],
};

describe('monitoring-scrape-blocked', () => {
  test('fires when a pod with a metrics port is isolated and the scraper is not admitted', () => {
    const findings = findingsOf(monitoringScrapeBlocked, [namespace('app'), api, onlyFrontend]);

    expect(findings).toEqual([expect.objectContaining({
      object: 'NetworkPolicy app/api',
      message: `isolates ingress of app/api (Deployment) on TCP 9100 (container port "metrics"), and no policy admits the monitoring scraper ${monitoringNamespace}/${describeLabels(scraperLabels)} there`,
      fix: expect.stringContaining(`allow ingress from {namespaceSelector: {kubernetes.io/metadata.name=${monitoringNamespace}}, podSelector: ${describeLabels(scraperLabels)}}`),
    })]);
  });

  test('fires on the port of a prometheus.io/port annotation on the pod template', () => {
    const annotated = workload('Deployment', 'app/api', { labels: { app: 'api' }, ports: [{ name: 'http', port: 8080 }] });
    annotated.spec.template.metadata.annotations = { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9102' };

    const [finding] = findingsOf(monitoringScrapeBlocked, [namespace('app'), annotated, onlyFrontend]);

    expect(finding.message).toContain('on TCP 9102 (annotation prometheus.io/port)');
  });

  test('does not fire when the scraper is admitted on the metrics port', () => {
    const admitted = policy('app/api', { ...onlyFrontend.spec, ingress: [...onlyFrontend.spec.ingress, fromScraper] });

    expect(findingsOf(monitoringScrapeBlocked, [namespace('app'), api, admitted])).toEqual([]);
  });

  test('does not fire on pods that are not isolated for ingress', () => {
    expect(findingsOf(monitoringScrapeBlocked, [namespace('app'), api])).toEqual([]);
  });

  test('is suppressed by an annotation with a reason on the policy', () => {
    const annotated = suppressed(onlyFrontend, 'monitoring-scrape-blocked', 'metrics are pushed to a gateway');

    const [finding] = findingsOf(monitoringScrapeBlocked, [namespace('app'), api, annotated]);

    expect(finding.suppressed?.reason).toBe('metrics are pushed to a gateway');
  });
});
