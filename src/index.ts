// The jsii surface: constructs, checks, testing helpers, lint and the public evaluator API.
// The CLI (src/cli) is never exported from here.
export * from './constructs';
export * from './checks';
