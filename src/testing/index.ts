// Helpers for users' tests that jsii can export; jest-specific files (jest.ts, jest-setup.ts) stay out.
export * from './reachability';
