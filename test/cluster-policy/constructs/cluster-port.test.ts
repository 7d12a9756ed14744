import { ClusterPort, Protocol } from '../../../src';
import { inputErrorOf } from '../../support/builders';

describe('ClusterPort rendering', () => {
  test.each([
    ['a TCP port', ClusterPort.tcp(80), { tcp: { destinationPort: { number: 80 } } }],
    ['a UDP port', ClusterPort.udp(53), { udp: { destinationPort: { number: 53 } } }],
    ['an SCTP port', ClusterPort.sctp(9000), { sctp: { destinationPort: { number: 9000 } } }],
    ['a TCP range', ClusterPort.tcpRange(8000, 8080), { tcp: { destinationPort: { range: { start: 8000, end: 8080 } } } }],
    ['a UDP range', ClusterPort.udpRange(5000, 5100), { udp: { destinationPort: { range: { start: 5000, end: 5100 } } } }],
    ['an SCTP range', ClusterPort.sctpRange(9000, 9010), { sctp: { destinationPort: { range: { start: 9000, end: 9010 } } } }],
    ['every TCP port as the full range (the CRD has no protocol-only entry)', ClusterPort.allTcp(), { tcp: { destinationPort: { range: { start: 1, end: 65535 } } } }],
    ['every UDP port', ClusterPort.allUdp(), { udp: { destinationPort: { range: { start: 1, end: 65535 } } } }],
    ['every SCTP port', ClusterPort.allSctp(), { sctp: { destinationPort: { range: { start: 1, end: 65535 } } } }],
    ['a named port', ClusterPort.named('web'), { destinationNamedPort: 'web' }],
  ])('renders %s', (_title, port, expected) => {
    expect(port._toKube()).toEqual(expected);
  });

  test('says what it matches', () => {
    expect([ClusterPort.tcp(80), ClusterPort.udpRange(5000, 5100), ClusterPort.allSctp(), ClusterPort.named('web'), ClusterPort.DNS_UDP, ClusterPort.DNS_TCP].map(String))
      .toEqual(['TCP 80', 'UDP 5000-5100', 'SCTP any port', 'named port "web"', 'UDP 53', 'TCP 53']);
  });

  test('exposes the protocol, or the port name for a named port', () => {
    expect([ClusterPort.udp(53).protocol, ClusterPort.named('web').protocol, ClusterPort.named('web').portName]).toEqual([Protocol.UDP, undefined, 'web']);
  });
});

describe('ClusterPort validation', () => {
  test.each([
    ['port 0', () => ClusterPort.tcp(0), 'ClusterPort.tcp: destinationPort.number: Invalid value: 0: should be greater than or equal to 1'],
    ['port 65536', () => ClusterPort.udp(65536), 'ClusterPort.udp: destinationPort.number: Invalid value: 65536: should be less than or equal to 65535'],
    ['a fractional port', () => ClusterPort.sctp(80.5), 'ClusterPort.sctp: destinationPort.number: Invalid value: 80.5: must be of type integer'],
    ['a range whose start equals its end', () => ClusterPort.tcpRange(80, 80), 'ClusterPort.tcpRange: destinationPort.range: Invalid value: "object": Start port must be less than End port (for the single port 80, use ClusterPort.tcp(80))'],
    ['a backwards range', () => ClusterPort.udpRange(9000, 8000), 'ClusterPort.udpRange: destinationPort.range: Invalid value: "object": Start port must be less than End port (the range is written (start, end): ClusterPort.udpRange(8000, 9000))'],
    ['a numeric name', () => ClusterPort.named('80'), 'ClusterPort.named: destinationNamedPort: Invalid value: "80": must contain at least one letter (a-z) (for a number use ClusterPort.tcp(80))'],
    ['a name longer than a container port name can be', () => ClusterPort.named('my-very-long-port'), 'ClusterPort.named: destinationNamedPort: Invalid value: "my-very-long-port": must be no more than 15 characters'],
  ])('rejects %s', (_title, make, message) => {
    expect(inputErrorOf(make)).toBe(message);
  });

  test('reports both ends of a range that is out of bounds, and not the order', () => {
    expect(inputErrorOf(() => ClusterPort.sctpRange(0, 70000)).split('\n')).toEqual([
      'ClusterPort.sctpRange: destinationPort.range.end: Invalid value: 70000: should be less than or equal to 65535',
      'ClusterPort.sctpRange: destinationPort.range.start: Invalid value: 0: should be greater than or equal to 1',
    ]);
  });
});
