import { Command, Option } from 'commander';
import { InputError, Problem } from '../../evaluator/errors';
import { EndpointSpec, parseFlowsDocument, resolveFlows } from '../../evaluator/flows';
import { ClusterModel } from '../../evaluator/model';
import { parseDocuments } from '../../manifests/parse';
import { explainFlow, renderExplanation } from '../../report/explain';
import { validateManifests } from '../../validation';
import { EXIT } from '../exit';
import { CliIo, printable, readManifestPaths } from '../io';
import { PROFILE_NAMES, profileNamed } from '../profiles';

interface ExplainOptions {
  readonly manifests: string[];
  readonly from: string;
  readonly to: string;
  readonly port: string;
  readonly protocol: string;
  readonly output: 'text' | 'json';
  readonly profile: string;
}

/** Where problems with the flow given on the command line are reported. */
const COMMAND_LINE = 'command line';

const ENDPOINT_HELP = 'NS/NAME, an IP, or a flows-file mapping such as \'{namespace: app, labels: {run: x}}\', \'{service: app/api}\' or \'{cidr: 203.0.113.0/24}\'';

/** `netpol explain`: the full reasoning for one flow; exit 0 whatever the verdict, 2 on invalid input. */
export function registerExplain(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('explain')
    .description('Explain one flow: how each end resolves, every tier and rule considered, the verdict, the likely cause and the smallest change that flips it')
    .requiredOption('--manifests <path...>', 'manifest files, directories (recursive .yaml/.yml/.json) or - for stdin')
    .requiredOption('--from <endpoint>', `the source: ${ENDPOINT_HELP}`)
    .requiredOption('--to <endpoint>', 'the destination, in the same forms')
    .requiredOption('--port <port>', 'the destination port: a number, or a named port of the destination')
    .option('--protocol <protocol>', 'TCP, UDP or SCTP', 'TCP')
    .addOption(new Option('--output <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(new Option('--profile <name>', 'where DNS, the ingress controller and monitoring run (for the likely cause)').choices(PROFILE_NAMES).default('upstream'))
    .action(async (options: ExplainOptions) => {
      const flowDocument = { flows: [{ from: readEndpoint(options.from, '--from'), to: readEndpoint(options.to, '--to'), port: readPort(options.port), protocol: options.protocol, expect: 'allow' }] };
      const specs = onCommandLine(() => parseFlowsDocument(flowDocument, COMMAND_LINE));
      const objects = await readManifestPaths(options.manifests, io);
      const invalid = validateManifests(objects);
      if (invalid.length > 0) throw new InputError(invalid);
      const model = ClusterModel.build(objects);
      const [flow] = onCommandLine(() => resolveFlows(model, specs, COMMAND_LINE));
      const explanation = explainFlow(model, flow, profileNamed(options.profile));
      io.stdout(options.output === 'json' ? `${JSON.stringify(explanation, null, 2)}\n` : renderExplanation(explanation).split('\n').map(printable).join('\n'));
      setExit(EXIT.OK);
    });
}

/** An endpoint as a flows file writes it: a mapping in YAML/JSON flow style, else the string itself. */
function readEndpoint(text: string, option: string): EndpointSpec {
  if (!text.trim().startsWith('{')) return text;
  let documents;
  try {
    documents = parseDocuments(text, option);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError([{ code: 'invalid-endpoint', field: option, message: `Invalid value: ${JSON.stringify(text)}: not a YAML mapping (${error.problems[0]?.message})` }]);
  }
  const value = documents.length === 1 ? documents[0].value : undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError([{ code: 'invalid-endpoint', field: option, message: `Invalid value: ${JSON.stringify(text)}: an endpoint mapping is {namespace, labels, ports?}, {service}, {ip, domain?} or {cidr, except?}` }]);
  }
  return value as Record<string, unknown>;
}

/** `80` is a number; anything else is a port name (the flows layer checks both). */
function readPort(text: string): number | string {
  return /^\d+$/.test(text) ? Number(text) : text;
}

/** Names the command-line options in the flows layer's problems (`--from` rather than `flows[0]: from`). */
function onCommandLine<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(error.problems.map(asOptionProblem));
  }
}

function asOptionProblem(problem: Problem): Problem {
  if (problem.source !== COMMAND_LINE) return problem;
  const { object: _flow, source: _source, ...rest } = problem;
  return { ...rest, field: `--${problem.field ?? 'flow'}` };
}
