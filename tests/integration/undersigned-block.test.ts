/**
 * The undersigned block on the demo seed: the sent letter's 56 signatories in the order the EP prints them, the
 * format the office chooses for the collecting letter, and a sent letter's block kept as it was sent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { offices, users } from "#db/schema";
import { DEMO_EMAIL_DOMAIN } from "#db/seed.server";
import { NUCTECH_SIGNATORIES } from "#db/data/nuctech-signatories";
import { recordOutsideSignatures } from "#app/models/outside-signatures.server";
import { foldDiacritics } from "#app/domain/names";
import { publishNewText } from "#tests/factories/index";
import { closeTestDb, db } from "#tests/setup/db";
import { callAction, callLoader } from "#tests/setup/routes";
import {
  collecting,
  countries56,
  groups56,
  lead,
  letterRow,
  nonAttached56,
  openDemoFixture,
  sent,
  staff,
} from "#tests/setup/demo-fixture";
import * as blockRoute from "#app/routes/letters.$letterId.undersigned";

beforeAll(async () => {
  await openDemoFixture();
  // The office's own Member (Groothuis) signs the collecting letter outside the app on version 1, then a
  // substantive version 2 follows: his signature then waits for his re-confirmation.
  const { officeId } = await letterRow(collecting.id);
  const [office] = await db.select().from(offices).where(eq(offices.id, officeId));
  const [anna] = await db
    .select()
    .from(users)
    .where(eq(users.email, `anna.staff@${DEMO_EMAIL_DOMAIN}`));
  const actor = { userId: anna.id, officeId };
  const recorded = await db.transaction((tx) =>
    recordOutsideSignatures(tx, actor, {
      letterId: collecting.id,
      sourceNote: "email from the office",
      choices: [{ mepId: office.mepId!, input: "Bart Groothuis" }],
    }),
  );
  if (!recorded.ok || recorded.recorded.length !== 1) throw new Error(`setup: ${JSON.stringify(recorded)}`);
  await publishNewText(db, actor, collecting.id, "We write again about security criteria in CCEI tenders.");
});
afterAll(closeTestDb);

describe("undersigned block", () => {
  it("lists the 56 signatories of 2022 with the lead MEP first, then in EP surname order, with the count line", async () => {
    const r = await callLoader<any>(blockRoute, {
      path: `/letters/${sent.id}/undersigned`,
      params: { letterId: sent.id },
      cookie: staff,
    });
    expect(r.status).toBe(200);
    const { block, text } = r.data;
    expect(block.format).toBe("names-group-country");
    expect(block.lines.length).toBe(56);
    expect(block.lines[0]).toBe("Bart Groothuis (Renew, NL)");
    expect(block.lines[1]).toBe("François Alfonsi (Greens/EFA, FR)");
    expect(block.lines[55]).toBe("Lara Wolters (S&D, NL)");
    // Everyone after the lead is ordered by surname as the EP prints it: diacritics folded
    // (Auštrevičius between Alfonsi and Azmani), the particle "von" kept (von Cramon-Taubadel under V).
    const surnames = block.lines
      .slice(1)
      .map(
        (l: string) => NUCTECH_SIGNATORIES.find((s) => l.startsWith(`${s.givenName} ${s.familyName} (`))!.familyName,
      );
    const fold = (s: string) =>
      foldDiacritics(s)
        .toLowerCase()
        .replace(/[^a-z]/g, "");
    expect(surnames.map(fold)).toEqual([...surnames.map(fold)].sort());
    expect(surnames.slice(0, 3)).toEqual(["Alfonsi", "Auštrevičius", "Azmani"]);
    expect(surnames.indexOf("von Cramon-Taubadel")).toBeGreaterThan(surnames.indexOf("Vedrenne"));
    expect(surnames.indexOf("Šimečka")).toBeLessThan(surnames.indexOf("Štefanec"));
    const expectedCount = `56 Members of the European Parliament from ${groups56.size} political groups and ${countries56.size} member states, including ${nonAttached56} non-attached Member${nonAttached56 === 1 ? "" : "s"}`;
    expect(text.endsWith(`\n\n${expectedCount}`)).toBe(true);
    expect(text.split("\n")[0]).toBe("Bart Groothuis (Renew, NL)");
  });

  it("stores the chosen format, groups by political group, and refuses bad or late changes", async () => {
    const bad = await callAction<any>(blockRoute, {
      path: `/letters/${collecting.id}/undersigned`,
      params: { letterId: collecting.id },
      cookie: staff,
      form: {
        format: "alphabetical",
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.data.fieldErrors.format).toBe("block.error.format");
    expect((await letterRow(collecting.id)).undersignedFormat).toBe("names-group-country");

    const ok = await callAction<any>(blockRoute, {
      path: `/letters/${collecting.id}/undersigned`,
      params: { letterId: collecting.id },
      cookie: staff,
      form: {
        format: "by-group",
      },
    });
    expect(ok.status).toBe(200);
    expect((await letterRow(collecting.id)).undersignedFormat).toBe("by-group");
    const page = await callLoader<any>(blockRoute, {
      path: `/letters/${collecting.id}/undersigned`,
      params: { letterId: collecting.id },
      cookie: staff,
    });
    const sections = page.data.block.sections as Array<{ group: string; names: string[] }>;
    expect(sections.map((s) => s.group)).toEqual([...new Set(sections.map((s) => s.group))]);
    // The office's own Member (Groothuis) was recorded outside the app (see beforeAll), but on version 1: a substantive
    // version 2 followed, so until he re-confirms he is not in the letter (the block is what would be sent).
    expect(sections.flatMap((s) => s.names)).not.toContain("Bart Groothuis (NL)");

    // The sent letter's block is frozen.
    const sentBefore = (await letterRow(sent.id)).undersignedFormat;
    const late = await callAction<any>(blockRoute, {
      path: `/letters/${sent.id}/undersigned`,
      params: { letterId: sent.id },
      cookie: staff,
      form: { format: "names" },
    });
    expect(late.status).toBe(409);
    expect((await letterRow(sent.id)).undersignedFormat).toBe(sentBefore);
    // A campaign lead may look but not change.
    expect(
      (
        await callAction<any>(blockRoute, {
          path: `/letters/${collecting.id}/undersigned`,
          params: { letterId: collecting.id },
          cookie: lead,
          form: { format: "names" },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await callLoader<any>(blockRoute, {
          path: `/letters/${collecting.id}/undersigned`,
          params: { letterId: collecting.id },
          cookie: lead,
        })
      ).status,
    ).toBe(200);
  });

  it("prints a sent letter's block as it was sent, even if the office's Member changes later", async () => {
    const [office] = await db.select().from(offices).where(eq(offices.name, "Office of Bart Groothuis"));
    await db.update(offices).set({ mepId: null }).where(eq(offices.id, office.id));
    try {
      const r = await callLoader<any>(blockRoute, {
        path: `/letters/${sent.id}/undersigned`,
        params: { letterId: sent.id },
        cookie: staff,
      });
      expect(r.data.source).toBe("sent");
      expect(r.data.block.lines[0]).toBe("Bart Groothuis (Renew, NL)");
    } finally {
      await db.update(offices).set({ mepId: office.mepId }).where(eq(offices.id, office.id));
    }
  });
});
