/**
 * Versions published after someone signed: an editorial one carries the signatures over and tells the signers
 * what changed; a substantive one asks them to re-confirm, with the diff on the signing page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSigningContext, listSignatures, listVersionKinds } from "#app/models/signing.server";
import { countableSignatures } from "#app/domain/signature-status";
import * as signRoute from "#app/routes/sign.$token";
import {
  createMep,
  createOfficeActor,
  createPublishedLetter,
  inviteResult,
  publishAndNotify,
  signAtCurrentVersion,
} from "#tests/factories/index";
import { closeTestDb, db, dbLabel, openTestDb } from "#tests/setup/db";
import { emailsTo, tokenFromEmail } from "#tests/setup/outbox";
import { callLoader } from "#tests/setup/routes";

beforeAll(openTestDb);
afterAll(closeTestDb);

describe(`versions after signing (${dbLabel()})`, () => {
  it("an editorial version carries signatures over and tells signers; a substantive one asks them to re-confirm with a diff", async () => {
    const { actor } = await createOfficeActor(db);
    const letter = await createPublishedLetter(
      db,
      actor,
      "We ask the Commission to exclude high risk suppliers from EU funding.",
    );
    const a = await createMep(db);
    const b = await createMep(db);
    const inv = await inviteResult(db, actor, letter.id, [a.id, b.id]);
    const tokenA = inv.invited.find((i) => i.mepId === a.id)!.token;
    const tokenB = inv.invited.find((i) => i.mepId === b.id)!.token;
    expect((await signAtCurrentVersion(db, tokenA, letter.id)).ok).toBe(true);

    // v2 editorial: A's signature carries over, A is told with the changed words and a fresh link to withdraw,
    // B (not signed) hears nothing.
    const v2 = await publishAndNotify(
      db,
      actor,
      letter.id,
      "We ask the Commission to exclude high-risk suppliers from EU funding.",
      "editorial",
    );
    expect(v2.notified).toEqual({ corrected: 1, reconfirm: 0 });
    const noticeA = (await emailsTo(db, a.email!, letter.id)).filter((e) => e.kind === "cosign-corrected");
    expect(noticeA).toHaveLength(1);
    expect(noticeA[0].text).toMatch(/high risk.*high-risk/);
    expect(noticeA[0].html).toMatch(/\/sign\//);
    expect((await emailsTo(db, b.email!, letter.id)).filter((e) => e.kind.startsWith("cosign-"))).toHaveLength(0);

    // The old link still works; signing again answers already-signed.
    const ctx = await getSigningContext(db, tokenA);
    expect(ctx?.signatureStatus).toBe("carried");
    const again = await signAtCurrentVersion(db, tokenA, letter.id);
    expect(again).toMatchObject({ ok: true, status: "already-signed" });
    const live = await listSignatures(db, { letterId: letter.id, officeId: actor.officeId });
    expect(live).toHaveLength(1);
    expect(live[0].versionNumber).toBe(1);
    const versions = await listVersionKinds(db, letter.id);
    expect(countableSignatures(live, versions)).toHaveLength(1);

    // v3 substantive: A must re-confirm; the request carries a new personal link, the old one keeps working.
    const v3 = await publishAndNotify(
      db,
      actor,
      letter.id,
      "We ask the Commission to exclude high-risk suppliers from all EU funding and public contracts.",
      "substantive",
    );
    expect(v3.notified).toEqual({ corrected: 0, reconfirm: 1 });
    expect((await getSigningContext(db, tokenA))?.signatureStatus).toBe("needs-reconfirm");
    const reconfirm = (await emailsTo(db, a.email!, letter.id)).filter((e) => e.kind === "cosign-reconfirm");
    expect(reconfirm).toHaveLength(1);
    const newTokenA = tokenFromEmail(reconfirm[0].html, "sign");
    const ctx3 = await getSigningContext(db, newTokenA);
    expect(ctx3?.signatureStatus).toBe("needs-reconfirm");
    expect(
      countableSignatures(
        await listSignatures(db, { letterId: letter.id, officeId: actor.officeId }),
        await listVersionKinds(db, letter.id),
      ),
    ).toHaveLength(0);

    // The signing page shows the diff from the signed version (v1) to the current one (v3).
    const page = await callLoader<any>(signRoute, { path: `/sign/${newTokenA}`, params: { token: newTokenA } });
    expect(page.status).toBe(200);
    expect(page.data.signatureStatus).toBe("needs-reconfirm");
    const ops = page.data.diff as Array<{ op: string; text: string }>;
    expect(
      ops
        .filter((o) => o.op === "insert")
        .map((o) => o.text)
        .join(" "),
    ).toMatch(/all/);
    expect(
      ops
        .filter((o) => o.op === "insert")
        .map((o) => o.text)
        .join(" "),
    ).toMatch(/public contracts/);
    expect(ops.some((o) => o.op === "delete")).toBe(true);

    // Re-confirming works and binds to v3; the diff then disappears.
    const re = await signAtCurrentVersion(db, newTokenA, letter.id);
    expect(re).toMatchObject({ ok: true, status: "signed" });
    const after = await listSignatures(db, { letterId: letter.id, officeId: actor.officeId });
    expect(after.map((s) => s.versionNumber)).toEqual([3]);
    const page2 = await callLoader<any>(signRoute, { path: `/sign/${newTokenA}`, params: { token: newTokenA } });
    expect(page2.data.diff).toBeNull();
    expect(page2.data.signatureStatus).toBe("current");
    // B never signed: unaffected, their link works.
    expect(await getSigningContext(db, tokenB)).not.toBeNull();
  });
});
