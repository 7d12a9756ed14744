// The jsii surface: constructs, checks, testing helpers, lint and the public evaluator API.
// The CLI (src/cli) is never exported from here.
export * from './constructs';
export * from './checks';
export * from './evaluator/public';
export * from './validation/public';
export * from './lint/public';
export * from './testing';
