/**
 * Regression: React 18's streaming renderer pads a 2 KB chunk with a NUL byte when a multi-byte
 * character of the email preview does not fit; Postgres refused the whole invitation row with
 * "invalid byte sequence for encoding UTF8: 0x00", so inviting failed for some letter subjects.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { openEmailSecrets } from "#app/infra/email-secrets.server";
import { createElement } from "react";
import { eq } from "drizzle-orm";
import { emails } from "#db/schema";
import { renderEmail } from "#app/infra/mailer.server";
import { sendInvitationEmail } from "#app/services/notifications.server";
import { InvitationEmail } from "#emails/invitation";
import { createTestDb } from "#tests/setup/db";
import { createDraftLetter, createOffice, createUser } from "#tests/factories/index";

let h: Awaited<ReturnType<typeof createTestDb>>;
beforeAll(async () => {
  h = await createTestDb();
});
afterAll(async () => {
  await h?.close();
});

const props = {
  locale: "en" as const,
  inviteeName: "Bram Pending8ec157dc",
  officeName: "Office A 8ec157dc",
  inviterName: "Astaff 8ec157dc",
  letterSubject: "Subject A 8ec157dc",
  signUrl: "http://localhost:3000/sign/LMbRVRb31i7p5ZEsnVhPXZnP-glMj6Dxk-gSQ1UfiB4",
  deadline: new Date("2026-12-05T12:00:00Z"),
  contact: { name: "Astaff 8ec157dc", email: "office.a.8ec157dc@office.test" },
};

it("a rendered email never contains NUL, whatever the length of its text", async () => {
  for (let i = 0; i < 12; i++) {
    const { html, text } = await renderEmail(
      createElement(InvitationEmail, { ...props, inviteeName: props.inviteeName + "x".repeat(i) }),
    );
    expect(html.includes("\u0000")).toBe(false);
    expect(text.includes("\u0000")).toBe(false);
    expect(html).toContain(props.signUrl);
  }
});

it("an invitation whose rendering crosses the 2 KB chunk boundary is stored", async () => {
  const office = await createOffice(h.db, { name: props.officeName, contactEmail: props.contact.email });
  const user = await createUser(h.db, { officeId: office.id });
  const letter = await createDraftLetter(
    h.db,
    { userId: user.id, officeId: office.id },
    { subject: props.letterSubject, deadline: props.deadline },
  );
  const q = await h.db.transaction((tx) =>
    sendInvitationEmail(tx, {
      letter,
      office,
      inviter: { name: props.inviterName, email: props.contact.email },
      invitee: { name: props.inviteeName, email: "bram@ep.test" },
      token: "LMbRVRb31i7p5ZEsnVhPXZnP-glMj6Dxk-gSQ1UfiB4",
    }).catch((e) => e as Error),
  );
  expect(q).not.toBeInstanceOf(Error);
  const [row] = await h.db.select().from(emails).where(eq(emails.letterId, letter.id));
  expect(openEmailSecrets(row).html).toContain(props.signUrl);
});
