/**
 * The key a creating form carries (issue 10): the loader gives the page a fresh random key, the form sends
 * it back in a hidden `formKey` field, and the action claims it with `once` (app/models/form-submissions),
 * so the same submission sent twice creates one thing. After a success the page is shown again with a new
 * key; a form sent without a key still works (it is simply not protected against a double submit).
 */
import { randomUUID } from "node:crypto";
import { data } from "@remix-run/node";
import type { MessageKey } from "#app/i18n";
import { isUuid } from "#app/infra/ids";
import type { FormClaim } from "#app/models/form-submissions.server";

export const FORM_KEY_FIELD = "formKey";

/** A fresh key for a page that shows a creating form. */
export function newFormKey(): string {
  return randomUUID();
}

/**
 * The claim for this submission: `scope` says who sent it ("user:<id>", "invitation:<id>"), `form` which
 * form. Null without a key; a key that is not one we could have issued is refused (400), never ignored.
 */
export function formClaim(form: FormData, scope: string, name: string): FormClaim | null {
  const key = form.get(FORM_KEY_FIELD);
  if (key === null || key === "") return null;
  if (!isUuid(key)) throw data({ message: "form.error.broken" satisfies MessageKey }, { status: 400 });
  return { scope, form: name, key: key.toLowerCase() };
}

/** The scope of a signed-in person's submissions. */
export const userScope = (userId: string) => `user:${userId}`;
