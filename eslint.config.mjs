// @ts-check
// Flat config for ESLint 9. Syntax-only (not type-aware) so `npm run lint:eslint` stays fast;
// type errors are caught by `npm run lint:types`.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: ['dist/**', 'node_modules/**', 'drizzle/**', 'coverage/**', '.data/**', '.tmp/**', '**/__planted__*'],
  },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'eval/**/*.ts', 'client/**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Nest injects through constructor parameter properties: `constructor(private readonly repo: Repo) {}`.
      'no-useless-constructor': 'off',
      'no-empty-function': 'off',
      '@typescript-eslint/no-empty-function': ['error', { allow: ['constructors', 'private-constructors', 'protected-constructors'] }],
      // Nest modules and marker classes are decorated empty classes: `@Module({...}) export class X {}`.
      '@typescript-eslint/no-extraneous-class': 'off',
      // Do not enable consistent-type-imports: with emitDecoratorMetadata, a type-only import of an
      // injected class erases the runtime reference Nest needs for dependency injection.
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  {
    // Tests, specs and benchmarks: fakes, partial doubles and casts are normal there.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'src/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-empty-function': 'off',
    },
  },
);
