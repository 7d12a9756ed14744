import * as fs from 'node:fs';
import { readSingleDocument } from './io';
import { processIo } from './main';
import { profileNamed } from './profiles';
import { verify } from '../checks/verify';
import { InputError } from '../evaluator/errors';
import { KubeObject } from '../evaluator/kube';
import { parseManifests } from '../manifests/parse';

/** Properties from `cdk8s.yaml` (`validations: [{ package, version, class, properties }]`). */
export interface NetpolValidationProperties {
  /** A flows file to prove against the synthesized manifests (e.g. the one `NetworkChecks.toFlowsYaml()` wrote). */
  readonly flows?: string;
  /** A profile preset name. @default upstream */
  readonly profile?: string;
  /** Lint rules whose findings fail the validation. */
  readonly lintErrorRules?: string[];
}

/** The part of the cdk8s CLI's validation context this plugin uses. */
export interface Cdk8sValidationContext {
  readonly manifests: readonly string[];
  readonly report: {
    addViolation(violation: {
      ruleName: string;
      recommendation: string;
      fix: string;
      violatingResources: Array<{ resourceName: string; locations: string[]; manifestPath: string }>;
    }): void;
    submit(status: 'success' | 'failure', details?: unknown): void;
  };
  readonly logger?: { log(message: string): void };
}

/**
 * cdk8s CLI validation plugin: `cdk8s synth` runs the same validation, flow checks and lint as
 * the synth-time checks on the files it wrote, and reports each failure with its resource.
 */
export class NetpolValidation {
  constructor(private readonly properties: NetpolValidationProperties = {}) {}

  public async validate(context: Cdk8sValidationContext): Promise<void> {
    const failed = await this.collectViolations(context);
    context.report.submit(failed ? 'failure' : 'success');
  }

  private async collectViolations(context: Cdk8sValidationContext): Promise<boolean> {
    const byName = new Map<string, { manifestPath: string; object: KubeObject }>();
    let objects;
    try {
      objects = context.manifests.flatMap((file) => parseManifests(fs.readFileSync(file, 'utf8'), file));
      for (const { object, source } of objects) byName.set(resourceKey(object), { manifestPath: source?.replace(/ \(document.*$/, '') ?? '', object });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      error.problems.forEach((p) => context.report.addViolation({ ruleName: `netpol/${p.code}`, recommendation: p.message, fix: p.hint ?? 'fix the manifest', violatingResources: [] }));
      return true;
    }
    const flows = this.properties.flows ? (await readSingleDocument(this.properties.flows, processIo())).document : { flows: [] };
    const profile = profileNamed(this.properties.profile ?? 'upstream');
    const result = verify(objects, flows, { profile, lintErrorRules: this.properties.lintErrorRules });
    for (const message of result.errors) {
      const resource = [...byName.entries()].find(([key]) => message.includes(key));
      context.report.addViolation({
        ruleName: message.startsWith('flow ') ? 'netpol/flow' : message.startsWith('lint ') ? `netpol/${message.split(' ')[1]}` : 'netpol/invalid-manifest',
        recommendation: message,
        fix: fixFor(message),
        violatingResources: resource ? [{ resourceName: resource[1].object.metadata?.name, locations: [], manifestPath: resource[1].manifestPath }]
          : [],
      });
    }
    for (const warning of result.warnings) context.logger?.log(`warning: ${warning}`);
    return result.errors.length > 0;
  }
}

function resourceKey(object: KubeObject): string {
  const ns = object.metadata?.namespace;
  return `${object.kind} ${ns ? `${ns}/` : ''}${object.metadata?.name}`;
}

function fixFor(message: string): string {
  const fix = /\(fix: (.*)\)$/.exec(message);
  if (fix) return fix[1];
  return message.startsWith('flow ') ? 'change the policies (or the declared flow) so that the flow behaves as declared; the explanation names the rule that decided' : 'correct the field named in the message';
}
