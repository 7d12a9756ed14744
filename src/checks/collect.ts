import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { SourcedObject } from '../evaluator/kube';

/**
 * Every API object in the app, whoever made it (our constructs, cdk8s-plus, raw ApiObjects,
 * `Include`d YAML), rendered without triggering the app's validations again. The source of
 * each is its construct path, so messages point at the code that made it.
 */
export function collectManifests(scope: IConstruct): SourcedObject[] {
  const root = scope.node.root;
  return root.node.findAll()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c))
    .map((apiObject) => ({ object: apiObject.toJson(), source: apiObject.node.path }));
}
