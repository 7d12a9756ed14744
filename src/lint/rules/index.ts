import { LintRule } from '../rule';
import { egressWithoutDns } from './egress-without-dns';

/** Every rule, in id order; the README's rule table is generated from these objects. */
export const ALL_RULES: readonly LintRule[] = [
  egressWithoutDns,
].sort((a, b) => (a.id < b.id ? -1 : 1));
