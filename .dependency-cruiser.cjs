/**
 * The layers of mirrorbeat, checked by dependency-cruiser (`npm run layers`, run in CI):
 *
 *   sim (the kernel) ← machines (pure statecharts) ← actors (hosts, storage, network: ports) ←
 *   world (the builder: wires only); observers (monitors, report, inspector) read the
 *   observation stream and decide nothing.
 *
 * Type-only imports count (`tsPreCompilationDeps`): a type is a dependency too.
 */
const DOMAIN =
  '(model|machines|actors|world|monitors|report|cli|explore|inspector|bench|scenarios)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'machines-only-xstate-and-model',
      comment:
        'A statechart (machines/) imports only xstate, model types and other statecharts: no actor, ' +
        'no world, no observer, no RxJS, no node built-in.',
      severity: 'error',
      from: { path: '^machines/' },
      to: { pathNot: ['^machines/', '^model/', '^node_modules/xstate/'] }
    },
    {
      name: 'machines-rxjs-free',
      comment:
        'A statechart never reaches RxJS, not even through a model type: streams belong to actors.',
      severity: 'error',
      from: { path: '^machines/' },
      to: { path: '^node_modules/rxjs/', reachable: true }
    },
    {
      name: 'actors-not-above-actors',
      comment:
        'An actor knows its ports only: it never imports the builder (world/), the observers ' +
        '(monitors/, report/, inspector/), the command line, exploration or the benchmarks.',
      severity: 'error',
      from: { path: '^actors/' },
      to: { path: '^(world|monitors|report|cli|explore|inspector|bench)/' }
    },
    {
      name: 'monitors-observe-only',
      comment:
        'A monitor subscribes to the observation stream: it imports no actor, not the builder, ' +
        'not the command line, exploration, the report or the inspector.',
      severity: 'error',
      from: { path: '^monitors/' },
      to: { path: '^(actors|world|cli|explore|report|inspector)/' }
    },
    {
      name: 'kernel-knows-no-domain',
      comment:
        'The simulation kernel (sim/) imports nothing of the domain: only itself, npm packages ' +
        'and node built-ins.',
      severity: 'error',
      from: { path: '^sim/' },
      to: { path: `^${DOMAIN}/` }
    },
    {
      name: 'model-below-the-domain',
      comment:
        'The model (configuration, scenario and storage types) imports nothing of machines/, ' +
        'actors/, world/ or monitors/ (not even a type).',
      severity: 'error',
      from: { path: '^model/' },
      to: { path: '^(machines|actors|world|monitors)/' }
    },
    {
      name: 'no-circular',
      comment: 'No module depends on itself through others.',
      severity: 'error',
      from: {},
      to: { circular: true }
    },
    {
      name: 'no-orphans',
      comment:
        'A module nothing imports and that imports nothing is dead code (or a loose script).',
      severity: 'error',
      from: {
        orphan: true,
        pathNot: [
          '(^|/)[.][^/]+[.](js|cjs|mjs|ts|json)$',
          '[.]d[.]ts$',
          '(^|/)tsconfig[.]json$',
          '(^|/)(jest|eslint)[.]config[.](js|cjs|mjs|ts)$'
        ]
      },
      to: {}
    },
    {
      name: 'no-non-package-json',
      comment: 'Every npm package imported is declared in package.json.',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] }
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves to a file or a package.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true }
    },
    {
      name: 'not-to-dev-dep',
      comment:
        'What ships (everything but test/ and bench/) never imports a devDependency: `npm ci ' +
        '--omit=dev` must still run it.',
      severity: 'error',
      from: {
        path: '^(sim|model|machines|actors|world|monitors|report|cli|explore|inspector|scenarios|bin)/'
      },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] }
    }
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|docs|coverage|artifacts|reports|[.]stryker-tmp)/' },
    tsPreCompilationDeps: true,
    // Paths stay as imported (test/layers cruises trees whose node_modules is a link).
    preserveSymlinks: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['main', 'types', 'typings']
    },
    reporterOptions: { text: { highlightFocused: true } }
  }
};
