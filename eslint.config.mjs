// Lint guards for the mistakes that matter here: a promise nobody awaits, and I/O inside the
// deterministic workflow sandbox. Run by `npm run lint` and by `npm test`.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

/** Modules that do I/O or need Node: workflow code runs in a sandbox, replayed, and must use none. */
const IO_LIBRARIES = ['knex', 'pg', 'sqlite3', 'nodemailer', 'express', 'busboy', 'smtp-server', 'mailparser', 'handlebars', '@temporalio/activity', '@temporalio/client', '@temporalio/worker', '@temporalio/testing'];
const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_')).flatMap((m) => [m, `node:${m}`]);

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'coverage/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, ...IO_LIBRARIES].map((name) => ({
            name,
            message: 'workflow code is replayed in a sandbox: do I/O in an activity (activities/) and call it through proxyActivities',
          })),
          patterns: [
            {
              group: ['**/store', '**/store/**', '**/activities', '**/activities/**', '**/api/**', '**/server/**', '**/runtime/**', '**/worker/**'],
              allowTypeImports: true,
              message: 'workflow code may import only the types of activities, the store and the API; their code does I/O',
            },
          ],
        },
      ],
    },
  },
);
