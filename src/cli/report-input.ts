import { Command, Option } from 'commander';
import { InputError, Problem } from '../evaluator/errors';
import { isProtocol, Protocol, PROTOCOLS } from '../evaluator/kube';
import { ClusterModel } from '../evaluator/model';
import { closest } from '../evaluator/text';
import { platformStandIns } from '../profile/stand-ins';
import { Charset } from '../report/formats';
import { ExternalEntity, parseExternals, policyExternals, uniqueExternals } from '../report/matrix-externals';
import { GROUPINGS, Grouping } from '../report/matrix-groups';
import { declaredPorts, PortKey, sortPorts } from '../report/matrix-report';
import { validateManifests } from '../validation';
import { CliIo, readManifestPaths } from './io';
import { PROFILE_NAMES, profileNamed } from './profiles';

/** The options `netpol matrix`, `diff` and `flows` share, as commander parses them. */
export interface ReportCommandOptions {
  readonly port?: string[];
  readonly protocol?: Protocol;
  readonly namespace?: string[];
  /** Absent for commands that always group by workload. */
  readonly group?: Grouping;
  /** Extra addresses; false with `--no-externals`. */
  readonly externals?: string[] | false;
  readonly profile?: string;
}

/** Adds the shared options to a command: ports, namespaces, profile, and (when asked) grouping and externals. */
export function addReportOptions(command: Command, options: { grouping: boolean; externals: boolean }): Command {
  command
    .option('--port <port...>', 'destination ports, PORT or PORT/PROTOCOL (80, 53/UDP); default: every port the manifests declare, each destination on its own')
    .addOption(new Option('--protocol <protocol>', 'the protocol of --port values without one; without --port, keep the declared ports of this protocol').choices([...PROTOCOLS]))
    .option('--namespace <namespace...>', 'only pods in these namespaces')
    .addOption(new Option('--profile <name>', 'add stand-in pods for the platform (DNS, ingress controller, monitoring) the manifests do not declare').choices(PROFILE_NAMES));
  if (options.grouping) {
    command.addOption(new Option('--group <grouping>', 'one row and column per pod, workload or namespace').choices([...GROUPINGS]).default('workload'));
  }
  if (options.externals) {
    command
      .option('--externals <address...>', 'addresses or CIDRs outside the cluster to show, besides those the policies name')
      .option('--no-externals', 'show no address outside the cluster');
  }
  return command;
}

/**
 * Reads, validates and models manifests (files, directories, `-`), with the profile's stand-in
 * pods when one is named. Invalid manifests are invalid input.
 */
export async function readModel(paths: readonly string[], io: CliIo, profile?: string): Promise<ClusterModel> {
  const objects = await readManifestPaths(paths, io);
  const invalid = validateManifests(objects);
  if (invalid.length > 0) throw new InputError(invalid);
  const standIns = profile ? platformStandIns(profileNamed(profile), objects) : [];
  return ClusterModel.build([...objects, ...standIns]);
}

/** `80`, `80/TCP`, `53/udp`: the ports asked for, or undefined when none was. */
export function parsePorts(texts: readonly string[] | undefined, protocol: Protocol | undefined): PortKey[] | undefined {
  if (texts === undefined) return undefined;
  const problems: Problem[] = [];
  const ports = texts.flatMap((text) => {
    const match = /^(\d{1,5})(?:\/([A-Za-z]+))?$/.exec(text);
    const port = match ? Number(match[1]) : NaN;
    const named = match?.[2]?.toUpperCase() ?? protocol ?? 'TCP';
    if (!match || port < 1 || port > 65535 || !isProtocol(named)) {
      const why = /^[a-z]/.test(text) ? 'a named port resolves per pod; give its number' : 'must be a number between 1 and 65535, inclusive, optionally with /TCP, /UDP or /SCTP';
      problems.push({ code: 'invalid-port', field: '--port', message: `Invalid value: ${JSON.stringify(text)}: ${why}` });
      return [];
    }
    return [{ port, protocol: named }];
  });
  if (problems.length > 0) throw new InputError(problems);
  return sortPorts(new Map(ports.map((p) => [`${p.port}/${p.protocol}`, p])).values());
}

/** What the report options take from a model: its namespaces, ports and CIDRs (plain data, to pass between threads). */
export interface ModelSummary {
  readonly namespaces: readonly string[];
  /** `declaredPorts`. */
  readonly ports: readonly PortKey[];
  /** `policyExternals`. */
  readonly externals: readonly ExternalEntity[];
}

export function summarize(model: ClusterModel): ModelSummary {
  return { namespaces: model.namespaces.map((ns) => ns.name), ports: declaredPorts(model), externals: policyExternals(model) };
}

/**
 * The ports to judge: those asked for (every destination on each), or the ports every model
 * declares, of the protocol when one is given (each destination on its own).
 */
export function reportPorts(
  models: readonly ModelSummary[], requested: readonly PortKey[] | undefined, protocol: Protocol | undefined,
): { ports: PortKey[]; declaredPortsOnly: boolean } {
  if (requested) return { ports: [...requested], declaredPortsOnly: false };
  const declared = new Map(models.flatMap((model) => model.ports).map((p) => [`${p.port}/${p.protocol}`, p]));
  const ports = sortPorts([...declared.values()].filter((p) => protocol === undefined || p.protocol === protocol));
  if (ports.length === 0) {
    const what = protocol ? `no ${protocol} port` : 'no port';
    throw new InputError([{ code: 'no-ports', field: '--port', message: `Required value: the manifests declare ${what} (container ports or policy ports): give --port` }]);
  }
  return { ports, declaredPortsOnly: true };
}

/** Fails on a namespace that no model knows, with the closest one as a hint. */
export function checkNamespaces(models: readonly ModelSummary[], namespaces: readonly string[] | undefined): void {
  const known = new Set(models.flatMap((model) => model.namespaces));
  const problems = (namespaces ?? []).filter((ns) => !known.has(ns)).map((ns): Problem => {
    const guess = closest(ns, known);
    return { code: 'unknown-namespace', field: '--namespace', message: `Invalid value: ${JSON.stringify(ns)}: no object in the manifests is in this namespace`, hint: guess ? `did you mean "${guess}"?` : undefined };
  });
  if (problems.length > 0) throw new InputError(problems);
}

/** The externals to show: those every model's policies name plus `--externals`, or none. */
export function reportExternals(models: readonly ModelSummary[], externals: readonly string[] | false | undefined): ExternalEntity[] {
  if (externals === false) return [];
  return uniqueExternals([...models.flatMap((model) => model.externals), ...parseExternals(externals ?? [], '--externals')]);
}

/**
 * The marks of the terminal table: Unicode when asked for, or (auto) when stdout is a terminal
 * with a UTF-8 locale; ASCII otherwise, so that pipes, files and CI logs get the same bytes.
 */
export function tableCharset(choice: 'auto' | Charset, io: CliIo): Charset {
  if (choice !== 'auto') return choice;
  return io.stdoutIsTty === true && /utf-?8/i.test(io.locale ?? '') ? 'unicode' : 'ascii';
}
