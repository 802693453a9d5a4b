/**
 * Creating things once per form key (issue 10, checklist 55): a retried POST never creates a duplicate.
 * Each creating form carries a random key from the page that showed it (app/web/form-key.server.ts); the
 * key is claimed in the transaction that creates, so the claim and the creation commit or vanish together.
 */
import { and, eq, lt } from "drizzle-orm";
import { formSubmissions } from "#db/schema";
import type { Queryable } from "#db/client.server";

/** Who sent the form ("user:<id>", "invitation:<id>"), which form it was, and the key its page gave it. */
export type FormClaim = { scope: string; form: string; key: string };

/** What a retry is answered: the first submission's result, marked as a replay. */
export type Replayed<R> = R & { replayed?: true };

/**
 * Runs `create` at most once per form key, inside the caller's transaction. The key is claimed first (a
 * concurrent retry with the same key waits for this transaction), then `create` runs. A successful result
 * (`ok: true`) is stored with the key and a retry with that key gets it back without running `create`. A
 * refusal (`ok: false`: nothing was created) releases the key, so the corrected form can be sent with it
 * again. Without a claim (a form sent without a key) `create` simply runs.
 *
 * The result is stored as JSON, so it must be plain data (ids, numbers, strings, message keys): a Date or a
 * row object is refused here rather than coming back changed on a replay. Never put a secret in it.
 */
export async function once<R extends { ok: boolean }>(
  tx: Queryable,
  claim: FormClaim | null,
  create: () => Promise<R>,
): Promise<Replayed<R>> {
  if (!claim) return create();
  const where = and(
    eq(formSubmissions.scope, claim.scope),
    eq(formSubmissions.form, claim.form),
    eq(formSubmissions.key, claim.key),
  );
  const claimed = await tx
    .insert(formSubmissions)
    .values({ scope: claim.scope, form: claim.form, key: claim.key, result: null })
    .onConflictDoNothing()
    .returning({ key: formSubmissions.key });
  if (!claimed.length) {
    // Taken by a submission that committed (a concurrent one is waited for by the insert above).
    const [earlier] = await tx.select({ result: formSubmissions.result }).from(formSubmissions).where(where);
    if (!earlier?.result) throw new Error(`form key of ${claim.form} claimed without a result`);
    return { ...(earlier.result as R), replayed: true };
  }
  const result = await create();
  if (!result.ok) {
    await tx.delete(formSubmissions).where(where);
    return result;
  }
  assertPlain(result, claim.form);
  await tx.update(formSubmissions).set({ result }).where(where);
  return result;
}

function assertPlain(value: unknown, form: string, path = "result"): void {
  if (value === null || ["string", "number", "boolean"].includes(typeof value)) return;
  if (Array.isArray(value)) return value.forEach((v, i) => assertPlain(v, form, `${path}[${i}]`));
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [k, v] of Object.entries(value)) if (v !== undefined) assertPlain(v, form, `${path}.${k}`);
    return;
  }
  throw new TypeError(`${form}: ${path} is not plain data and would not survive a replay`);
}

/** Keys older than `before` are forgotten (a retry that late is a new submission). */
export async function sweepFormSubmissions(db: Queryable, before: Date) {
  await db.delete(formSubmissions).where(lt(formSubmissions.createdAt, before));
}
