// Lint and format rules for src/, test/, bench/, scripts/ and bin/ (run by `npm run lint`, so by
// `npm test`). The formatting rules (@stylistic) describe the style the code already has rather
// than a formatter's: 2-space indent, single quotes, semicolons, trailing commas in multi-line
// literals, lines of at most 140 columns. Import cycles and the tier rule are checked by
// dependency-cruiser (.dependency-cruiser.cjs), dead exports and files by knip (knip.config.js).
import js from '@eslint/js';
import stylistic from '@stylistic/eslint-plugin';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'build/', 'node_modules/', 'bench/results/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { '@stylistic': stylistic },
    rules: {
      '@stylistic/max-len': ['error', { code: 140, ignoreUrls: true }],
      '@stylistic/indent': ['error', 2, { SwitchCase: 1, flatTernaryExpressions: true, offsetTernaryExpressions: true }],
      '@stylistic/quotes': ['error', 'single', { avoidEscape: true, allowTemplateLiterals: 'avoidEscape' }],
      '@stylistic/semi': ['error', 'always'],
      '@stylistic/comma-dangle': ['error', 'always-multiline'],
      '@stylistic/eol-last': 'error',
      '@stylistic/no-trailing-spaces': 'error',
      '@stylistic/no-multiple-empty-lines': ['error', { max: 1, maxEOF: 0 }],
      '@stylistic/no-tabs': 'error',
      '@stylistic/brace-style': ['error', '1tbs', { allowSingleLine: true }],
      '@stylistic/keyword-spacing': 'error',
      '@stylistic/space-infix-ops': 'error',
      '@stylistic/arrow-parens': ['error', 'always'],
      '@stylistic/member-delimiter-style': 'error',
      '@stylistic/type-annotation-spacing': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Off, on purpose: finding and escaping terminal control characters in what the broker
      // sends is one of jetsub's jobs (decode/escape.ts, render/, top/), and their tests match them.
      'no-control-regex': 'off',
      'no-console': 'error',
    },
  },
  {
    // Only src/cli.ts exits and reads the command line (STYLE.md): everything else returns
    // exit codes or throws errors that carry one (src/errors.ts), and takes typed options.
    files: ['src/**/*.ts'],
    ignores: ['src/cli.ts'],
    rules: {
      'no-restricted-properties': ['error',
        { object: 'process', property: 'exit', message: 'Only src/cli.ts exits: throw an error from src/errors.ts or return a code.' },
        { object: 'process', property: 'argv', message: 'Only src/cli.ts reads process.argv: take typed options.' },
      ],
    },
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' }, // CommonJS by design (bin/package.json)
  },
  {
    // Tests, the bench and the build scripts are programs of their own: they may print.
    files: ['test/**', 'bench/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // A table row of a test or the bench may run past 140 columns where the overflow is the
    // data itself (a payload, an expected line of output, a pattern): whole, it reads as what
    // the program sees. Code and comments still stop at 140.
    files: ['test/**', 'bench/**'],
    rules: {
      // Off in tests: an expected screen line is written as the screen shows it (`21 events  0 invalid`),
      // and a test reads parsed JSON (a schema, a payload) by path, where `any` says what it is.
      'no-regex-spaces': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@stylistic/max-len': ['error', {
        code: 140, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true,
      }],
    },
  },
);
