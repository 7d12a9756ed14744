import { PROTOCOLS, Protocol } from '../evaluator/kube';

/** A destination port. */
export interface PortKey {
  readonly port: number;
  readonly protocol: Protocol;
}

/** Ports by protocol (TCP, UDP, SCTP), then number. */
export function sortPorts(ports: Iterable<PortKey>): PortKey[] {
  return [...ports].sort((a, b) => PROTOCOLS.indexOf(a.protocol) - PROTOCOLS.indexOf(b.protocol) || a.port - b.port);
}

/** `80/TCP`: how flows files and JSON name a port. */
export function portText(port: PortKey): string {
  return `${port.port}/${port.protocol}`;
}

/** `TCP 80`: how sentences name a port. */
export function portWords(port: PortKey): string {
  return `${port.protocol} ${port.port}`;
}
