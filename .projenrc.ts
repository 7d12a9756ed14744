import { cdk8s, javascript, JsonFile } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

// Versions and settings follow ../shared/TOOLCHAIN.md (measured on this kind of machine).
const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-netpol',
  description: 'Kubernetes NetworkPolicies as code for cdk8s: typed constructs, an exact evaluator, checks at synth, and a CLI for GitOps repos.',
  author: 'cdk8s-netpol team',
  authorAddress: 'team@cdk8s-netpol.dev',
  repositoryUrl: 'https://example.invalid/cdk8s-netpol.git',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  keywords: ['cdk8s', 'kubernetes', 'networkpolicy', 'network-policy', 'gitops'],

  // jsii 6 bundles TypeScript 6; TypeScript 7 has no JS API (ts-jest, ts-node break).
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~6.0.3',
  // The project type defaults to cdk8s 1.x / constructs 3.x: always pin both.
  cdk8sVersion: '2.70.106',
  constructsVersion: '10.3.0',
  peerDeps: ['cdk8s-plus-27@^2.9.5'],
  devDeps: [
    'cdk8s-plus-27@^2.9.5',
    '@types/js-yaml@^4',
    'fast-check@^4',
    'playwright-core@~1.65.0',
  ],
  // Runtime helpers that never appear in an exported signature.
  bundledDeps: ['js-yaml@^4', 'ipaddr.js@^2.5.0', 'commander@^14'],

  bin: { netpol: 'bin/netpol' },
  minNodeVersion: '20.0.0',

  // Only the JS target: the Python/Java/.NET/Go toolchains and registries are unreachable here.
  github: false,
  release: false,
  artifactsDirectory: 'dist-package',

  jestOptions: {
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      testTimeout: 60_000,
      coverageReporters: ['text-summary'],
    },
  },
  gitignore: ['/examples/**/dist/', '/dist/', '/dist-package/', '/bench/out/'],
  npmignoreEnabled: true,
});

project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// The example and benchmark compile like the tests (eslint's project service needs a tsconfig beside them).
for (const dir of ['examples', 'bench']) {
  new JsonFile(project, `${dir}/tsconfig.json`, {
    obj: { extends: '../test/tsconfig.json', include: ['**/*.ts'], exclude: ['node_modules', '**/dist/**'] },
  });
}
project.eslint?.addLintPattern('examples');
project.eslint?.addLintPattern('bench');

// Messages are sentences in strings: measure code, not prose.
project.eslint?.addRules({
  '@stylistic/max-len': ['error', { code: 150, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreComments: true }],
});

// Layer boundaries (see ARCHITECTURE.md): the pure layers never import cdk8s, constructs or the CLI.
project.eslint?.addRules({
  'import/no-restricted-paths': ['error', {
    zones: [
      { target: './src/evaluator', from: './src/constructs' },
      { target: './src/evaluator', from: './src/checks' },
      { target: './src/evaluator', from: './src/cli' },
      { target: './src/validation', from: './src/constructs' },
      { target: './src/validation', from: './src/cli' },
      { target: './src/lint', from: './src/constructs' },
      { target: './src/lint', from: './src/cli' },
      { target: './src/constructs', from: './src/cli' },
      { target: './src/generate', from: './src/constructs' },
      { target: './src/generate', from: './src/checks' },
      { target: './src/generate', from: './src/cli' },
      { target: './src/report', from: './src/constructs' },
      { target: './src/report', from: './src/cli' },
      { target: './src/checks', from: './src/cli' },
    ],
  }],
});

// The main job: synthesize the seed lab example with its checks into dist/.
project.addTask('synth', {
  description: 'Synthesize the example app (examples/lab) into dist/ with its flow checks',
  exec: 'ts-node --transpile-only --project test/tsconfig.json examples/lab/main.ts',
});
project.addTask('synth:platform', {
  description: 'Synthesize the platform example (examples/platform: ClusterNetworkPolicy tiers over the lab) into dist/platform/',
  exec: 'ts-node --transpile-only --project test/tsconfig.json examples/platform/main.ts',
});
// The report commands are timed as the built CLI, so the benchmark compiles lib/ first.
const bench = project.addTask('bench', {
  description: 'Compile, then run the speed and memory benchmark and print a table',
});
bench.spawn(project.compileTask);
bench.exec('TS_NODE_PROJECT=test/tsconfig.json node --expose-gc -r ts-node/register/transpile-only bench/run.ts', { receiveArgs: true });
project.addTask('contract', {
  description: 'Run ../shared conformance cases through the built netpol CLI',
  exec: 'node ../shared/tools/contract-check.mjs',
});

project.synth();
