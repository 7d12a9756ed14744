import { serviceTargetPortMismatch } from '../../../src/lint/rules/service-target-port-mismatch';
import { namespace, service, workload } from '../../support/builders';
import { findingsOf } from '../lint-helpers';

const api = [namespace('app'), workload('Deployment', 'app/api', { labels: { app: 'api' }, ports: [{ name: 'http', port: 80 }] })];

describe('service-target-port-mismatch', () => {
  test('fires on a numeric targetPort no container declares, and says it is not a policy problem', () => {
    const findings = findingsOf(serviceTargetPortMismatch, [...api, service('app/api', { app: 'api' }, [{ port: 80, targetPort: 8080 }])]);

    expect(findings).toEqual([expect.objectContaining({
      object: 'Service app/api',
      field: 'spec.ports[0].targetPort',
      message: 'targetPort 8080 (TCP) matches no container port of app/api (Deployment) (it declares TCP 80 "http"): connections through the Service fail whatever the policies allow; this is not a NetworkPolicy problem',
      fix: 'set targetPort to 80 (or "http"), or declare the container port the application listens on',
    })]);
  });

  test('fires on a named targetPort the pods do not declare, suggesting the closest name', () => {
    const [finding] = findingsOf(serviceTargetPortMismatch, [...api, service('app/api', { app: 'api' }, [{ port: 80, targetPort: 'htp' }])]);

    expect(finding.fix).toBe('did you mean "http"? set targetPort: http');
  });

  test('does not fire when the targetPort resolves on the pods', () => {
    const services = [service('app/api', { app: 'api' }, [{ port: 80, targetPort: 'http' }, { name: 'alt', port: 8000, targetPort: 80 }])];

    expect(findingsOf(serviceTargetPortMismatch, [...api, ...services])).toEqual([]);
  });

  test('does not judge a numeric targetPort on pods that declare no ports', () => {
    const bare = [namespace('app'), workload('Deployment', 'app/api', { labels: { app: 'api' } })];

    expect(findingsOf(serviceTargetPortMismatch, [...bare, service('app/api', { app: 'api' }, [{ port: 80, targetPort: 8080 }])])).toEqual([]);
  });

  test('is suppressed by an option naming the Service (the finding is not about a policy)', () => {
    const [finding] = findingsOf(serviceTargetPortMismatch, [...api, service('app/api', { app: 'api' }, [{ port: 80, targetPort: 8080 }])], {
      suppressions: [{ ruleId: 'service-target-port-mismatch', target: 'app/api', reason: 'the image listens on 8080 without declaring it' }],
    });

    expect(finding.suppressed?.by).toBe('option');
  });
});
