import { Command, Option } from 'commander';
import { InputError } from '../../evaluator/errors';
import { planProbes, ProbeOptions, probeJob, renderProbeJobs, renderProbeScript } from '../../report/probe';
import { EXIT } from '../exit';
import { CliIo, printable } from '../io';
import { runCheck } from './check';

interface ProbeCommandOptions {
  readonly flows: string;
  readonly manifests: string[];
  readonly output: 'script' | 'jobs';
  readonly timeout: string;
  readonly image: string;
  readonly namespacePrefix: string;
}

const MAX_TIMEOUT_SECONDS = 600;

/**
 * `netpol probe`: writes the after-rollout check of a flows file (a sh script, or Job manifests);
 * exit 0 when it was written, 2 on invalid input. The script itself exits 1 when a flow is not as expected.
 */
export function registerProbe(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('probe')
    .description('Write a script (or Job manifests) that runs each flow for real from a pod with the source\'s namespace and labels, and compares the outcome with the expectation')
    .requiredOption('--flows <file>', 'the flows file (see FLOWS.md)')
    .requiredOption('--manifests <path...>', 'manifest files, directories (recursive .yaml/.yml/.json) or - for stdin')
    .addOption(new Option('--output <format>', 'a POSIX sh script, or Job manifests').choices(['script', 'jobs']).default('script'))
    .option('--timeout <seconds>', 'seconds a connection may take before it counts as denied', '5')
    .option('--image <image>', 'probe image with sh, nc and nslookup (busybox or nicolaka/netshoot)', 'busybox:1.36')
    .option('--namespace-prefix <prefix>', 'prepended to every namespace, for manifests deployed under prefixed namespaces', '')
    .action(async (options: ProbeCommandOptions, command: Command) => {
      if (options.flows === '-' && options.manifests.includes('-')) {
        command.error('error: standard input (-) can feed --manifests or --flows, not both', { exitCode: EXIT.INVALID_INPUT, code: 'netpol.stdinTwice' });
      }
      const probeOptions = readProbeOptions(options);
      const { model, resolved, report } = await runCheck(options.manifests, options.flows, io);
      const plans = planProbes(resolved, report, probeOptions);
      for (const plan of plans) {
        const skipped = options.output === 'jobs' ? probeJob(model, plan, probeOptions) : plan.skipped;
        if (typeof skipped === 'string') io.stderr(`warning: ${printable(`flows[${plan.index}] "${plan.flow.name}": not probed: ${skipped}`)}\n`);
      }
      io.stdout(options.output === 'jobs' ? renderProbeJobs(model, plans, probeOptions) : renderProbeScript(plans, probeOptions));
      setExit(EXIT.OK);
    });
}

function readProbeOptions(options: ProbeCommandOptions): ProbeOptions {
  const problems = [];
  const timeout = Number(options.timeout);
  if (!/^\d+$/.test(options.timeout) || timeout < 1 || timeout > MAX_TIMEOUT_SECONDS) {
    problems.push({ code: 'invalid-timeout', field: '--timeout', message: `Invalid value: ${JSON.stringify(options.timeout)}: must be a whole number of seconds from 1 to ${MAX_TIMEOUT_SECONDS}` });
  }
  if (!/^\S+$/.test(options.image)) {
    problems.push({ code: 'invalid-image', field: '--image', message: `Invalid value: ${JSON.stringify(options.image)}: must be an image reference without spaces` });
  }
  if (!/^([a-z0-9]([-a-z0-9]*)?)?$/.test(options.namespacePrefix)) {
    problems.push({ code: 'invalid-namespace-prefix', field: '--namespace-prefix', message: `Invalid value: ${JSON.stringify(options.namespacePrefix)}: must be lower-case letters, digits and '-', starting with a letter or digit` });
  }
  if (problems.length > 0) throw new InputError(problems);
  return { image: options.image, timeoutSeconds: timeout, namespacePrefix: options.namespacePrefix };
}
