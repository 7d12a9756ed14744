// Registers the cdk8s-netpol jest matchers: add this file to jest's `setupFilesAfterEnv`.
import { netpolMatchers } from './jest';

expect.extend(netpolMatchers);
