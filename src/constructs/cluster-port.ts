import { addInvalid, invalidValue, portNameErrors } from './kube-names';
import { Protocol } from './protocol';
import { ProblemCollector } from '../evaluator/errors';
import { CLUSTER_NETWORK_POLICY_MESSAGES } from '../validation/cluster-network-policy';

const MAX_PORT = 65535;

/**
 * One entry of a ClusterNetworkPolicy rule's `protocols`: a destination port or range of one
 * protocol, or a container port by name. Ports are always destination ports (the subject's
 * own port for ingress, the peer's for egress).
 */
export class ClusterPort {
  /** DNS over UDP, port 53. */
  public static readonly DNS_UDP = ClusterPort.udp(53);
  /** DNS over TCP, port 53. */
  public static readonly DNS_TCP = ClusterPort.tcp(53);

  /** A TCP destination port. */
  public static tcp(port: number): ClusterPort {
    return ClusterPort.single('ClusterPort.tcp', Protocol.TCP, port);
  }

  /** A UDP destination port. */
  public static udp(port: number): ClusterPort {
    return ClusterPort.single('ClusterPort.udp', Protocol.UDP, port);
  }

  /** An SCTP destination port. */
  public static sctp(port: number): ClusterPort {
    return ClusterPort.single('ClusterPort.sctp', Protocol.SCTP, port);
  }

  /** TCP destination ports `start` to `end`, inclusive; `start` must be below `end`. */
  public static tcpRange(start: number, end: number): ClusterPort {
    return ClusterPort.range('ClusterPort.tcpRange', Protocol.TCP, start, end);
  }

  /** UDP destination ports `start` to `end`, inclusive; `start` must be below `end`. */
  public static udpRange(start: number, end: number): ClusterPort {
    return ClusterPort.range('ClusterPort.udpRange', Protocol.UDP, start, end);
  }

  /** SCTP destination ports `start` to `end`, inclusive; `start` must be below `end`. */
  public static sctpRange(start: number, end: number): ClusterPort {
    return ClusterPort.range('ClusterPort.sctpRange', Protocol.SCTP, start, end);
  }

  /** Every TCP port: the CRD has no protocol-only entry, so this is the range 1-65535. */
  public static allTcp(): ClusterPort {
    return new ClusterPort(Protocol.TCP, 1, MAX_PORT);
  }

  /** Every UDP port (the range 1-65535). */
  public static allUdp(): ClusterPort {
    return new ClusterPort(Protocol.UDP, 1, MAX_PORT);
  }

  /** Every SCTP port (the range 1-65535). */
  public static allSctp(): ClusterPort {
    return new ClusterPort(Protocol.SCTP, 1, MAX_PORT);
  }

  /**
   * A container port by name (`destinationNamedPort`), resolved on the destination pod with its
   * own protocol. Experimental channel; not allowed in an egress rule with networks, nodes or
   * domainNames peers, which have no named ports.
   */
  public static named(name: string): ClusterPort {
    const problems = new ProblemCollector();
    const hint = /^\d+$/.test(name) ? `for a number use ClusterPort.tcp(${name})` : name !== name.toLowerCase() ? `did you mean "${name.toLowerCase()}"?` : undefined;
    addInvalid(problems, 'ClusterPort.named', 'destinationNamedPort', name, portNameErrors(name), hint);
    problems.throwIfAny();
    return new ClusterPort(undefined, undefined, undefined, name);
  }

  private static single(factory: string, protocol: Protocol, port: number): ClusterPort {
    const problems = new ProblemCollector();
    checkPortNumber(problems, factory, 'destinationPort.number', port);
    problems.throwIfAny();
    return new ClusterPort(protocol, port, port);
  }

  private static range(factory: string, protocol: Protocol, start: number, end: number): ClusterPort {
    const problems = new ProblemCollector();
    checkPortNumber(problems, factory, 'destinationPort.range.start', start);
    checkPortNumber(problems, factory, 'destinationPort.range.end', end);
    if (problems.problems.length === 0 && start >= end) {
      const hint = start === end ? `for the single port ${start}, use ${factory.replace('Range', '')}(${start})` : `the range is written (start, end): ${factory}(${end}, ${start})`;
      problems.add(invalidValue(factory, 'destinationPort.range', 'object', CLUSTER_NETWORK_POLICY_MESSAGES.portRange, hint, 'invalid-port-range'));
    }
    problems.throwIfAny();
    return new ClusterPort(protocol, start, end);
  }

  private constructor(
    /** The protocol; undefined for a named port, which takes the container port's. */
    public readonly protocol?: Protocol,
    private readonly start?: number,
    private readonly end?: number,
    /** The container port name, for `named`. */
    public readonly portName?: string,
  ) {}

  /** `TCP 80`, `UDP 5000-5100`, `TCP any port`, `named port "web"`. */
  public toString(): string {
    if (this.portName !== undefined) return `named port "${this.portName}"`;
    if (this.start === 1 && this.end === MAX_PORT) return `${this.protocol} any port`;
    return this.start === this.end ? `${this.protocol} ${this.start}` : `${this.protocol} ${this.start}-${this.end}`;
  }

  /** The single port number, when this is one numbered port. @internal */
  public _number(): number | undefined {
    return this.start !== undefined && this.start === this.end ? this.start : undefined;
  }

  /** The `protocols` item. @internal */
  public _toKube(): Record<string, unknown> {
    if (this.portName !== undefined) return { destinationNamedPort: this.portName };
    const destinationPort = this.start === this.end ? { number: this.start } : { range: { start: this.start, end: this.end } };
    return { [this.protocol!.toLowerCase()]: { destinationPort } };
  }
}

/** The CRD's bounds on a port number, in the API server's words. */
function checkPortNumber(problems: ProblemCollector, factory: string, field: string, port: number): void {
  if (!Number.isInteger(port)) problems.add(invalidValue(factory, field, port, 'must be of type integer', undefined, 'invalid-port'));
  else if (port < 1) problems.add(invalidValue(factory, field, port, 'should be greater than or equal to 1', undefined, 'invalid-port'));
  else if (port > MAX_PORT) problems.add(invalidValue(factory, field, port, `should be less than or equal to ${MAX_PORT}`, undefined, 'invalid-port'));
}
