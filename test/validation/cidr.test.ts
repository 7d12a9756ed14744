import { isStrictSubset, parseCidrSloppy, strictCidrViolation } from '../../src/validation/cidr';

describe('CIDRs parse as the API server\'s legacy parser reads them', () => {
  test.each([
    { text: '10.0.0.0/8', network: [10, 0, 0, 0], prefix: 8 },
    { text: '10.1.2.3/16', network: [10, 1, 0, 0], prefix: 16 },
    { text: '0010.0.0.1/8', network: [10, 0, 0, 0], prefix: 8 },
    { text: '10.0.0.0/016', network: [10, 0, 0, 0], prefix: 16 },
    { text: '0.0.0.0/0', network: [0, 0, 0, 0], prefix: 0 },
    { text: '::/0', network: new Array(16).fill(0), prefix: 0 },
    { text: '::1.2.3.4/128', network: [...new Array(12).fill(0), 1, 2, 3, 4], prefix: 128 },
    { text: '2001:DB8::/32', network: [0x20, 0x01, 0x0d, 0xb8, ...new Array(12).fill(0)], prefix: 32 },
    { text: '1:2:3:4:5:6:7::/112', network: [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 0], prefix: 112 },
    { text: '2001:db8::00001/128', network: [0x20, 0x01, 0x0d, 0xb8, ...new Array(11).fill(0), 1], prefix: 128 },
  ])('$text parses to a /$prefix network', ({ text, network, prefix }) => {
    expect(parseCidrSloppy(text)).toEqual(expect.objectContaining({ network, prefix }));
  });

  test.each([
    '', '10.0.0.0', '10.0.0.0/', '/8', '10.0.0/8', '10.0.0.0.0/8', '10.0.0.256/32', '10.0.0.0/33', '::/129', '10.0.0.0/-1', '10.0.0.0/8 ',
    '1:2:3:4:5:6:7:8:9/64', '1::2::3/64', ':1::/64', '1:2:3:4:5:6:7:8::/64', '1.2.3.4::/64', '10000::/16', 'fe80::1%eth0/64', '[::1]/128', 'a.b.c.d/8',
  ])('%p does not parse', (text) => {
    expect(parseCidrSloppy(text)).toBeUndefined();
  });
});

describe('strict validation refuses what netip.ParsePrefix refuses, then mapped addresses, then host bits', () => {
  test.each([
    { text: '10.0.0.0/8', violation: undefined },
    { text: 'FD00::/8', violation: undefined },
    { text: '2001:0db8::/32', violation: undefined },
    { text: '010.0.0.0/8', violation: 'leading-zeros' },
    { text: '10.0.0.0/08', violation: 'leading-zeros' },
    { text: '10.0.0.0/00', violation: 'leading-zeros' },
    { text: '2001:00db8::/32', violation: 'leading-zeros' },
    { text: '::ffff:010.0.0.0/104', violation: 'leading-zeros' },
    { text: '::ffff:10.0.0.0/104', violation: 'ipv4-mapped' },
    { text: '::ffff:a00:0/104', violation: 'ipv4-mapped' },
    { text: '::ffff:10.0.0.1/104', violation: 'ipv4-mapped' },
    { text: '10.0.0.1/8', violation: 'host-bits' },
    { text: 'fd00::1/8', violation: 'host-bits' },
  ])('$text: $violation', ({ text, violation }) => {
    expect(strictCidrViolation(text, parseCidrSloppy(text)!)).toBe(violation);
  });
});

describe('an except must lie strictly inside its cidr, with Go\'s family rules', () => {
  test.each([
    { cidr: '10.0.0.0/8', except: '10.1.0.0/16', inside: true },
    { cidr: '10.0.0.0/8', except: '10.255.255.255/32', inside: true },
    { cidr: '10.0.0.0/8', except: '10.0.0.0/8', inside: false },
    { cidr: '10.0.0.0/8', except: '11.0.0.0/16', inside: false },
    { cidr: '10.0.0.0/8', except: 'fd00::/64', inside: false },
    { cidr: '::/0', except: '10.0.0.0/8', inside: false },
    { cidr: '10.0.0.0/8', except: '::ffff:10.1.0.0/112', inside: true },
    { cidr: '::ffff:10.0.0.0/104', except: '10.1.0.0/16', inside: false },
    { cidr: '::ffff:10.0.0.0/104', except: '::ffff:10.1.0.0/112', inside: true },
    { cidr: 'fd00::/8', except: 'fd12:3456::/32', inside: true },
  ])('$except in $cidr: $inside', ({ cidr, except, inside }) => {
    expect(isStrictSubset(parseCidrSloppy(cidr)!, parseCidrSloppy(except)!)).toBe(inside);
  });
});
