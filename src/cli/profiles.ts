import { ClusterProfile } from '../constructs/cluster-profile';
import { InputError } from '../evaluator/errors';
import { PlatformProfile } from '../profile/platform-profile';

const PRESETS: Readonly<Record<string, () => ClusterProfile>> = {
  'upstream': ClusterProfile.upstream,
  'kubeadm': ClusterProfile.kubeadm,
  'eks': ClusterProfile.eks,
  'gke': ClusterProfile.gke,
  'aks': ClusterProfile.aks,
  'k3s': ClusterProfile.k3s,
  'rke2': ClusterProfile.rke2,
  'openshift': ClusterProfile.openShift,
  'gardener': ClusterProfile.gardener,
  'node-local-dns': ClusterProfile.nodeLocalDns,
};

/** The preset names `--profile` accepts, sorted. */
export const PROFILE_NAMES: readonly string[] = Object.keys(PRESETS).sort();

/** A preset profile by name (`--profile openshift`), as plain data for the pure layers. */
export function profileNamed(name: string): PlatformProfile {
  const factory = PRESETS[name];
  if (!factory) {
    throw new InputError([{ code: 'unknown-profile', field: '--profile', message: `Unsupported value: ${JSON.stringify(name)}: supported values: ${PROFILE_NAMES.map((n) => `"${n}"`).join(', ')}` }]);
  }
  return factory()._toPlatformProfile();
}
