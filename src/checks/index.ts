export * from './flow-endpoint';
export * from './network-checks';
