import { cnpDomainNamesNotAccept } from '../../../src/lint/rules/cnp-domain-names-not-accept';
import { clusterPolicy, EVERY_NAMESPACE, tcp } from '../../cluster-policy/builders';
import { findingsOf, suppressed } from '../lint-helpers';

const egressTo = (action: string) => clusterPolicy('egress-names', {
  egress: [{ name: 'names', action, to: [{ networks: ['10.0.0.0/8'] }, { domainNames: ['*.example.com', 'api.example.org'] }], protocols: [tcp(443)] }],
});

describe('cnp-domain-names-not-accept', () => {
  test('fires as an error on domainNames in a Deny rule, at the peer\'s field', () => {
    const findings = findingsOf(cnpDomainNamesNotAccept, [egressTo('Deny')]);

    expect(findings).toEqual([expect.objectContaining({
      severity: 'error',
      object: 'ClusterNetworkPolicy egress-names',
      field: 'spec.egress[0].to[1].domainNames',
      message: 'egress rule 0 "names" is a Deny for domain names *.example.com, api.example.org, and domainNames are only supported in Accept rules',
      fix: 'accept only the names you allow, then deny networks 0.0.0.0/0 and ::/0 in a later rule; or deny these hosts by their CIDRs (networks)',
    })]);
  });

  test('fires on domainNames in a Pass rule', () => {
    expect(findingsOf(cnpDomainNamesNotAccept, [egressTo('Pass')]).map((f) => f.message)).toEqual([
      'egress rule 0 "names" is a Pass for domain names *.example.com, api.example.org, and domainNames are only supported in Accept rules',
    ]);
  });

  test('does not fire on an Accept allowlist followed by a Deny of everything else', () => {
    const allowlist = clusterPolicy('allowlist', {
      egress: [
        { action: 'Accept', to: [{ domainNames: ['*.example.com'] }] },
        { action: 'Deny', to: [{ networks: ['0.0.0.0/0', '::/0'] }, EVERY_NAMESPACE] },
      ],
    });
    expect(findingsOf(cnpDomainNamesNotAccept, [allowlist])).toEqual([]);
  });

  test('is suppressed by an annotation with a reason on the ClusterNetworkPolicy', () => {
    const [finding] = findingsOf(cnpDomainNamesNotAccept, [suppressed(egressTo('Deny'), 'cnp-domain-names-not-accept', 'our plugin documents Deny support')]);

    expect(finding.suppressed).toEqual({ reason: 'our plugin documents Deny support', by: 'annotation' });
  });
});
