import { k8s } from 'cdk8s-plus-27';
import { addInvalid, invalidValue, portNameErrors } from './kube-names';
import { Protocol } from './protocol';
import { ProblemCollector } from '../evaluator/errors';
import { describePortEntry } from '../evaluator/evaluate';

/**
 * One entry of a rule's `ports`: a port, a range, a named container port, every port of a
 * protocol, or all traffic. Every-port values render the protocol alone and never `port: 0`,
 * which the API server rejects.
 */
export class Port {
  /** DNS over UDP, port 53. */
  public static readonly DNS_UDP = Port.udp(53);
  /** DNS over TCP, port 53. */
  public static readonly DNS_TCP = Port.tcp(53);
  /** HTTP, TCP port 80. */
  public static readonly HTTP = Port.tcp(80);
  /** HTTPS, TCP port 443. */
  public static readonly HTTPS = Port.tcp(443);

  /** A TCP port. */
  public static tcp(port: number): Port {
    return Port.single('Port.tcp', Protocol.TCP, port);
  }

  /** A UDP port. */
  public static udp(port: number): Port {
    return Port.single('Port.udp', Protocol.UDP, port);
  }

  /** An SCTP port. */
  public static sctp(port: number): Port {
    return Port.single('Port.sctp', Protocol.SCTP, port);
  }

  /** TCP ports `from` to `to`, inclusive (`port` and `endPort`). */
  public static tcpRange(from: number, to: number): Port {
    return Port.range('Port.tcpRange', Protocol.TCP, from, to);
  }

  /** UDP ports `from` to `to`, inclusive (`port` and `endPort`). */
  public static udpRange(from: number, to: number): Port {
    return Port.range('Port.udpRange', Protocol.UDP, from, to);
  }

  /** SCTP ports `from` to `to`, inclusive (`port` and `endPort`). */
  public static sctpRange(from: number, to: number): Port {
    return Port.range('Port.sctpRange', Protocol.SCTP, from, to);
  }

  /**
   * A container port by name, resolved on the destination pod (`http` may be 80 on one pod
   * and 8080 on another).
   * @param protocol default TCP
   */
  public static named(name: string, protocol?: Protocol): Port {
    const problems = new ProblemCollector();
    const hint = /^\d+$/.test(name) ? `for a number use Port.tcp(${name})` : name !== name.toLowerCase() ? `did you mean "${name.toLowerCase()}"?` : undefined;
    addInvalid(problems, 'Port.named', 'port', name, portNameErrors(name), hint);
    problems.throwIfAny();
    return new Port(protocol ?? Protocol.TCP, undefined, undefined, name);
  }

  /** Every TCP port (renders `protocol: TCP` and no port). */
  public static allTcp(): Port {
    return new Port(Protocol.TCP);
  }

  /** Every UDP port (renders `protocol: UDP` and no port). */
  public static allUdp(): Port {
    return new Port(Protocol.UDP);
  }

  /** Every SCTP port (renders `protocol: SCTP` and no port). */
  public static allSctp(): Port {
    return new Port(Protocol.SCTP);
  }

  /** Every port of every protocol: a rule with this port has no `ports` at all. */
  public static allTraffic(): Port {
    return new Port(undefined);
  }

  private static single(factory: string, protocol: Protocol, port: number): Port {
    const problems = new ProblemCollector();
    checkPortNumber(problems, factory, 'port', port);
    problems.throwIfAny();
    return new Port(protocol, port);
  }

  private static range(factory: string, protocol: Protocol, from: number, to: number): Port {
    const problems = new ProblemCollector();
    checkPortNumber(problems, factory, 'port', from);
    if (to < from) problems.add(invalidValue(factory, 'endPort', to, 'must be greater than or equal to `port`', `the range is written (from, to): ${factory}(${Math.min(from, to)}, ${Math.max(from, to)})`));
    checkPortNumber(problems, factory, 'endPort', to);
    problems.throwIfAny();
    return new Port(protocol, from, to === from ? undefined : to);
  }

  private constructor(
    /** The protocol; undefined for all traffic. */
    public readonly protocol?: Protocol,
    private readonly port?: number,
    private readonly endPort?: number,
    private readonly name?: string,
  ) {}

  /** Whether this is `Port.allTraffic()`. */
  public get isAllTraffic(): boolean {
    return this.protocol === undefined;
  }

  /** `TCP 80`, `TCP 8000-8080`, `TCP "http"`, `UDP any port`, `all traffic`. */
  public toString(): string {
    if (this.protocol === undefined) return 'all traffic';
    return describePortEntry({ index: 0, protocol: this.protocol, port: this.port, endPort: this.endPort, name: this.name });
  }

  /** The single port number, for profiles that record where a service listens. @internal */
  public _number(): number | undefined {
    return this.endPort === undefined && this.name === undefined ? this.port : undefined;
  }

  /**
   * The port a declared flow connects to: one number or a container port name, and its
   * protocol. Ranges and every-port values name no single connection. @internal
   */
  public _toFlowPort(): { port: number | string; protocol: Protocol } {
    const port = this.name ?? (this.endPort === undefined ? this.port : undefined);
    if (this.protocol === undefined || port === undefined) {
      throw new Error(`a flow connects to one port, not ${this.toString()}: use Port.tcp(80), Port.udp(53) or Port.named('http')`);
    }
    return { port, protocol: this.protocol };
  }

  /** The `ports` item; undefined for all traffic, which a rule expresses by leaving `ports` out. @internal */
  public _toKube(): k8s.NetworkPolicyPort | undefined {
    if (this.protocol === undefined) return undefined;
    const port = this.name !== undefined
      ? k8s.IntOrString.fromString(this.name)
      : this.port !== undefined ? k8s.IntOrString.fromNumber(this.port) : undefined;
    const range = this.endPort !== undefined ? { endPort: this.endPort } : {};
    return { protocol: this.protocol, ...(port ? { port } : {}), ...range };
  }
}

function checkPortNumber(problems: ProblemCollector, factory: string, field: string, port: number): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    problems.add(invalidValue(factory, field, port, 'must be between 1 and 65535, inclusive', 'use Port.allTcp(), Port.allUdp() or Port.allSctp() for every port', 'invalid-port'));
  }
}
