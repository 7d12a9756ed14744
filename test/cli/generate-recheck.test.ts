import * as path from 'node:path';
import { runCli } from './run-cli';
import { SourcedObject } from '../../src/evaluator/kube';

// The re-check's validator finds a planted problem in the first generated policy: the generator's
// own output failing its proof, which no real input can cause.
jest.mock('../../src/validation', () => {
  const actual = jest.requireActual('../../src/validation');
  return {
    ...actual,
    validateManifests: (objects: SourcedObject[], options?: unknown) => {
      const generated = objects.filter((o) => String(o.source).startsWith('generated ')).slice(0, 1);
      return [...actual.validateManifests(objects, options), ...generated.map((o) => ({ code: 'planted', source: o.source, message: 'Invalid value: planted by the test' }))];
    },
  };
});

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'generate');

test('policies that fail their own re-check are an internal error: exit 1, nothing on stdout, the failure on stderr', async () => {
  const run = await runCli(['generate', '--manifests', 'manifests.yaml', '--flows', 'flows.yaml', '--scope', 'app'], { cwd: EXAMPLE });

  expect(run).toEqual({
    code: 1,
    stdout: '',
    stderr: 'error: internal error: generated policies failed their re-check: generated app/allow-api-egress-203-0-113-0-24: Invalid value: planted by the test\n',
  });
});
