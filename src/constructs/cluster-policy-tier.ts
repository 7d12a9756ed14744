/** The tier of a ClusterNetworkPolicy (the wire values of `spec.tier`). */
export enum ClusterPolicyTier {
  /** Evaluated before NetworkPolicies: namespaces cannot override its Accept and Deny. */
  ADMIN = 'Admin',
  /** Evaluated after NetworkPolicies: applies only to pods no NetworkPolicy selects for the direction. */
  BASELINE = 'Baseline',
}
