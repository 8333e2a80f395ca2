import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist',
      'node_modules',
      '.sandbox',
      'test-results',
      'playwright-report',
      'reports',
      '**/*.tmp.*',
      'bench/tmp',
    ],
  },
  {
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { ecmaVersion: 2022, globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // React's rules only where React lives (Playwright fixtures call a `use` that is not React's).
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Views draw, hooks fetch: a component takes types from src/s3, and values only from the modules of pure
    // helpers below (no session, no request, no storage); everything that talks to S3 or the browser's storage
    // reaches it through a hook in src/hooks.
    files: ['src/components/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex:
                '(^|/)s3/(?!(errors|profile|bucket-names|cors-rules|file-request-link|header-rules|key-folders|key-limits|lifecycle-rules|link-rules|preview-kind|search/matcher|search/key-order)$)',
              allowTypeImports: true,
              message:
                'Components take only types and pure helpers from src/s3: reach this module through a hook (src/hooks).',
            },
            {
              regex: '^@aws-sdk/',
              allowTypeImports: true,
              message: 'Components never use the AWS SDK: the session (src/s3) does, through hooks.',
            },
          ],
        },
      ],
    },
  },
);
