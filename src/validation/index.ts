// API-server-equivalent validation of networking.k8s.io/v1 NetworkPolicy (pure: objects in, problems out).
export { validateManifests, validateNetworkPolicy, VALIDATED_KUBERNETES_VERSION, NETWORK_POLICY_API_VERSION } from './network-policy';
export type { ValidationOptions } from './network-policy';
export { FieldPath, forbidden, invalid, NamedString, notSupported, required, tooLong, duplicate, renderValue, goQuote } from './field-error';
export type { FieldError } from './field-error';
export { dns1123LabelErrors, dns1123SubdomainErrors, labelKeyErrors, labelValueErrors, portNameErrors, portNumberErrors } from './names';
export { validateClusterNetworkPolicy, isClusterNetworkPolicy, CLUSTER_NETWORK_POLICY_MESSAGES, DOMAIN_NAME_PATTERN, type ClusterNetworkPolicyValidationOptions, type CrdChannel } from './cluster-network-policy';
