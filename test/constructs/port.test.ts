import { k8s } from 'cdk8s-plus-27';
import { Port, Protocol } from '../../src';
import { inputErrorOf } from '../support/builders';

describe('Port rendering', () => {
  test.each([
    ['tcp', Port.tcp(80), { protocol: 'TCP', port: 80 }],
    ['udp', Port.udp(53), { protocol: 'UDP', port: 53 }],
    ['sctp', Port.sctp(9000), { protocol: 'SCTP', port: 9000 }],
    ['a range', Port.tcpRange(8000, 8080), { protocol: 'TCP', port: 8000, endPort: 8080 }],
    ['an SCTP range', Port.sctpRange(9000, 9010), { protocol: 'SCTP', port: 9000, endPort: 9010 }],
    ['a one-port range as a plain port', Port.udpRange(53, 53), { protocol: 'UDP', port: 53 }],
    ['a named port, TCP by default', Port.named('http'), { protocol: 'TCP', port: 'http' }],
    ['a named UDP port', Port.named('dns', Protocol.UDP), { protocol: 'UDP', port: 'dns' }],
    ['every TCP port without port: 0', Port.allTcp(), { protocol: 'TCP' }],
    ['every UDP port', Port.allUdp(), { protocol: 'UDP' }],
    ['every SCTP port', Port.allSctp(), { protocol: 'SCTP' }],
  ])('%s', (_title, port, expected) => {
    expect(k8s.toJson_NetworkPolicyPort(port._toKube())).toEqual(expected);
  });

  test('all traffic renders no entry: the rule leaves ports out', () => {
    expect(Port.allTraffic()._toKube()).toBeUndefined();
    expect(Port.allTraffic().isAllTraffic).toBe(true);
  });

  test('has constants for the common ports', () => {
    expect([Port.DNS_UDP, Port.DNS_TCP, Port.HTTP, Port.HTTPS].map(String)).toEqual(['UDP 53', 'TCP 53', 'TCP 80', 'TCP 443']);
  });

  test('says what it allows', () => {
    expect([Port.tcpRange(8000, 8080), Port.named('http'), Port.allUdp(), Port.allTraffic()].map(String))
      .toEqual(['TCP 8000-8080', 'TCP "http"', 'UDP any port', 'all traffic']);
  });
});

describe('Port validation', () => {
  test.each([
    ['port 0', () => Port.tcp(0), 'Port.tcp: port: Invalid value: 0: must be between 1 and 65535, inclusive (use Port.allTcp(), Port.allUdp() or Port.allSctp() for every port)'],
    ['port 65536', () => Port.udp(65536), 'Port.udp: port: Invalid value: 65536: must be between 1 and 65535, inclusive (use Port.allTcp(), Port.allUdp() or Port.allSctp() for every port)'],
    ['a fractional port', () => Port.sctp(80.5), 'Port.sctp: port: Invalid value: 80.5: must be between 1 and 65535, inclusive (use Port.allTcp(), Port.allUdp() or Port.allSctp() for every port)'],
    ['endPort below port', () => Port.tcpRange(8080, 8000), 'Port.tcpRange: endPort: Invalid value: 8000: must be greater than or equal to `port` (the range is written (from, to): Port.tcpRange(8000, 8080))'],
    ['a numeric name', () => Port.named('80'), 'Port.named: port: Invalid value: "80": must contain at least one letter (a-z) (for a number use Port.tcp(80))'],
    ['a long name', () => Port.named('my-very-long-port'), 'Port.named: port: Invalid value: "my-very-long-port": must be no more than 15 characters'],
    ['consecutive hyphens', () => Port.named('a--b'), 'Port.named: port: Invalid value: "a--b": must not contain consecutive hyphens'],
  ])('rejects %s', (_title, make, message) => {
    expect(inputErrorOf(make)).toBe(message);
  });

  test('rejects an upper-case name with every reason and a suggestion', () => {
    expect(inputErrorOf(() => Port.named('HTTP')).split('\n')).toEqual([
      'Port.named: port: Invalid value: "HTTP": must contain at least one letter (a-z) (did you mean "http"?)',
      'Port.named: port: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-) (did you mean "http"?)',
    ]);
  });

  test('reports both problems of a range that is backwards and out of range', () => {
    expect(inputErrorOf(() => Port.tcpRange(80, 0)).split('\n')).toEqual([
      'Port.tcpRange: endPort: Invalid value: 0: must be between 1 and 65535, inclusive (use Port.allTcp(), Port.allUdp() or Port.allSctp() for every port)',
      'Port.tcpRange: endPort: Invalid value: 0: must be greater than or equal to `port` (the range is written (from, to): Port.tcpRange(0, 80))',
    ]);
  });
});
