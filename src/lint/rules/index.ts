import { LintRule } from '../rule';
import { cnpBaselineDead } from './cnp-baseline-dead';
import { cnpBaselinePass } from './cnp-baseline-pass';
import { cnpBlocksPlatform } from './cnp-blocks-platform';
import { cnpDomainNamesNotAccept } from './cnp-domain-names-not-accept';
import { cnpSamePriorityOverlap } from './cnp-same-priority-overlap';
import { cnpShadowedRule } from './cnp-shadowed-rule';
import { defaultDenyOverridden } from './default-deny-overridden';
import { dnsSingleProtocol } from './dns-single-protocol';
import { duplicatePolicy } from './duplicate-policy';
import { egressWithoutDns } from './egress-without-dns';
import { hiddenAllowAll } from './hidden-allow-all';
import { ingressControllerBlocked } from './ingress-controller-blocked';
import { ipblockCoversPodIps } from './ipblock-covers-pod-ips';
import { monitoringScrapeBlocked } from './monitoring-scrape-blocked';
import { namespacePodSelectorConfusion } from './namespace-pod-selector-confusion';
import { namespaceWithoutPolicy } from './namespace-without-policy';
import { noEnforcingCni } from './no-enforcing-cni';
import { policySelectsNothing } from './policy-selects-nothing';
import { policyTypesIgnoreRules } from './policy-types-ignore-rules';
import { ruleNeverMatches } from './rule-never-matches';
import { selectorLabelUnknown } from './selector-label-unknown';
import { servicePortInsteadOfTargetPort } from './service-port-instead-of-target-port';
import { serviceTargetPortMismatch } from './service-target-port-mismatch';

/** Every rule, in id order; the README's rule table is generated from these objects. */
export const ALL_RULES: readonly LintRule[] = [
  cnpBaselineDead,
  cnpBaselinePass,
  cnpBlocksPlatform,
  cnpDomainNamesNotAccept,
  cnpSamePriorityOverlap,
  cnpShadowedRule,
  defaultDenyOverridden,
  dnsSingleProtocol,
  duplicatePolicy,
  egressWithoutDns,
  hiddenAllowAll,
  ingressControllerBlocked,
  ipblockCoversPodIps,
  monitoringScrapeBlocked,
  namespacePodSelectorConfusion,
  namespaceWithoutPolicy,
  noEnforcingCni,
  policySelectsNothing,
  policyTypesIgnoreRules,
  ruleNeverMatches,
  selectorLabelUnknown,
  servicePortInsteadOfTargetPort,
  serviceTargetPortMismatch,
].sort((a, b) => (a.id < b.id ? -1 : 1));
