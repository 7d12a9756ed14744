/** What a ClusterNetworkPolicy rule does with the traffic it matches (the wire values of `action`). */
export enum ClusterPolicyAction {
  /** Allow it; no later rule of any tier applies (an egress Accept still needs the destination's ingress). */
  ACCEPT = 'Accept',
  /** Drop it; no later rule of any tier applies. */
  DENY = 'Deny',
  /** Skip the rest of this tier: Admin hands over to NetworkPolicies, Baseline to the default (allow). */
  PASS = 'Pass',
}
