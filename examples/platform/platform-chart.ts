import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AdminNamespaceGuardrail, AlwaysAllowPlatform, BaselineDefaultDeny, ClusterPeer, ClusterPort } from '../../src';
import { LAB_PROFILE } from '../lab/lab-chart';

/** The lab's platform: upstream CoreDNS, and a Prometheus agent in `monitoring`. */
export const PLATFORM_PROFILE = LAB_PROFILE.with({ name: 'lab' });

/**
 * The platform team's cluster-wide rules, in three tiers of precedence:
 * 1. Admin: DNS and the metrics scrape are always accepted, whatever a namespace writes;
 * 2. Admin: nothing outside `payments` gets in, except the shop's api on 8443;
 * 3. Baseline: every pod that no NetworkPolicy selects is denied both ways (DNS stays open).
 * Admin priorities are allocated in creation order, so the platform's accepts (made first) apply
 * before the guardrail's deny.
 */
export class PlatformChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { disableResourceNameHashes: true });

    new AlwaysAllowPlatform(this, 'always-allow', { profile: PLATFORM_PROFILE });
    new AdminNamespaceGuardrail(this, 'payments-guardrail', {
      namespace: 'payments',
      callers: [{
        name: 'shop-api',
        peers: [ClusterPeer.podsInNamespace('app', { app: 'api' })],
        protocols: [ClusterPort.tcp(8443)],
        description: 'the shop api settles payments',
      }],
    });
    new BaselineDefaultDeny(this, 'default-deny', { profile: PLATFORM_PROFILE });
  }
}
