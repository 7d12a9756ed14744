import { App } from 'cdk8s';
import { declarePlatformFlows } from './flows';
import { PLATFORM_PROFILE, PlatformChart } from './platform-chart';
import { WorkloadsChart } from './workloads-chart';
import { ICheckReporter, NetworkChecks } from '../../src';
import { LabChart } from '../lab/lab-chart';

/**
 * The seed lab, the platform's cluster-wide rules and the namespaces they govern, in one app
 * whose checks prove the lab's flows and the platform's through every tier.
 */
export function buildPlatformExample(app: App, reporter?: ICheckReporter): NetworkChecks {
  const checks = new NetworkChecks(app, 'checks', { profile: PLATFORM_PROFILE, reporter });
  new LabChart(app, 'lab');
  new PlatformChart(app, 'platform');
  new WorkloadsChart(app, 'workloads');
  declarePlatformFlows(checks);
  return checks;
}
