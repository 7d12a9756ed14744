// The lint layer's public surface: the rule shape, the rules, the runner, suppressions and renderers.
export * from './rule';
export * from './rules';
export * from './run';
export * from './suppressions';
export * from './report/summary';
export * from './report/table';
export * from './report/json';
export * from './report/sarif';
export * from './report/rule-table';
