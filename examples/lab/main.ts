// The main job: synthesize the seed lab into dist/ with its checks, print the flow table, and
// write the declared flows next to the manifests so `netpol check` can re-prove them in CI.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdk8s';
import { LAB_PROFILE, LabChart } from './lab-chart';
import { NetworkChecks } from '../../src';
import { renderCheckTable } from '../../src/cli/commands/check';

const outdir = path.join('dist', 'manifests');
const app = new App({ outdir });
const checks = new NetworkChecks(app, 'checks', { profile: LAB_PROFILE });
new LabChart(app, 'lab');
try {
  app.synth();
} catch (error) {
  process.stderr.write(`synth failed: ${(error as Error).message}\n`);
  process.exit(1);
}
const flowsFile = path.join('dist', 'flows.yaml');
fs.writeFileSync(flowsFile, checks.toFlowsYaml());
process.stdout.write(renderCheckTable(checks.verify().report));
process.stdout.write(`\nwrote ${outdir}/ and ${flowsFile}; re-check with: npx netpol check --manifests ${outdir} --flows ${flowsFile}\n`);
