import { duplicate, FieldPath, forbidden, goQuote, invalid, NamedString, notSupported, renderValue, required, tooLong } from '../../src/validation/field-error';

describe('bad values render as the API server prints them', () => {
  test.each([
    { value: 'plain', rendered: '"plain"' },
    { value: 'say "hi"\\', rendered: '"say \\"hi\\"\\\\"' },
    { value: 'tab\tnew\nline', rendered: '"tab\\tnew\\nline"' },
    { value: 'bell\u0007 del\u007f nul\u0000', rendered: '"bell\\a del\\x7f nul\\x00"' },
    { value: 'café 😀', rendered: '"café 😀"' },
    { value: 'no\u00a0break zero\u200bwidth', rendered: '"no\\u00a0break zero\\u200bwidth"' },
    { value: 'tag\u{e0001}', rendered: '"tag\\U000e0001"' },
  ])('a Go string is %q-quoted: $rendered', ({ value, rendered }) => {
    expect(goQuote(value)).toBe(rendered);
    expect(renderValue(value)).toBe(rendered);
  });

  test.each([
    { value: 0, rendered: '0' },
    { value: -1, rendered: '-1' },
    { value: true, rendered: 'true' },
    { value: ['Ingress', 'Egress', 'Ingress'], rendered: '["Ingress","Egress","Ingress"]' },
    { value: { port: 80 }, rendered: '{"port":80}' },
    { value: null, rendered: 'null' },
    { value: new NamedString('ICMP'), rendered: '"ICMP"' },
    { value: new NamedString('<b>&'), rendered: '"\\u003cb\\u003e\\u0026"' },
  ])('$rendered is rendered bare or as JSON', ({ value, rendered }) => {
    expect(renderValue(value)).toBe(rendered);
  });
});

describe('field errors read like field.ErrorBody()', () => {
  const path = FieldPath.root('spec').child('ingress').index(0).child('from').index(1).child('ipBlock').child('cidr');

  test('a path renders children with dots, indices and keys in brackets', () => {
    expect(path.toString()).toBe('spec.ingress[0].from[1].ipBlock.cidr');
    expect(FieldPath.root('metadata').child('labels').key('app').toString()).toBe('metadata.labels[app]');
  });

  test.each([
    { error: invalid(path, '10.0.0.0/33', 'bad'), message: 'Invalid value: "10.0.0.0/33": bad' },
    { error: required(path), message: 'Required value' },
    { error: required(path, 'must specify a peer'), message: 'Required value: must specify a peer' },
    { error: forbidden(path, 'may not'), message: 'Forbidden: may not' },
    { error: notSupported(path, new NamedString('ICMP'), ['TCP', 'UDP']), message: 'Unsupported value: "ICMP": supported values: "TCP", "UDP"' },
    { error: notSupported(path, 'x', []), message: 'Unsupported value: "x"' },
    { error: tooLong(path, 262144), message: 'Too long: may not be more than 262144 bytes' },
    { error: tooLong(path, 1), message: 'Too long: may not be more than 1 byte' },
    { error: duplicate(path, 'Ingress'), message: 'Duplicate value: "Ingress"' },
  ])('$message', ({ error, message }) => {
    expect(error).toEqual({ field: 'spec.ingress[0].from[1].ipBlock.cidr', message });
  });

  test('an error about the whole object has no field', () => {
    expect(invalid('', 'x', 'must be an object')).toEqual({ message: 'Invalid value: "x": must be an object' });
  });
});
