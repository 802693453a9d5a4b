/** Environment, validated once at start-up. Every variable is listed in README.md. */
import { z } from "zod";

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().positive().default(3000),
  DATABASE_URL: z.string().url().optional(),
  /**
   * PostgreSQL: the URL of the role that owns the tables. Migrations and the start-up lock run as it, and the role of
   * DATABASE_URL is granted only the DML it needs (no TRUNCATE, no DISABLE TRIGGER, no UPDATE/DELETE of evidence).
   * Unset: DATABASE_URL's role migrates and owns the tables.
   */
  MIGRATION_DATABASE_URL: z.string().url().optional(),
  PGLITE_DIR: z.string().default(".data/pglite"),
  /** Origin used in every link the app puts in an email; never taken from the request. */
  PUBLIC_ORIGIN: z.string().url().default("http://localhost:3000"),
  RESEND_API_KEY: z.string().min(1).optional(),
  RESEND_WEBHOOK_SECRET: z.string().min(1).optional(),
  MAIL_FROM: z.string().default("Undersigned <letters@undersigned.localhost>"),
  /** "auto" seeds an empty database on first start (never in production unless "always"). */
  SEED_DEMO: z.enum(["auto", "never", "always"]).default("auto"),
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  SESSION_MAX_HOURS: z.coerce.number().int().positive().default(12),
  /** Sending a letter needs a sign-in (or re-confirmation) at most this old. */
  REAUTH_MINUTES: z.coerce.number().int().positive().default(15),
  RUN_WORKER: z.enum(["true", "false"]).default("true"),
  /** Background jobs one instance runs at the same time (emails, imports, scans); a slow one holds one slot. */
  JOB_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  /** EP Open Data API v2 base (https://data.europarl.europa.eu/api/v2); unset: questions and the MEP list are imported from files only. */
  EP_OPEN_DATA_URL: z.string().url().optional(),
  /** "true" refreshes the MEP directory from EP_OPEN_DATA_URL every night at 03:00 UTC (a job; see /admin/meps). */
  EP_DIRECTORY_NIGHTLY: z.enum(["true", "false"]).default("false"),
  /** Lowest level written to the log: "warn" and "error" silence the info lines (requests, jobs, start-up). */
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** Trust one proxy's X-Forwarded-For for the client address (rate limits); only behind a proxy you run. */
  TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  /** postgres.js pool size per instance (read by db/client.server.ts). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** Where migrations are read from (read by db/client.server.ts); the default finds db/migrations. */
  MIGRATIONS_DIR: z.string().min(1).optional(),
  /**
   * A directory for the bytes of uploaded reply files (named by their SHA-256, written atomically); unset keeps them
   * in the database. Files stored either way stay readable as long as the directory of those stored there is set.
   */
  REPLY_FILES_DIR: z.string().min(1).optional(),
  /** Lets a platform admin move the reply clock forward (/admin/clock); always on outside production. */
  ALLOW_TEST_CLOCK: z.enum(["true", "false"]).default("false"),
  /** "1" accepts the pseudo-locale (`?lang=en-XA`) in production too: for the browser tests and translators. */
  PSEUDO_LOCALE: z.enum(["0", "1"]).optional(),
  /**
   * Server secret (at least 32 characters): keys the hashes of sign-in codes and unsubscribe links and
   * encrypts the links inside queued emails, so a copy of the database grants nothing. Required in production.
   */
  APP_SECRET: z.string().min(32).optional(),
});

/** Outside production only: a fixed key, so development data stays readable across restarts. */
const DEVELOPMENT_SECRET = "undersigned-development-secret-never-use-in-production";

export type Env = Omit<z.infer<typeof EnvSchema>, "APP_SECRET"> & { APP_SECRET: string };

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${lines}`);
  }
  const secret = parsed.data.APP_SECRET ?? (parsed.data.NODE_ENV === "production" ? undefined : DEVELOPMENT_SECRET);
  if (!secret) throw new Error("Invalid environment:\n  APP_SECRET: required in production (at least 32 characters)");
  if (parsed.data.MIGRATION_DATABASE_URL && !parsed.data.DATABASE_URL)
    throw new Error("Invalid environment:\n  MIGRATION_DATABASE_URL: needs DATABASE_URL (the app's own role)");
  cached = { ...parsed.data, APP_SECRET: secret };
  return cached;
}

/** For tests that change process.env between cases. */
export function resetEnvCache() {
  cached = undefined;
}

export const isProduction = () => getEnv().NODE_ENV === "production";
