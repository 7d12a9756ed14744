// Synthesizes the seed lab plus the platform's cluster-wide rules into dist/platform/, proves the
// declared flows through every tier, prints the flow table with the deciding tiers, and writes
// the flows file so `netpol check` can prove them again in CI.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdk8s';
import { renderTierTable } from './flow-table';
import { buildPlatformExample } from './platform-app';

const root = path.join('dist', 'platform');
const outdir = path.join(root, 'manifests');
const app = new App({ outdir });
const checks = buildPlatformExample(app);
try {
  app.synth();
} catch (error) {
  process.stderr.write(`synth failed: ${(error as Error).message}\n`);
  process.exit(1);
}
const flowsFile = path.join(root, 'flows.yaml');
fs.writeFileSync(flowsFile, checks.toFlowsYaml());
process.stdout.write(renderTierTable(checks.verify().report));
process.stdout.write(`\nwrote ${outdir}/ and ${flowsFile}; re-check with: npx netpol check --manifests ${outdir} --flows ${flowsFile}\n`);
