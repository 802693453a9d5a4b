/**
 * What needs the office now, for the start page: signing deadlines this week with the gap to the targets,
 * letters waiting to be sent, replies overdue, questions due or overdue, comments and proposed changes
 * waiting, delivery failures. Every section is one query with a limit and a window count, so the number of
 * queries (and the rows read back) does not grow with the number of letters the office has.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Queryable } from "#db/client.server";
import { DEFAULT_EXPECTED_WEEKS, DEFAULT_VERY_OVERDUE_FACTOR } from "#app/domain/reply-clock";
import { ANSWER_DEADLINE_WEEKS } from "#app/domain/question-reference";
import { DUE_SOON_DAYS } from "#app/domain/question-clock";
import { termForDate } from "#app/domain/question-reference";
import { targetProgress, type TargetProgress, type Targets } from "#app/domain/tally";
import type { Term } from "#app/domain/political-groups";

/** Rows shown per section; the section also says how many there are in all. */
export const DASHBOARD_SECTION_LIMIT = 10;

type Counted<T> = { total: number; items: T[] };

export type DeadlineItem = {
  id: string;
  subject: string;
  deadline: Date;
  signed: number;
  groups: string[];
  countries: number;
  /** The targets the office set that are not met yet, with what is missing. */
  gaps: TargetProgress[];
};
export type WaitingItem = { id: string; subject: string; status: string; deadline: Date | null; signed: number };
export type OverdueReplyItem = { id: string; subject: string; sentAt: Date; veryOverdue: boolean };
export type QuestionItem = {
  id: string;
  reference: string;
  title: string | null;
  dueOn: string;
  overdue: boolean;
  answerUrl: string | null;
};
export type CommentItem = {
  id: string;
  letterId: string;
  subject: string;
  authorName: string;
  proposal: boolean;
  createdAt: Date;
};
export type FailureItem = {
  id: string;
  letterId: string | null;
  subject: string;
  toAddress: string;
  problem: string;
  at: Date;
};

export type Dashboard = {
  deadlines: Counted<DeadlineItem>;
  waiting: Counted<WaitingItem>;
  overdueReplies: Counted<OverdueReplyItem> & { veryOverdue: number };
  questions: Counted<QuestionItem> & { overdue: number };
  comments: Counted<CommentItem> & { proposals: number };
  failures: Counted<FailureItem>;
};

const num = (v: unknown) => Number(v ?? 0);
const date = (v: unknown) => new Date(v as string);

type Row = Record<string, unknown>;

function counted<T>(rows: Row[], map: (r: Row) => T): Counted<T> {
  return { total: rows.length ? num(rows[0].total) : 0, items: rows.map(map) };
}

export async function dashboardFor(
  db: Queryable,
  { officeId, now = new Date() }: { officeId: string; now?: Date },
): Promise<Dashboard> {
  const limit = DASHBOARD_SECTION_LIMIT;
  const weekAhead = new Date(now.getTime() + 7 * 86_400_000);
  const overdueBefore = new Date(now.getTime() - DEFAULT_EXPECTED_WEEKS * 7 * 86_400_000);
  const veryOverdueBefore = new Date(
    now.getTime() - Math.round(DEFAULT_EXPECTED_WEEKS * 7 * DEFAULT_VERY_OVERDUE_FACTOR) * 86_400_000,
  );
  const today = now.toISOString().slice(0, 10);
  const weeksE = ANSWER_DEADLINE_WEEKS.E ?? 6;
  const weeksP = ANSWER_DEADLINE_WEEKS.P ?? 3;

  const deadlines = rowsOf<Row>(
    await db.execute(sql`
      select l.id, l.subject, l.signature_deadline, l.targets, count(*) over () as total,
        (select count(*)::int from signatures s where s.letter_id = l.id and s.withdrawn_at is null) as signed,
        (select coalesce(array_agg(distinct s.group_at_signing), '{}') from signatures s
          where s.letter_id = l.id and s.withdrawn_at is null) as groups,
        (select count(distinct s.country_at_signing)::int from signatures s
          where s.letter_id = l.id and s.withdrawn_at is null) as countries
      from letters l
      where l.office_id = ${officeId} and l.status = 'collecting' and l.signing_closed_at is null
        and l.signature_deadline >= ${now.toISOString()} and l.signature_deadline < ${weekAhead.toISOString()}
      order by l.signature_deadline asc
      limit ${limit}`),
  );

  const waiting = rowsOf<Row>(
    await db.execute(sql`
      select l.id, l.subject, l.status, l.signature_deadline, count(*) over () as total,
        (select count(*)::int from signatures s where s.letter_id = l.id and s.withdrawn_at is null) as signed
      from letters l
      where l.office_id = ${officeId} and l.status <> 'sent'
        and not exists (select 1 from sends x where x.letter_id = l.id)
        and (l.status = 'closed' or l.signing_closed_at is not null
          or (l.status = 'collecting' and l.signature_deadline < ${now.toISOString()}))
      order by coalesce(l.signing_closed_at, l.signature_deadline) asc nulls last
      limit ${limit}`),
  );

  const overdue = rowsOf<Row>(
    await db.execute(sql`
      select l.id, l.subject, l.sent_at, count(*) over () as total,
        count(*) filter (where l.sent_at < ${veryOverdueBefore.toISOString()}) over () as very_total
      from letters l
      where l.office_id = ${officeId} and l.status = 'sent' and l.sent_at < ${overdueBefore.toISOString()}
        and not exists (select 1 from replies r where r.letter_id = l.id and r.kind = 'substantive')
      order by l.sent_at asc
      limit ${limit}`),
  );

  // The office's register (as in app/models/questions.server.ts): followed, linked, or by its Member.
  const questions = rowsOf<Row>(
    await db.execute(sql`
      with reg as (
        select q.id, q.reference, q.title, q.answer_url,
          (coalesce(q.forwarded_on, q.tabled_on)
            + (case q.type when 'P' then ${weeksP}::int else ${weeksE}::int end) * 7)::date as due_on
        from parliamentary_questions q
        where q.type in ('E', 'P') and q.answered_on is null and q.answer_document_id is null
          and coalesce(q.forwarded_on, q.tabled_on) is not null
          and (exists (select 1 from question_follows f where f.office_id = ${officeId} and f.question_id = q.id)
            or exists (select 1 from question_links k where k.office_id = ${officeId} and k.question_id = q.id)
            or exists (select 1 from question_participants p join offices o on o.mep_id = p.mep_id
              where o.id = ${officeId} and p.question_id = q.id))
      )
      select id, reference, title, answer_url, due_on::text as due_on, count(*) over () as total,
        count(*) filter (where due_on < ${today}::date) over () as overdue_total
      from reg
      where due_on <= ${today}::date + ${DUE_SOON_DAYS}::int
      order by due_on asc
      limit ${limit}`),
  );

  const comments = rowsOf<Row>(
    await db.execute(sql`
      select c.id, c.letter_id, l.subject, c.author_name, c.proposal is not null as is_proposal, c.created_at,
        count(*) over () as total, count(*) filter (where c.proposal is not null) over () as proposals_total
      from comments c join letters l on l.id = c.letter_id
      where c.office_id = ${officeId} and c.status = 'open' and l.status <> 'sent'
      order by c.created_at desc
      limit ${limit}`),
  );

  const failures = rowsOf<Row>(
    await db.execute(sql`
      select e.id, e.letter_id, e.subject, e.to_address, coalesce(e.delivery_status, e.status) as problem,
        coalesce(e.delivery_updated_at, e.created_at) as at, count(*) over () as total
      from emails e
      where e.office_id = ${officeId} and e.created_at > ${new Date(now.getTime() - 30 * 86_400_000).toISOString()}
        and (e.status = 'failed' or e.delivery_status in ('bounced', 'complained', 'failed'))
      order by at desc
      limit ${limit}`),
  );

  return {
    deadlines: counted(deadlines, (r) => ({
      id: String(r.id),
      subject: String(r.subject),
      deadline: date(r.signature_deadline),
      signed: num(r.signed),
      groups: (r.groups as string[] | null) ?? [],
      countries: num(r.countries),
      gaps: gapsOf(r, now),
    })),
    waiting: counted(waiting, (r) => ({
      id: String(r.id),
      subject: String(r.subject),
      status: String(r.status),
      deadline: r.signature_deadline ? date(r.signature_deadline) : null,
      signed: num(r.signed),
    })),
    overdueReplies: {
      ...counted(overdue, (r) => ({
        id: String(r.id),
        subject: String(r.subject),
        sentAt: date(r.sent_at),
        veryOverdue: date(r.sent_at) < veryOverdueBefore,
      })),
      veryOverdue: overdue.length ? num(overdue[0].very_total) : 0,
    },
    questions: {
      ...counted(questions, (r) => ({
        id: String(r.id),
        reference: String(r.reference),
        title: (r.title as string | null) ?? null,
        dueOn: String(r.due_on),
        overdue: String(r.due_on) < today,
        answerUrl: (r.answer_url as string | null) ?? null,
      })),
      overdue: questions.length ? num(questions[0].overdue_total) : 0,
    },
    comments: {
      ...counted(comments, (r) => ({
        id: String(r.id),
        letterId: String(r.letter_id),
        subject: String(r.subject),
        authorName: String(r.author_name),
        proposal: Boolean(r.is_proposal),
        createdAt: date(r.created_at),
      })),
      proposals: comments.length ? num(comments[0].proposals_total) : 0,
    },
    failures: counted(failures, (r) => ({
      id: String(r.id),
      letterId: (r.letter_id as string | null) ?? null,
      subject: String(r.subject),
      toAddress: String(r.to_address),
      problem: String(r.problem),
      at: date(r.at),
    })),
  };
}

function gapsOf(r: Record<string, unknown>, now: Date): TargetProgress[] {
  const targets = r.targets as Targets | null;
  if (!targets) return [];
  const groups = (r.groups as string[] | null) ?? [];
  const term = (termForDate(now) === 9 ? 9 : 10) as Term;
  const t = {
    total: num(r.signed),
    byGroup: groups.map((group) => ({ group, count: 1 })),
    byCountry: [],
    groups: groups.length,
    nonAttached: 0,
    countries: num(r.countries),
  };
  return targetProgress(t, targets, term).filter((p) => !p.met);
}
