import * as yaml from 'js-yaml';
import { describeEndpoint, Endpoint } from '../evaluator/endpoint';
import { CheckReport, FlowReport, ResolvedFlow, servicePods } from '../evaluator/flows';
import { Protocol } from '../evaluator/kube';
import { ClusterModel, PodInfo } from '../evaluator/model';
import { resolveTargetPort } from '../lint/rules/support/service-ports';

/** How `netpol probe` runs the flows. */
export interface ProbeOptions {
  /** An image with `sh`, `nc` and `nslookup` (busybox, nicolaka/netshoot). */
  readonly image: string;
  /** Seconds a connection or lookup may take before the flow counts as denied. */
  readonly timeoutSeconds: number;
  /** Prepended to every namespace name, for manifests deployed under prefixed namespaces (`pr-42-`). */
  readonly namespacePrefix: string;
}

/** The label every probe Job and its pods carry (probe pods of the script carry it as an annotation). */
export const PROBE_MARKER = 'netpol.cdk8s.io/probe';

/** How a probe tests the connection: a TCP or UDP connect, or a DNS lookup (UDP 53). */
export type ProbeCheck = 'tcp' | 'udp' | 'dns';

/** Where a probe connects to: an address known now, a pod or Service looked up when the script runs. */
export type ProbeTarget =
  | { readonly kind: 'address'; readonly address: string }
  | { readonly kind: 'named-pod'; readonly namespace: string; readonly name: string; readonly pod: PodInfo }
  | { readonly kind: 'pod-selector'; readonly namespace: string; readonly selector: string; readonly pod: PodInfo }
  | { readonly kind: 'service'; readonly namespace: string; readonly name: string };

/** A target found by looking a pod up. */
type PodTarget = Extract<ProbeTarget, { pod: PodInfo }>;

/** One flow of the flows file, as a probe: who connects, to what, how; or why it cannot be probed. */
export interface ProbePlan {
  /** Position in the flows file. */
  readonly index: number;
  /** The flow as `netpol check` reports it (its verdict is what the manifests predict). */
  readonly flow: FlowReport;
  /** `netpol-probe-<index>-<slug of the name>`: the probe pod's and Job's name. */
  readonly name: string;
  /** The destination in words, for the summary's reasons. */
  readonly destination: string;
  /** Absent when the flow cannot be probed (then `skipped` says why). */
  readonly probe?: {
    readonly namespace: string;
    readonly labels: Record<string, string>;
    readonly target: ProbeTarget;
    readonly port: number;
    readonly check: ProbeCheck;
  };
  readonly skipped?: string;
}

/** Plans a probe per flow, in file order; `report` is `netpol check`'s report of the same flows. */
export function planProbes(flows: readonly ResolvedFlow[], report: CheckReport, options: ProbeOptions): ProbePlan[] {
  return flows.map((flow, index) => {
    const base = { index, flow: report.flows[index], name: probeName(index, flow.spec.name), destination: destinationText(flow) };
    const prefix = options.namespacePrefix;
    const source = probeSource(flow.from);
    if (typeof source === 'string') return { ...base, skipped: source };
    const destination = probeDestination(flow, prefix);
    if (typeof destination === 'string') return { ...base, skipped: destination };
    const check = probeCheck(flow.spec.protocol, destination.port);
    if (!check) return { ...base, skipped: `${flow.spec.protocol} cannot be probed with nc; probe TCP and UDP flows only` };
    return { ...base, probe: { namespace: `${prefix}${source.namespace}`, labels: source.labels, ...destination, check } };
  });
}

const NAME_LIMIT = 63;

/** A DNS label: `netpol-probe-3-frontend-reaches-api`, cut to 63 characters. */
function probeName(index: number, flowName: string): string {
  const head = `netpol-probe-${index}`;
  const slug = flowName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (slug === '') return head;
  return `${head}-${slug}`.slice(0, NAME_LIMIT).replace(/-+$/, '');
}

function destinationText(flow: ResolvedFlow): string {
  if (flow.service) return `Service ${flow.service.namespace}/${flow.service.name}`;
  return flow.targets.length ? describeEndpoint(flow.targets[0].to) : 'nothing';
}

function probeSource(from: Endpoint): { namespace: string; labels: Record<string, string> } | string {
  if (from.kind === 'pod' && !from.pod.hostNetwork) return { namespace: from.pod.namespace, labels: { ...from.pod.labels } };
  return `a probe pod cannot take the identity of ${describeEndpoint(from)}: probe flows that start at a pod`;
}

function probeDestination(flow: ResolvedFlow, prefix: string): { target: ProbeTarget; port: number } | string {
  const { spec } = flow;
  if (flow.service) {
    const service = flow.service;
    const port = service.ports.find((p) => p.protocol === spec.protocol && (typeof spec.port === 'number' ? p.port === spec.port : p.name === spec.port));
    if (!port) return `Service ${service.namespace}/${service.name} has no ${spec.protocol} port ${JSON.stringify(spec.port)} to connect to`;
    return { target: { kind: 'service', namespace: `${prefix}${service.namespace}`, name: service.name }, port: port.port };
  }
  const [target] = flow.targets;
  const to = target.to;
  if (to.kind === 'range') return `a range of addresses (${to.label}) cannot be probed from one pod: list single addresses from it as flows`;
  if (to.kind === 'address') return { target: { kind: 'address', address: to.domain ?? to.ip.text }, port: target.port };
  const pod = to.pod;
  if (pod.ips.length > 0) return { target: { kind: 'address', address: pod.ips[0].text }, port: target.port };
  const namespace = `${prefix}${pod.namespace}`;
  if (pod.kind === 'Pod' && pod.index >= 0) return { target: { kind: 'named-pod', namespace, name: pod.name, pod }, port: target.port };
  if (Object.keys(pod.labels).length === 0) return `${describeEndpoint(to)} has no labels to find its pods by, and no IP in the manifests`;
  return { target: { kind: 'pod-selector', namespace, selector: selectorText(pod.labels), pod }, port: target.port };
}

/** `app=api,tier=web`, sorted. */
function selectorText(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels).sort().map((key) => `${key}=${labels[key]}`).join(',');
}

function probeCheck(protocol: Protocol, port: number): ProbeCheck | undefined {
  if (protocol === 'UDP') return port === 53 ? 'dns' : 'udp';
  return protocol === 'TCP' ? 'tcp' : undefined;
}

// ---------------------------------------------------------------------------------------------
// The script

/**
 * Runs check $1 (tcp, udp or dns) against address $2 port $3 with timeout $4 inside the probe
 * pod, and prints the outcome. One line: it travels as one argument of `kubectl run`.
 */
const CHECK_PROGRAM = 'case $1 in tcp) nc -z -w "$4" "$2" "$3" ;; udp) nc -u -z -w "$4" "$2" "$3" ;; dns) nslookup -timeout="$4" kubernetes.default.svc.cluster.local "$2" ;; esac >/dev/null 2>&1 && echo netpol-probe:connected || echo netpol-probe:no-connection';

/**
 * A POSIX sh script that runs every flow from a short-lived pod with the source's namespace and
 * labels, prints progress on stderr and, on stdout, a JSON summary in the shape of
 * `netpol check --output json`, and exits 1 when a flow is not as expected.
 *
 * Each summary flow has `name`, `from`, `to`, `port`, `protocol`, `expect` as written, then
 * `verdict` (what was observed: `allow` when the connection or DNS lookup succeeded, `deny` when it
 * did not, `unknown` when the probe could not run, `skipped` when the flow cannot be probed),
 * `ok` (`verdict` equals `expect`; true for a skipped flow), `reasons` and `predicted` (the
 * verdict `netpol check` gives from the manifests). `summary` has `total`, `passed`, `failed`,
 * and `skipped` when some flow was.
 */
export function renderProbeScript(plans: readonly ProbePlan[], options: ProbeOptions): string {
  const probed = plans.filter((p) => p.probe).length;
  return [
    '#!/bin/sh',
    '# netpol probe: the after-rollout check. For each flow of the flows file, a short-lived pod with',
    '# the source\'s namespace and labels connects to the destination, and the outcome is compared with',
    '# the expectation. Generated by `netpol probe`: regenerate it rather than edit it.',
    `#   flows: ${plans.length} (${probed} probed, ${plans.length - probed} skipped)   image: ${options.image}   timeout: ${options.timeoutSeconds} s`,
    '# Progress goes to stderr; stdout gets a JSON summary in the shape of `netpol check --output json`,',
    '# whose verdict is what was observed: allow when the connection (or DNS lookup) succeeded, deny when',
    '# it did not (a refused connection counts as deny), unknown when the probe could not run.',
    '# Exit status: 0 when every flow is as expected, 1 otherwise. Needs kubectl and rights to create pods.',
    'set -u',
    '',
    `NETPOL_IMAGE=${shellQuote(options.image)}`,
    `NETPOL_TIMEOUT=${options.timeoutSeconds}`,
    `NETPOL_CHECK=${shellQuote(CHECK_PROGRAM)}`,
    '',
    ...SCRIPT_FUNCTIONS,
    ...plans.flatMap(renderProbeBlock),
    '',
    'passed=0',
    'failed=0',
    ...plans.filter((p) => p.probe).flatMap((p) => [`netpol_count "$verdict_${p.index}" ${p.flow.expect}`, `ok_${p.index}=$ok`]),
    '',
    '# The summary.',
    ...renderSummary(plans),
    '[ "$failed" -eq 0 ] || exit 1',
    '',
  ].join('\n');
}

const SCRIPT_FUNCTIONS: readonly string[] = [
  '# Prints $1 if it looks like an address (IP or DNS name), so that cluster data cannot break the JSON.',
  'netpol_address() {',
  '  case $1 in',
  '    \'\' | *[!0-9A-Za-z.:-]*) ;;',
  '    *) printf \'%s\\n\' "$1" ;;',
  '  esac',
  '}',
  '',
  '# The IP of the pod named $2 in namespace $1 (empty when it has none).',
  'netpol_named_pod_ip() {',
  '  netpol_address "$(kubectl get pod "$2" --namespace="$1" --output=jsonpath=\'{.status.podIP}\' 2>/dev/null)"',
  '}',
  '',
  '# The IP of a running pod in namespace $1 that selector $2 matches (empty when there is none).',
  'netpol_pod_ip() {',
  '  netpol_address "$(kubectl get pods --namespace="$1" --selector="$2" --field-selector=status.phase=Running --output=jsonpath=\'{.items[0].status.podIP}\' 2>/dev/null)"',
  '}',
  '',
  '# The ClusterIP of Service $2 in namespace $1; its DNS name when it is headless; empty when it is missing.',
  'netpol_service_address() {',
  '  cluster_ip=$(kubectl get service "$2" --namespace="$1" --output=jsonpath=\'{.spec.clusterIP}\' 2>/dev/null)',
  '  case $cluster_ip in',
  '    \'\') ;;',
  '    None) printf \'%s.%s.svc\\n\' "$2" "$1" ;;',
  '    *) netpol_address "$cluster_ip" ;;',
  '  esac',
  '}',
  '',
  '# Runs check $4 against address $5 port $6 from a pod named $1 in namespace $2 with labels $3;',
  '# prints allow (connected), deny (no connection) or unknown (the pod did not run; why goes to stderr).',
  'netpol_probe() {',
  '  output=$(kubectl run "$1" --namespace="$2" --labels="$3" --annotations=' + PROBE_MARKER + '=true \\',
  '    --image="$NETPOL_IMAGE" --restart=Never --rm --attach --quiet --pod-running-timeout=2m \\',
  '    --command -- sh -c "$NETPOL_CHECK" netpol-probe "$4" "$5" "$6" "$NETPOL_TIMEOUT" </dev/null 2>&1)',
  '  case $output in',
  '    *netpol-probe:connected*) echo allow ;;',
  '    *netpol-probe:no-connection*) echo deny ;;',
  '    *) printf \'%s: %s\\n\' "$1" "$output" >&2; echo unknown ;;',
  '  esac',
  '}',
  '',
  '# The JSON reason for outcome $1 of a connection to $2 (JSON-escaped text) at address $3.',
  'netpol_reason() {',
  '  case $1 in',
  '    allow) printf \'"connected to %s at %s"\' "$2" "$3" ;;',
  '    deny) printf \'"no connection to %s at %s within %s s"\' "$2" "$3" "$NETPOL_TIMEOUT" ;;',
  '    *) printf \'"the probe pod did not run (see stderr)"\' ;;',
  '  esac',
  '}',
  '',
  '# Counts outcome $1 against expectation $2, and sets ok.',
  'netpol_count() {',
  '  if [ "$1" = "$2" ]; then ok=true; passed=$((passed + 1)); else ok=false; failed=$((failed + 1)); fi',
  '}',
];

function renderProbeBlock(plan: ProbePlan): string[] {
  const { flow, index } = plan;
  const label = `flows[${index}] ${JSON.stringify(flow.name)}`;
  const head = `# ${label}: expected ${flow.expect}, the manifests say ${flow.verdict}`;
  if (!plan.probe) return ['', head, `# skipped: ${plan.skipped}`, `printf '%s\\n' ${shellQuote(`${label}: skipped: ${plan.skipped}`)} >&2`];
  const { namespace, labels, target, port, check } = plan.probe;
  const [lookup, missing] = addressLookup(target);
  const where = `${plan.destination} on ${check === 'dns' ? `UDP ${port} (a DNS lookup)` : `${check.toUpperCase()} ${port}`}`;
  return [
    '',
    head,
    `address=${lookup}`,
    'if [ -n "$address" ]; then',
    `  verdict_${index}=$(netpol_probe ${plan.name} ${shellQuote(namespace)} ${shellQuote(selectorText(labels))} ${check} "$address" ${port})`,
    `  reason_${index}=$(netpol_reason "$verdict_${index}" ${shellQuote(jsonContent(where))} "$address")`,
    'else',
    `  verdict_${index}=unknown`,
    `  reason_${index}=${shellQuote(JSON.stringify(missing))}`,
    'fi',
    `printf '%s: observed %s, expected %s\\n' ${shellQuote(label)} "$verdict_${index}" ${flow.expect} >&2`,
  ];
}

/** The shell expression for the address, and the reason when it comes back empty. */
function addressLookup(target: ProbeTarget): [string, string] {
  switch (target.kind) {
    case 'address':
      return [shellQuote(target.address), 'no address'];
    case 'named-pod':
      return [`$(netpol_named_pod_ip ${shellQuote(target.namespace)} ${shellQuote(target.name)})`, `pod ${target.namespace}/${target.name} has no IP in the cluster`];
    case 'pod-selector':
      return [`$(netpol_pod_ip ${shellQuote(target.namespace)} ${shellQuote(target.selector)})`, `no running pod in namespace ${target.namespace} matches ${target.selector}`];
    case 'service':
      return [`$(netpol_service_address ${shellQuote(target.namespace)} ${shellQuote(target.name)})`, `no Service ${target.namespace}/${target.name} in the cluster`];
  }
}

/** Marks a value the script fills in: `"\u0000verdict_0"` becomes `"$verdict_0"`, `"\u0001ok_0"` becomes `$ok_0`. */
const TEXT_SLOT = '\u0000';
const RAW_SLOT = '\u0001';

/**
 * The summary as `printf` lines: the report is laid out here with `JSON.stringify` (so it is
 * formatted exactly as `netpol check --output json`), and the observed parts are left as slots
 * that the script fills in.
 */
function renderSummary(plans: readonly ProbePlan[]): string[] {
  const skipped = plans.filter((p) => !p.probe).length;
  const summary = {
    flows: plans.map((plan) => {
      const { name, from, to, port, protocol, expect } = plan.flow;
      const observed = plan.probe
        ? { verdict: `${TEXT_SLOT}verdict_${plan.index}`, ok: `${RAW_SLOT}ok_${plan.index}`, reasons: [`${RAW_SLOT}reason_${plan.index}`] }
        : { verdict: 'skipped', ok: true, reasons: [`not probed: ${plan.skipped}`] };
      return { name, from, to, port, protocol, expect, ...observed, predicted: plan.flow.verdict };
    }),
    summary: {
      total: plans.length,
      passed: `${RAW_SLOT}passed`,
      failed: `${RAW_SLOT}failed`,
      ...(skipped > 0 ? { skipped } : {}),
    },
  };
  return JSON.stringify(summary, null, 2).split('\n').map(printfLine);
}

/** One line of JSON as a printf command, with its slots as arguments. */
function printfLine(line: string): string {
  const variables: string[] = [];
  const format = line.replace(/"\\u000([01])(\w+)"/g, (_match, kind: string, variable: string) => {
    variables.push(variable);
    return kind === '0' ? '"%s"' : '%s';
  });
  if (variables.length === 0) return `printf '%s\\n' ${shellQuote(line)}`;
  const escaped = format.replace(/%(?!s)/g, '%%').replace(/\\/g, '\\\\');
  return `printf ${shellQuote(`${escaped}\\n`)} ${variables.map((v) => `"$${v}"`).join(' ')}`;
}

/** The text of a JSON string without its quotes. */
function jsonContent(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/** A single-quoted sh word: nothing inside is expanded. */
export function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./:=,@+-]+$/.test(text) ? text : `'${text.replace(/'/g, '\'\\\'\'')}'`;
}

// ---------------------------------------------------------------------------------------------
// Jobs

/** The Job for a probe, or why there is none (a Job cannot look addresses up with kubectl). */
export function probeJob(model: ClusterModel, plan: ProbePlan, options: ProbeOptions): Record<string, unknown> | string {
  if (!plan.probe) return plan.skipped!;
  const { namespace, labels, check } = plan.probe;
  const reachable = jobAddress(model, plan);
  if (typeof reachable === 'string') return reachable;
  const podLabels = { ...labels, [PROBE_MARKER]: 'true' };
  const annotations = { 'netpol.cdk8s.io/flow': plan.flow.name, 'netpol.cdk8s.io/expect': plan.flow.expect };
  const command = ['sh', '-c', JOB_PROGRAM, 'netpol-probe', check, reachable.address, String(reachable.port), String(options.timeoutSeconds), plan.flow.expect];
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: plan.name, namespace, labels: podLabels, annotations },
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds: options.timeoutSeconds + JOB_STARTUP_SECONDS,
      ttlSecondsAfterFinished: 3600,
      template: {
        metadata: { labels: podLabels, annotations },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          containers: [{ name: 'probe', image: options.image, command }],
        },
      },
    },
  };
}

/** Time for scheduling and pulling the image before the check's own timeout. */
const JOB_STARTUP_SECONDS = 300;

/** The check, then exit 0 when the outcome is the expectation ($5): a Job completes or fails accordingly. */
const JOB_PROGRAM = `if { ${CHECK_PROGRAM}; } | grep -q netpol-probe:connected; then observed=allow; else observed=deny; fi; echo "netpol-probe: observed $observed, expected $5"; [ "$observed" = "$5" ]`;

function jobAddress(model: ClusterModel, plan: ProbePlan): { address: string; port: number } | string {
  const { target, port } = plan.probe!;
  switch (target.kind) {
    case 'address':
      return { address: target.address, port };
    case 'service':
      return { address: `${target.name}.${target.namespace}.svc`, port };
    default:
      return serviceInFrontOf(model, target, port, plan.flow.protocol) ?? `${plan.destination} has no IP in the manifests, and a Job cannot look it up: use --output script, or a Service destination`;
  }
}

/** A Service that sends its port to the destination pod's port: a Job reaches the pod through its name. */
function serviceInFrontOf(model: ClusterModel, target: PodTarget, port: number, protocol: Protocol): { address: string; port: number } | undefined {
  const pod = target.pod;
  for (const service of model.services.filter((s) => s.namespace === pod.namespace && servicePods(model, s).includes(pod))) {
    const servicePort = service.ports.find((p) => p.protocol === protocol && resolveTargetPort(p, pod) === port);
    if (servicePort) return { address: `${service.name}.${target.namespace}.svc`, port: servicePort.port };
  }
  return undefined;
}

/**
 * The probes as Job manifests (multi-document YAML), one per flow that a Job can probe; the
 * others are listed in comments at the top. A Job completes when its flow is as expected and
 * fails when it is not.
 */
export function renderProbeJobs(model: ClusterModel, plans: readonly ProbePlan[], options: ProbeOptions): string {
  const jobs: string[] = [];
  const skipped: string[] = [];
  for (const plan of plans) {
    const job = probeJob(model, plan, options);
    if (typeof job === 'string') skipped.push(`#   flows[${plan.index}] ${JSON.stringify(plan.flow.name)}: ${job}`);
    else jobs.push(yaml.dump(job, { lineWidth: -1, noRefs: true, sortKeys: false }));
  }
  const header = [
    '# netpol probe --output jobs: one Job per flow, in the source\'s namespace with the source\'s labels',
    `# (plus ${PROBE_MARKER}=true). A Job completes when the flow is as expected and fails when it is not:`,
    `#   kubectl apply -f probes.yaml && kubectl get jobs --all-namespaces -l ${PROBE_MARKER}=true`,
    '# Destinations named by Service DNS names need DNS egress from the source.',
    ...(skipped.length ? ['# Not probed:', ...skipped] : []),
  ];
  return [...header.map((line) => `${line}\n`), ...jobs.map((job) => `---\n${job}`)].join('');
}
