/**
 * A fake EP Open Data API v2 on loopback, for the question and directory importers' tests and browser tests. It
 * serves `/parliamentary-questions?year=&offset=&limit=` (stubs, 204 past the end) and
 * `/parliamentary-questions/{id},{id}…` (details; more than 50 ids → 403, as the real one refuses 100),
 * `/meps/show-current?offset=&limit=` (list entries of `persons`, 204 past the end) and `/meps/{id},{id}…`
 * (their detail records), and can be told to misbehave once: 429 with Retry-After, a short page, a 200
 * without data, a 500.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type Fault = "429" | "short-page" | "no-data" | "500" | "none";

export type FakeEpServer = {
  url: string;
  /** Records served (detail shape); `identifier` and `document_date` (for the year) are read. */
  records: Array<Record<string, unknown>>;
  /** Members served by /meps (detail shape: epPersonDetail); list entries are derived from them. */
  persons: Array<Record<string, unknown>>;
  /** Faults to play, in order, on the next list (`list`) or detail (`detail`) requests. */
  faults: { list: Fault[]; detail: Fault[] };
  /** Every request path with query, in order. */
  log: string[];
  /** Ids to leave out of detail answers (as the API sometimes does), once each. */
  dropOnce: Set<string>;
  retryAfterSeconds: number;
  /** Ids /meps/{ids} takes in one call; more answer 404 (an API that takes one id at a time: 1). */
  maxPersonIds: number;
  /** Awaited before each answer: lets a test look at the importer's progress mid-run. */
  beforeAnswer: ((path: string) => Promise<void> | void) | null;
  close(): Promise<void>;
};

const context = [
  { data: "@graph", "@base": "https://data.europarl.europa.eu/" },
  "https://data.europarl.europa.eu/api/v2/context.jsonld",
];

function yearOf(r: Record<string, unknown>): string {
  const id = String(r.identifier ?? "");
  return id.split("-")[2] ?? "";
}

export async function startFakeEpServer(
  records: Array<Record<string, unknown>> = [],
  opts: { port?: number } = {},
): Promise<FakeEpServer> {
  const state: Omit<FakeEpServer, "url" | "close"> = {
    records,
    persons: [],
    faults: { list: [], detail: [] },
    log: [],
    dropOnce: new Set(),
    retryAfterSeconds: 1,
    maxPersonIds: 50,
    beforeAnswer: null,
  };
  const server: Server = createServer(async (req, res) => {
    const u = new URL(req.url ?? "/", "http://127.0.0.1");
    state.log.push(u.pathname + u.search);
    if (state.beforeAnswer) await state.beforeAnswer(u.pathname);
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/ld+json", ...headers });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    function servePersons(segment: string) {
      const list = segment === "show-current";
      const fault = (list ? state.faults.list : state.faults.detail).shift();
      if (fault === "429")
        return send(429, { error: "Too Many Requests" }, { "retry-after": String(state.retryAfterSeconds) });
      if (fault === "500") return send(500, { error: "boom" });
      if (fault === "no-data")
        return send(200, { message: "Pending acquire queue has reached its maximum size", "@context": context });
      if (!list) {
        const ids = decodeURIComponent(segment).split(",");
        if (ids.length > 50) return send(403, { error: "too many ids" });
        if (ids.length > state.maxPersonIds) return send(404, { error: "no such person" });
        const out = state.persons.filter((p) => {
          const id = String(p.identifier);
          if (!ids.includes(id)) return false;
          if (state.dropOnce.has(id)) {
            state.dropOnce.delete(id);
            return false;
          }
          return true;
        });
        return send(200, { data: out.map(epPersonDetailAnswer), "@context": context });
      }
      const offset = Number(u.searchParams.get("offset") ?? 0);
      const limit = Number(u.searchParams.get("limit") ?? 50);
      let page = state.persons.slice(offset, offset + limit);
      if (!page.length) {
        res.writeHead(204);
        return res.end();
      }
      if (fault === "short-page" && page.length > 1) page = page.slice(0, Math.ceil(page.length / 2));
      send(200, { data: page.map(epPersonListEntry), "@context": context });
    }
    const mm = u.pathname.match(/\/meps\/([^/]+)$/);
    if (mm) return servePersons(mm[1]);
    const m = u.pathname.match(/\/parliamentary-questions(?:\/([^/]+))?$/);
    if (!m) return send(404, { error: "not found" });
    const fault = (m[1] ? state.faults.detail : state.faults.list).shift();
    if (fault === "429")
      return send(429, { error: "Too Many Requests" }, { "retry-after": String(state.retryAfterSeconds) });
    if (fault === "500") return send(500, { error: "boom" });
    if (fault === "no-data")
      return send(200, { message: "Pending acquire queue has reached its maximum size", "@context": context });
    if (m[1]) {
      const ids = decodeURIComponent(m[1]).split(",");
      if (ids.length > 50) return send(403, { error: "too many ids" });
      const out = state.records.filter((r) => {
        const id = String(r.identifier);
        if (!ids.includes(id)) return false;
        if (state.dropOnce.has(id)) {
          state.dropOnce.delete(id);
          return false;
        }
        return true;
      });
      return send(200, { data: out, "@context": context });
    }
    const year = u.searchParams.get("year");
    const offset = Number(u.searchParams.get("offset") ?? 0);
    const limit = Number(u.searchParams.get("limit") ?? 50);
    const all = state.records
      .filter((r) => !year || year.split(",").includes(yearOf(r)))
      .sort((a, b) => String(a.identifier).localeCompare(String(b.identifier)));
    let page = all.slice(offset, offset + limit);
    if (!page.length) {
      res.writeHead(204);
      return res.end();
    }
    if (fault === "short-page" && page.length > 1) page = page.slice(0, Math.ceil(page.length / 2));
    send(200, {
      data: page.map((r) => ({
        id: `eli/dl/doc/${r.identifier}`,
        type: "Work",
        work_type: r.work_type ?? "def/ep-document-types/QUESTION_WRITTEN",
        identifier: r.identifier,
      })),
      "@context": context,
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/api/v2`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }) as FakeEpServer;
}

/** A detail record in the documented shape. */
export function epQuestionRecord(
  identifier: string,
  o: { date?: string; authors?: number[]; addressee?: string; title?: string; answeredOn?: string | null } = {},
): Record<string, unknown> {
  const [type, term] = identifier.split("-");
  return {
    id: `eli/dl/doc/${identifier}`,
    type: "Work",
    work_type: `def/ep-document-types/${type === "P" ? "QUESTION_WRITTEN_PRIORITY" : type === "O" ? "QUESTION_ORAL" : "QUESTION_WRITTEN"}`,
    identifier,
    parliamentary_term: `org/ep-${term}`,
    document_date: o.date ?? `${identifier.split("-")[2]}-03-01`,
    creator: (o.authors ?? []).map((a) => `person/${a}`),
    title_dcterms: { en: o.title ?? `Question ${identifier}` },
    workHadParticipation: [
      {
        participation_role: "def/ep-roles/AUTHOR",
        had_participant_person: (o.authors ?? []).map((a) => `person/${a}`),
      },
      { participation_role: "def/ep-roles/ADDRESSEE", had_participant_organization: [o.addressee ?? "org/COM"] },
    ],
    ...(o.answeredOn
      ? {
          inverse_answers_to: [
            { identifier: `${identifier}-ASW`, answers_to: `eli/dl/doc/${identifier}`, document_date: o.answeredOn },
          ],
        }
      : {}),
  };
}

/** The list entry /meps/show-current gives for a detail record: names, country and group label, no memberships. */
export function epPersonListEntry(p: Record<string, unknown>): Record<string, unknown> {
  const keep = [
    "id",
    "type",
    "identifier",
    "label",
    "givenName",
    "familyName",
    "sortLabel",
    "api:country-of-representation",
    "api:political-group",
  ];
  return Object.fromEntries(keep.filter((k) => p[k] !== undefined).map((k) => [k, p[k]]));
}

/** What /meps/{id} answers for a person: the detail without the list's labels (country, group). */
export function epPersonDetailAnswer(p: Record<string, unknown>): Record<string, unknown> {
  const { "api:political-group": _g, "api:country-of-representation": _c, ...rest } = p;
  return rest;
}

/**
 * A Member as the fake server holds them (list entry and detail derive from it): memberships name their organisations only by reference (the group's
 * label is in the list entry's api:political-group), e-mail as "mailto:".
 */
export function epPersonDetail(
  id: number,
  o: {
    given: string;
    family: string;
    /** The label's surname in the EP's capitals, e.g. "McALLISTER"; default the family name upper-cased. */
    labelFamily?: string;
    country: string;
    group: string;
    email?: string | null;
    term?: number;
    groupSince?: string;
  },
): Record<string, unknown> {
  const term = o.term ?? 10;
  const start = o.groupSince ?? (term === 10 ? "2024-07-16" : "2019-07-02");
  return {
    id: `person/${id}`,
    type: "Person",
    identifier: String(id),
    label: `${o.given} ${o.labelFamily ?? o.family.toUpperCase()}`,
    givenName: o.given,
    familyName: o.family,
    sortLabel: (o.labelFamily ?? o.family).toUpperCase(),
    "api:country-of-representation": o.country,
    "api:political-group": o.group,
    ...(o.email ? { hasEmail: `mailto:${o.email}` } : {}),
    hasMembership: [
      {
        id: `membership/${id}-m-${term}`,
        type: "Membership",
        memberDuring: { type: "PeriodOfTime", startDate: term === 10 ? "2024-07-16" : "2019-07-02" },
        organization: `org/ep-${term}`,
        role: "def/ep-roles/MEMBER_PARLIAMENT",
        membershipClassification: "def/ep-entities/EU_INSTITUTION",
      },
      {
        id: `membership/${id}-f-1`,
        type: "Membership",
        memberDuring: { type: "PeriodOfTime", startDate: start },
        organization: `org/${5000 + id}`,
        role: "def/ep-roles/MEMBER",
        membershipClassification: "def/ep-entities/EU_POLITICAL_GROUP",
      },
    ],
  };
}
