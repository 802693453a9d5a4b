// Lint: TypeScript rules, Lexical's rules, and the layer boundaries. Each layer may import only the
// layers below it:
//   routes, components  →  web (route helpers)  →  services (workflows)  →  models (queries)  →  infra
//   domain (pure rules) and i18n may be imported by anyone and import none of the above.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import lexical from "@lexical/eslint-plugin";

// Patterns are regexes: in the gitignore-style `group` syntax a leading "#" starts a comment and matches nothing.
const layer = (name, message) => ({ regex: `^#app/${name}/`, message });
const ROUTES = layer("routes", "Nothing imports a route module.");
const WEB = layer("web", "Route helpers (app/web) sit above this layer: import them only from routes.");
const SERVICES = layer("services", "Workflows (app/services) sit above this layer: call them from routes or jobs.");
const MODELS = layer("models", "Queries (app/models) sit above this layer.");
const INFRA = layer("infra", "Infrastructure sits below models; pure rules must not use it.");
const DRIZZLE = {
  group: ["drizzle-orm", "drizzle-orm/*", "postgres", "@electric-sql/pglite"],
  message: "Queries belong in app/models/*.server.ts.",
};

/** Every 404 is the same answer, from one place. */
const NOT_FOUND_BY_HAND = {
  selector:
    "NewExpression[callee.name='Response'] > ObjectExpression > Property[key.name='status'] > Literal[value=404]",
  message: "Answer 404 with notFound() (app/infra/not-found.ts, re-exported by #app/web/http.server).",
};

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "public/build/**",
      ".data/**",
      "node_modules/**",
      "playwright-report/**",
      "test-results/**",
      "db/migrations/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: "readonly",
        process: "readonly",
        URL: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
      "no-control-regex": "off",
    },
  },
  {
    files: ["**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "warn" },
  },
  {
    files: ["app/editor/**", "tests/unit/editor-*.{ts,tsx}"],
    plugins: { "@lexical": lexical },
    rules: { "@lexical/rules-of-lexical": "error" },
  },
  {
    // Routes and components: no queries, no table objects (types only), no zod in modules that ship to the browser.
    files: ["app/routes/**", "app/components/**", "app/editor/**/*.tsx", "app/root.tsx"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "#db/schema",
              allowTypeImports: true,
              message: "Routes import only types from #db/schema: queries live in app/models.",
            },
            {
              name: "#app/infra/db.server",
              importNames: ["getDbHandle", "setDbHandle", "closeDb"],
              message: "Routes get `db` from a route helper.",
            },
            {
              name: "zod",
              message: "Form schemas live in app/domain/*-forms.ts so zod stays out of the browser bundle.",
            },
          ],
          patterns: [
            DRIZZLE,
            {
              group: ["#db/*", "!#db/schema"],
              message: "Routes and components do not open the database; call a model or a service.",
            },
            ROUTES,
          ],
        },
      ],
      "no-restricted-syntax": [
        "error",
        {
          // `db.transaction((tx) => oneModelCall(tx, …))` is one call; a callback with a block body runs several
          // steps, and a sequence of steps is a workflow.
          selector: "CallExpression[callee.property.name='transaction'] > :function > BlockStatement",
          message: "A transaction that runs several steps is a workflow: put it in app/services and call that.",
        },
        NOT_FOUND_BY_HAND,
      ],
    },
  },
  {
    files: ["app/web/**", "app/services/**", "app/models/**", "app/infra/**"],
    ignores: ["app/infra/not-found.ts"],
    rules: { "no-restricted-syntax": ["error", NOT_FOUND_BY_HAND] },
  },
  {
    files: ["app/web/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [ROUTES] }] },
  },
  {
    files: ["app/services/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [ROUTES, WEB] }] },
  },
  {
    files: ["app/models/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [ROUTES, WEB, SERVICES] }] },
  },
  {
    files: ["app/infra/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [ROUTES, WEB, SERVICES, MODELS] }] },
  },
  {
    files: ["app/domain/**", "app/i18n/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(#db/(?!data/)|drizzle-orm)",
              message: "Pure rules: no database (static data in db/data is fine).",
            },
            ROUTES,
            WEB,
            SERVICES,
            MODELS,
            INFRA,
          ],
        },
      ],
    },
  },
);
