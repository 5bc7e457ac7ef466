// ESLint runs one rule here: no function in non-test TypeScript longer than 80 lines (blank and
// comment lines not counted). A longer function wants its `// 1.` ... `// n.` steps as named
// functions (README "Architecture"). test/function-length.test.ts runs it in `npm test`.
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'generated/**', '**/*.test.ts', '**/testing/**', 'test/**', 'instrumentation/test/**', '.runtimes/**', '.data/**', '.zeus-demo/**'],
  },
  {
    files: ['**/*.ts', '**/*.cts'],
    languageOptions: { parser: tseslint.parser },
    // Disable comments for rules of other linters stay (they say why), so they are not reported.
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true, IIFEs: true }],
    },
  },
);
