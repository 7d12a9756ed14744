// Issue 5's synth target: an app of 100 namespaces, 1,000 workloads and 2,000 declared flows
// synthesizes with its checks in at most twice the time it takes with checks off.
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { DefaultDenyNamespace, FlowEndpoint, NetworkChecks, Port, Tier, TierBoundary } from '../src';

const NAMESPACES = 100;
const WORKLOADS_PER_NAMESPACE = 10;
const FLOWS = 2_000;

export interface SynthMeasurement {
  readonly withChecksMs: number;
  readonly withoutChecksMs: number;
  readonly ratio: number;
  readonly flows: number;
  readonly workloads: number;
  readonly namespaces: number;
}

/**
 * Each namespace is default-deny with DNS, and its workloads form a call chain w0 -> w1 -> ... on
 * 8080; the flows are the chain's calls (allow), the reverse calls and a wrong port (deny).
 */
function buildApp(checksEnabled: boolean): { app: App; flows: number } {
  const app = new App({ outdir: 'bench/out' });
  const checks = new NetworkChecks(app, 'checks', { enabled: checksEnabled, reporter: { warn: () => undefined } });
  let flows = 0;
  for (let n = 0; n < NAMESPACES; n++) {
    const namespace = `team-${n}`;
    const chart = new Chart(app, namespace, { disableResourceNameHashes: true });
    new DefaultDenyNamespace(chart, 'ns', { name: namespace, allowDns: true });
    const workloads = Array.from({ length: WORKLOADS_PER_NAMESPACE }, (_, w) => new kplus.Deployment(chart, `w${w}`, {
      metadata: { name: `w${w}`, namespace },
      podMetadata: { labels: { app: `w${w}` } },
      containers: [{ image: 'nginx', portNumber: 8080, securityContext: { ensureNonRoot: false } }],
    }));
    const boundary = new TierBoundary(chart, 'tiers', { namespace });
    const declare = (expect: 'allow' | 'deny', from: kplus.Deployment, to: kplus.Deployment, port: number) => {
      if (flows >= FLOWS) return;
      checks[expect](FlowEndpoint.workload(from), FlowEndpoint.workload(to), Port.tcp(port));
      flows++;
    };
    for (let w = 0; w + 1 < workloads.length; w++) {
      boundary.allow(Tier.workload(workloads[w]), Tier.workload(workloads[w + 1]), [Port.tcp(8080)]);
      declare('allow', workloads[w], workloads[w + 1], 8080);
      declare('deny', workloads[w + 1], workloads[w], 8080);
      if (w % 4 === 0) declare('deny', workloads[w], workloads[w + 1], 9090);
    }
  }
  return { app, flows };
}

function timeSynth(checksEnabled: boolean): { ms: number; flows: number } {
  const { app, flows } = buildApp(checksEnabled);
  const start = process.hrtime.bigint();
  app.synthYaml();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, flows };
}

/** Best of `runs` for each mode, alternating so machine load hits both alike. */
export function measureSynth(runs = 2): SynthMeasurement {
  let withChecks = Infinity;
  let withoutChecks = Infinity;
  let flows = 0;
  for (let i = 0; i < runs; i++) {
    withoutChecks = Math.min(withoutChecks, timeSynth(false).ms);
    const measured = timeSynth(true);
    withChecks = Math.min(withChecks, measured.ms);
    flows = measured.flows;
  }
  return {
    withChecksMs: withChecks,
    withoutChecksMs: withoutChecks,
    ratio: withChecks / withoutChecks,
    flows,
    workloads: NAMESPACES * WORKLOADS_PER_NAMESPACE,
    namespaces: NAMESPACES,
  };
}
