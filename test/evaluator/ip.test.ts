import { blockContains, Cidr, formatIp, IpRangeSet, parseCidr, parseIp } from '../../src/evaluator/ip';

/** CIDR text -> parsed, failing loudly for rows that must parse. */
function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`test table: ${text} does not parse`);
  return parsed;
}

function set(...cidrs: string[]): IpRangeSet {
  return IpRangeSet.of(cidrs.map(cidr));
}

describe('parseIp', () => {
  test.each([
    ['10.0.0.1', 4, '10.0.0.1'],
    ['0.0.0.0', 4, '0.0.0.0'],
    ['255.255.255.255', 4, '255.255.255.255'],
    ['2001:db8::1', 6, '2001:db8::1'],
    ['2001:DB8:0:0:0:0:0:1', 6, '2001:db8::1'],
    ['::', 6, '::'],
    ['::1', 6, '::1'],
    ['fd00::ffff', 6, 'fd00::ffff'],
    // IPv4-mapped IPv6 is IPv4, as Go's net.ParseIP reads it, in dotted or hex form
    ['::ffff:10.1.2.3', 4, '10.1.2.3'],
    ['::ffff:a01:203', 4, '10.1.2.3'],
    // IPv4-compatible (deprecated) is not mapped: it stays IPv6
    ['::1.2.3.4', 6, '::102:304'],
    ['1:2:3:4:5:6:1.2.3.4', 6, '1:2:3:4:5:6:102:304'],
  ])('reads %j as IPv%i %s', (text, family, canonical) => {
    expect(parseIp(text)).toEqual(expect.objectContaining({ family, text: canonical }));
  });

  test.each([
    '',
    '1.2.3',
    '1.2.3.4.5',
    '10.1',
    '10.0.0.256',
    '0010.1.1.1',
    '010.1.1.1',
    '0x0a.0.0.1',
    ' 10.0.0.1',
    '10.0.0.1 ',
    '10.0.0.0/8',
    'localhost',
    '::1%eth0',
    'fe80::1%eth0',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '12345::',
    '::ffff:1.2.3',
    '::ffff:010.1.1.1',
    '::ffff:0x1.2.3.4',
    '::ffff:1.2.3.4%eth0',
  ])('rejects %j, as the API server does', (text) => {
    expect(parseIp(text)).toBeUndefined();
  });
});

describe('parseCidr', () => {
  test.each([
    ['10.0.0.0/8', 4, 8, '10.0.0.0', '10.255.255.255'],
    ['0.0.0.0/0', 4, 0, '0.0.0.0', '255.255.255.255'],
    ['203.0.113.5/32', 4, 32, '203.0.113.5', '203.0.113.5'],
    ['192.168.1.1/31', 4, 31, '192.168.1.0', '192.168.1.1'],
    ['172.17.1.0/24', 4, 24, '172.17.1.0', '172.17.1.255'],
    // host bits are masked, as Go's net.ParseCIDR does
    ['10.0.0.7/24', 4, 24, '10.0.0.0', '10.0.0.255'],
    ['255.255.255.255/1', 4, 1, '128.0.0.0', '255.255.255.255'],
    ['2001:db8::/32', 6, 32, '2001:db8::', '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff'],
    ['::/0', 6, 0, '::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
    ['2001:db8::1/128', 6, 128, '2001:db8::1', '2001:db8::1'],
    ['2001:db8::1/64', 6, 64, '2001:db8::', '2001:db8::ffff:ffff:ffff:ffff'],
    ['2001:db8::ff/127', 6, 127, '2001:db8::fe', '2001:db8::ff'],
  ])('reads %j as IPv%i /%i from %s to %s', (text, family, prefix, first, last) => {
    const parsed = cidr(text);
    const bounds = { first: formatIp(parsed.family, parsed.start), last: formatIp(parsed.family, parsed.end) };
    expect({ family: parsed.family, prefix: parsed.prefix, ...bounds, text: parsed.text }).toEqual({ family, prefix, first, last, text });
  });

  test.each([
    ['10.0.0.0/33', 'prefix longer than 32'],
    ['2001:db8::/129', 'prefix longer than 128'],
    ['10.0.0.0/-1', 'negative prefix'],
    ['10.0.0.0/+8', 'signed prefix'],
    ['10.0.0.0/1e1', 'prefix in exponent form'],
    ['10.0.0.0', 'no prefix'],
    ['10.0.0.0/', 'empty prefix'],
    ['/8', 'no address'],
    ['10.0.0.0/8/8', 'two prefixes'],
    ['10.0.0.0/8 ', 'trailing space'],
    [' 10.0.0.0/8', 'leading space'],
    ['1.2.3/24', 'three-part address'],
    ['0010.1.1.1/32', 'leading zeros'],
    ['::1%eth0/128', 'zone'],
    ['::ffff:1.2.3.4/104', 'IPv4-mapped address with an IPv6 prefix'],
    ['', 'empty'],
  ])('rejects %j (%s)', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });
});

describe('blockContains: ipBlock cidr minus except (rule 18)', () => {
  const v4 = { cidr: cidr('172.17.0.0/16'), except: [cidr('172.17.1.0/24')] };
  const v6 = { cidr: cidr('2001:db8::/32'), except: [cidr('2001:db8:1::/48')] };
  const everyV4 = { cidr: cidr('0.0.0.0/0'), except: [] };
  const everyV6 = { cidr: cidr('::/0'), except: [] };
  test.each([
    ['172.17.0.0/16 except 172.17.1.0/24', v4, '172.17.0.0', true],
    ['172.17.0.0/16 except 172.17.1.0/24', v4, '172.17.255.255', true],
    ['172.17.0.0/16 except 172.17.1.0/24', v4, '172.17.0.255', true],
    ['172.17.0.0/16 except 172.17.1.0/24', v4, '172.17.1.0', false],
    ['172.17.0.0/16 except 172.17.1.0/24', v4, '172.17.1.255', false],
    ['172.17.0.0/16 except 172.17.1.0/24', v4, '172.17.2.0', true],
    ['172.17.0.0/16 except 172.17.1.0/24', v4, '172.16.255.255', false],
    ['172.17.0.0/16 except 172.17.1.0/24', v4, '172.18.0.0', false],
    ['172.17.0.0/16 except 172.17.1.0/24', v4, '::ffff:172.17.0.1', true],
    ['172.17.0.0/16 except 172.17.1.0/24', v4, '2001:db8::1', false],
    ['2001:db8::/32 except 2001:db8:1::/48', v6, '2001:db8::', true],
    ['2001:db8::/32 except 2001:db8:1::/48', v6, '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', true],
    ['2001:db8::/32 except 2001:db8:1::/48', v6, '2001:db8:0:ffff:ffff:ffff:ffff:ffff', true],
    ['2001:db8::/32 except 2001:db8:1::/48', v6, '2001:db8:1::', false],
    ['2001:db8::/32 except 2001:db8:1::/48', v6, '2001:db8:1:ffff:ffff:ffff:ffff:ffff', false],
    ['2001:db8::/32 except 2001:db8:1::/48', v6, '2001:db8:2::', true],
    ['2001:db8::/32 except 2001:db8:1::/48', v6, '2001:db9::', false],
    ['2001:db8::/32 except 2001:db8:1::/48', v6, '172.17.0.1', false],
    ['0.0.0.0/0', everyV4, '203.0.113.5', true],
    ['0.0.0.0/0', everyV4, '2001:db8::1', false],
    ['::/0', everyV6, '2001:db8::1', true],
    ['::/0', everyV6, '203.0.113.5', false],
  ])('%s contains %s: %s', (_name, block, ip, expected) => {
    expect(blockContains(block, parseIp(ip)!)).toBe(expected);
  });
});

describe('IpRangeSet', () => {
  test.each([
    ['merges adjacent halves', set('10.0.0.0/25', '10.0.0.128/25'), '10.0.0.0-10.0.0.255'],
    ['merges overlapping blocks', set('10.0.0.0/24', '10.0.0.64/26'), '10.0.0.0-10.0.0.255'],
    ['keeps a gap', set('10.0.0.0/32', '10.0.0.2/32'), '10.0.0.0, 10.0.0.2'],
    ['keeps families apart, IPv4 first', set('2001:db8::/127', '10.0.0.0/31'), '10.0.0.0-10.0.0.1, 2001:db8::-2001:db8::1'],
    ['is empty of nothing', set(), ''],
  ])('of: %s', (_name, result, expected) => {
    expect(result.toString()).toBe(expected);
  });

  test.each([
    ['disjoint blocks', set('10.0.0.0/32').union(set('10.0.0.9/32')), '10.0.0.0, 10.0.0.9'],
    ['touching blocks', set('10.0.0.0/31').union(set('10.0.0.2/31')), '10.0.0.0-10.0.0.3'],
    ['a block and its part', set('10.0.0.0/24').union(set('10.0.0.7/32')), '10.0.0.0-10.0.0.255'],
    ['two families', set('10.0.0.0/32').union(set('::1/128')), '10.0.0.0, ::1'],
    ['with the empty set', set('10.0.0.0/32').union(set()), '10.0.0.0'],
  ])('union of %s', (_name, result, expected) => {
    expect(result.toString()).toBe(expected);
  });

  test.each([
    ['overlapping blocks', set('10.0.0.0/24').intersect(set('10.0.0.128/25')), '10.0.0.128-10.0.0.255'],
    ['disjoint blocks', set('10.0.0.0/25').intersect(set('10.0.0.128/25')), ''],
    ['two families', set('0.0.0.0/0').intersect(set('::/0')), ''],
    ['several pieces', set('10.0.0.0/30', '10.0.0.8/30').intersect(set('10.0.0.2/31', '10.0.0.8/31')), '10.0.0.2-10.0.0.3, 10.0.0.8-10.0.0.9'],
    ['the whole IPv6 space and a /128', set('::/0').intersect(set('2001:db8::1/128')), '2001:db8::1'],
  ])('intersect of %s', (_name, result, expected) => {
    expect(result.toString()).toBe(expected);
  });

  test.each([
    ['a hole in the middle', set('10.0.0.0/24').minus(set('10.0.0.128/26')), '10.0.0.0-10.0.0.127, 10.0.0.192-10.0.0.255'],
    ['a hole at the start', set('10.0.0.0/30').minus(set('10.0.0.0/32')), '10.0.0.1-10.0.0.3'],
    ['a hole at the end', set('10.0.0.0/30').minus(set('10.0.0.3/32')), '10.0.0.0-10.0.0.2'],
    ['a hole covering everything', set('10.0.0.0/30').minus(set('10.0.0.0/24')), ''],
    ['a hole in the other family', set('10.0.0.0/31').minus(set('::/0')), '10.0.0.0-10.0.0.1'],
    ['two holes', set('10.0.0.0/29').minus(set('10.0.0.1/32', '10.0.0.6/32')), '10.0.0.0, 10.0.0.2-10.0.0.5, 10.0.0.7'],
    ['an IPv6 hole', set('2001:db8::/126').minus(set('2001:db8::2/128')), '2001:db8::-2001:db8::1, 2001:db8::3'],
    ['the first and last IPv4 addresses', set('0.0.0.0/0').minus(set('0.0.0.0/32', '255.255.255.255/32')), '0.0.0.1-255.255.255.254'],
  ])('minus: %s', (_name, result, expected) => {
    expect(result.toString()).toBe(expected);
  });

  test.each([
    ['the same addresses built differently', set('10.0.0.0/24'), set('10.0.0.0/25', '10.0.0.128/25'), true],
    ['a block minus its except, and the pieces', IpRangeSet.ofBlock({ cidr: cidr('10.0.0.0/30'), except: [cidr('10.0.0.1/32')] }), set('10.0.0.0/32', '10.0.0.2/31'), true],
    ['two empty sets', set(), set('10.0.0.0/32').minus(set('10.0.0.0/32')), true],
    ['a set and a superset', set('10.0.0.0/25'), set('10.0.0.0/24'), false],
    ['the same numbers in two families', set('0.0.0.0/32'), set('::/128'), false],
  ])('equals: %s -> %s', (_name, a, b, expected) => {
    expect(a.equals(b)).toBe(expected);
    expect(b.equals(a)).toBe(expected);
  });
});
