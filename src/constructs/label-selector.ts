import { k8s } from 'cdk8s-plus-27';
import { addInvalid, checkLabels, labelKeyErrors, labelValueErrors } from './kube-names';
import { ProblemCollector } from '../evaluator/errors';
import { compileSelector } from '../evaluator/selector';

/** How a label expression relates a key to its values (the wire values of `matchExpressions[].operator`). */
export enum LabelSelectorOperator {
  /** The label's value is one of the values. */
  IN = 'In',
  /** The label is missing, or its value is none of the values. */
  NOT_IN = 'NotIn',
  /** The label is present, whatever its value. */
  EXISTS = 'Exists',
  /** The label is missing. */
  DOES_NOT_EXIST = 'DoesNotExist',
}

/** One `matchExpressions` requirement, validated when it is made. */
export class LabelExpression {
  /** The label `key` has one of `values`. */
  public static in(key: string, values: string[]): LabelExpression {
    return new LabelExpression(key, LabelSelectorOperator.IN, values);
  }

  /** The label `key` is missing or has none of `values`. */
  public static notIn(key: string, values: string[]): LabelExpression {
    return new LabelExpression(key, LabelSelectorOperator.NOT_IN, values);
  }

  /** The label `key` is present. */
  public static exists(key: string): LabelExpression {
    return new LabelExpression(key, LabelSelectorOperator.EXISTS);
  }

  /** The label `key` is missing. */
  public static doesNotExist(key: string): LabelExpression {
    return new LabelExpression(key, LabelSelectorOperator.DOES_NOT_EXIST);
  }

  /** The values, sorted; empty for `Exists` and `DoesNotExist`. */
  public readonly values: string[];

  private constructor(
    /** The label key. */
    public readonly key: string,
    /** How the key relates to the values. */
    public readonly operator: LabelSelectorOperator,
    values: string[] = [],
  ) {
    const factory = `LabelExpression.${factoryName(operator)}`;
    const problems = new ProblemCollector();
    addInvalid(problems, factory, 'key', key, labelKeyErrors(key));
    values.forEach((value, i) => addInvalid(problems, factory, `values[${i}]`, value, labelValueErrors(value)));
    if (values.length === 0 && (operator === LabelSelectorOperator.IN || operator === LabelSelectorOperator.NOT_IN)) {
      problems.add({ code: 'required', object: factory, field: 'values', message: "Required value: must be specified when `operator` is 'In' or 'NotIn'" });
    }
    problems.throwIfAny();
    this.values = [...new Set(values)].sort();
  }

  /** `tier in (api,web)`, `!legacy`: the selector notation of kubectl. */
  public toString(): string {
    return compileSelector({ matchExpressions: [this._toKube()] }, '', []).key;
  }

  /** @internal */
  public _toKube(): k8s.LabelSelectorRequirement {
    return { key: this.key, operator: this.operator, ...(this.values.length > 0 ? { values: [...this.values] } : {}) };
  }
}

function factoryName(operator: LabelSelectorOperator): string {
  switch (operator) {
    case LabelSelectorOperator.IN: return 'in';
    case LabelSelectorOperator.NOT_IN: return 'notIn';
    case LabelSelectorOperator.EXISTS: return 'exists';
    case LabelSelectorOperator.DOES_NOT_EXIST: return 'doesNotExist';
  }
}

/** Options for `LabelSelector.of`. */
export interface LabelSelectorOptions {
  /**
   * Labels an object must carry, each with exactly this value (`matchLabels`).
   * @default - no label is required
   */
  readonly labels?: { [key: string]: string };

  /**
   * Further requirements, all of which must hold (`matchExpressions`).
   * @default - none
   */
  readonly expressions?: LabelExpression[];
}

/**
 * A Kubernetes label selector (matchLabels AND matchExpressions). The empty selector selects
 * everything: `LabelSelector.all()`.
 */
export class LabelSelector {
  /** Selects objects that carry all `labels` and meet all `expressions`. */
  public static of(options: LabelSelectorOptions = {}): LabelSelector {
    const labels = { ...(options.labels ?? {}) };
    const problems = new ProblemCollector();
    checkLabels(problems, 'LabelSelector.of', 'labels', labels);
    problems.throwIfAny();
    return new LabelSelector(labels, [...(options.expressions ?? [])]);
  }

  /** The empty selector `{}`: every object. */
  public static all(): LabelSelector {
    return new LabelSelector({}, []);
  }

  private constructor(
    private readonly matchLabels: { [key: string]: string },
    private readonly matchExpressions: LabelExpression[],
  ) {}

  /** The required labels (a copy). */
  public get labels(): { [key: string]: string } {
    return { ...this.matchLabels };
  }

  /** The further requirements (a copy). */
  public get expressions(): LabelExpression[] {
    return [...this.matchExpressions];
  }

  /** Whether this is `{}`, which selects everything. */
  public isEmpty(): boolean {
    return Object.keys(this.matchLabels).length === 0 && this.matchExpressions.length === 0;
  }

  /** `{app=api,tier in (a,b)}`; `{}` for the empty selector. */
  public toString(): string {
    return this.isEmpty() ? '{}' : `{${compileSelector(this._toKube(), '', []).key}}`;
  }

  /** @internal */
  public _toKube(): k8s.LabelSelector {
    const labels = Object.keys(this.matchLabels).length > 0 ? { matchLabels: { ...this.matchLabels } } : {};
    const expressions = this.matchExpressions.length > 0 ? { matchExpressions: this.matchExpressions.map((e) => e._toKube()) } : {};
    return { ...labels, ...expressions };
  }
}
