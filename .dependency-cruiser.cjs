// The shape of src/ (STYLE.md, CONTRIBUTING.md "Layout"), checked by `npm run lint`:
// no import cycles, type-only imports included, and arrows only downward between the tiers.
//
//   front doors  src/cli.ts, src/commands/, src/options/, src/config/   the CLI tier
//                src/index.ts, src/library/                            the library (subscribe())
//   features     src/top/, src/simulate/, src/capture/, src/doctor/, src/completion/
//   core         everything else: src/topics/, src/transport/, src/decode/, src/validate/,
//                src/pipeline/, src/render/, src/sink/, src/record.ts, src/errors.ts, src/events.ts,
//                src/version.ts, … (a new folder is core, the strictest tier, until it is listed above)
//
// config/ is the CLI's: the profile's values are flags, merged into commander's options before
// a command runs. library/ is a second front door beside the CLI: it composes the core for
// programs, so neither the core nor a feature may need it, and it may not need commander's tier.
const CLI = '^src/(cli[.]ts$|commands/|options/|config/)';
const LIBRARY = '^src/(index[.]ts$|library/)';
const FEATURE = '^src/(top|simulate|capture|doctor|completion)/';
/** The core: what is in none of the tiers above. */
const CORE = { path: '^src/', pathNot: [CLI, LIBRARY, FEATURE] };

const tierRule = (name, from, to, comment) => ({
  name, comment, severity: 'error', from: typeof from === 'string' ? { path: from } : from, to: { path: to },
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle, type-only imports included: one of the modules should own the shared type or code.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    tierRule('core-not-to-cli', CORE, CLI, 'The core never imports the CLI tier: take a typed settings object from it instead.'),
    tierRule('core-not-to-library', CORE, LIBRARY, 'The core never imports the library: the library is built on it.'),
    tierRule('core-not-to-feature', CORE, FEATURE, 'The core never imports a feature: move what both need into the core.'),
    tierRule('feature-not-to-cli', FEATURE, CLI, 'A feature is built on the core and called by a command; it never imports the CLI tier.'),
    tierRule('feature-not-to-library', FEATURE, LIBRARY, 'A feature never imports the library.'),
    tierRule('library-not-to-cli', LIBRARY, CLI, 'The library composes the core without commander, flags or profiles.'),
    {
      name: 'src-not-to-dev-dependencies',
      comment: 'What src/ imports ships in the package: a devDependency would be missing after npm install jetsub.',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Show each module as the path a reader greps for.
    reporterOptions: { text: { highlightFocused: true } },
  },
};
