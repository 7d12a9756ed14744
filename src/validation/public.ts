import { validateManifests } from './network-policy';
import { formatProblem } from '../evaluator/errors';

/** The API server's NetworkPolicy and ClusterNetworkPolicy validation, in every jsii language. */
export class ManifestValidator {
  /**
   * Validates every NetworkPolicy and ClusterNetworkPolicy among the objects as the API server
   * would on create; returns one line per problem (`<object>: <field path>: <message>`), sorted.
   */
  public static validate(manifests: any[]): string[] {
    return validateManifests(manifests.map((object, i) => ({ object, source: `manifests[${i}]` }))).map(formatProblem);
  }
}
