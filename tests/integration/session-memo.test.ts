/**
 * One session lookup per page request: inside a GET's memo the root loader and the page's loader share one
 * answer; a POST, or a call outside any request, always looks up afresh (an action may have just changed the
 * session), and a session removed between two requests is refused on the next.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { sessions } from "#db/schema";
import { sha256Hex } from "#app/infra/crypto.server";
import { getOptionalUser, withRequestMemo } from "#app/web/session.server";
import { closeTestDb, db, dbLabel } from "#tests/setup/db";
import { sessionCookieFor } from "#tests/setup/routes";
import { cookieA, cookieB, openWorldFixture, w } from "#tests/setup/world-fixture";

beforeAll(openWorldFixture);
afterAll(closeTestDb);

const req = (cookie: string, method = "GET") =>
  new Request("http://localhost:3000/campaigns", { method, headers: { cookie } });

describe(`session lookup per request (${dbLabel()})`, () => {
  it("a GET looks the session up once for all its loaders, each cookie on its own", async () => {
    await withRequestMemo("GET", async () => {
      const [a1, a2, b] = await Promise.all([
        getOptionalUser(req(cookieA)),
        getOptionalUser(req(cookieA)),
        getOptionalUser(req(cookieB)),
      ]);
      expect(a1).not.toBeNull();
      expect(a2).toBe(a1);
      expect(b?.office.id).toBe(w.officeB.id);
      expect(a1?.office.id).toBe(w.officeA.id);
    });
  });

  it("a POST, and a call outside any request, look up every time", async () => {
    await withRequestMemo("POST", async () => {
      const one = await getOptionalUser(req(cookieA, "POST"));
      const two = await getOptionalUser(req(cookieA, "POST"));
      expect(one).not.toBeNull();
      expect(two).not.toBe(one);
    });
    const one = await getOptionalUser(req(cookieA));
    expect(await getOptionalUser(req(cookieA))).not.toBe(one);
  });

  it("the memo lasts one request: a session deleted after it is refused on the next", async () => {
    const { cookie, token } = await sessionCookieFor(db, w.a.staff, w.officeA.id);
    expect(await withRequestMemo("GET", () => getOptionalUser(req(cookie)))).not.toBeNull();
    await db.delete(sessions).where(eq(sessions.idHash, sha256Hex(token)));
    expect(await withRequestMemo("GET", () => getOptionalUser(req(cookie)))).toBeNull();
  });
});
