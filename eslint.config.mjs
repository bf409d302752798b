// The linter: Next's core-web-vitals rules (React, hooks, accessibility, Next's own pitfalls) and
// typescript-eslint's type-checked recommended set, which sees types and so catches what a
// syntax-only linter cannot (a promise nobody awaits, a switch that forgets a member of a union).
// Formatting is Prettier's alone (`npm run format`); nothing here argues about layout.
import js from "@eslint/js";
import comments from "@eslint-community/eslint-plugin-eslint-comments/configs";
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "lib/generated/**",
      ".next/**",
      "node_modules/**",
      "bench-results/**",
      "test-results/**",
      "playwright-report/**",
      "coverage/**",
      "data/**",
      "next-env.d.ts",
    ],
  },
  js.configs.recommended,
  ...nextCoreWebVitals,
  ...tseslint.configs.recommendedTypeChecked,
  comments.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // Every switch over a union names each member or says why it does not.
      "@typescript-eslint/switch-exhaustiveness-check": [
        "error",
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      // A disabled rule says why, in the same comment (`-- reason`).
      "@eslint-community/eslint-comments/require-description": ["error", { ignore: [] }],
      "@eslint-community/eslint-comments/no-unused-disable": "error",
      // `_name` marks a parameter or binding kept for its position; anything else unused goes.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
      // Next's route handlers, pages and our own interfaces are async by contract; an async function
      // with nothing to await yet is not a bug, and a floating promise (the bug) has its own rule.
      "@typescript-eslint/require-await": "off",
      // `any` only where a comment disabling this rule explains it.
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  {
    // prisma.config.ts loads these modules through Prisma's own loader, which knows no `@/` alias.
    files: ["lib/env.ts", "lib/rule-libraries/**/*.ts", "lib/log/**/*.ts", "prisma/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/*"], message: "Import relatively: prisma.config.ts loads this module without the @/ alias." },
          ],
        },
      ],
    },
  },
  {
    // Tests read JSON from HTTP answers and files and then assert its shape: that assertion is the
    // type check, so a cast to claim the type first would only repeat it.
    files: ["**/*.test.ts", "e2e/**/*.ts", "scripts/test-support/**/*.ts", "lib/test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      // Playwright's fixtures are called `use`; they are not React's hook.
      "react-hooks/rules-of-hooks": "off",
    },
  },
  {
    // Configuration files in plain JavaScript are outside the TypeScript project.
    files: ["**/*.mjs", "**/*.cjs", "**/*.js"],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // CommonJS configuration (dependency-cruiser reads `module.exports`).
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { module: "writable", require: "readonly" } },
  },
);
