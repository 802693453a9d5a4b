import { describe, expect, it } from "vitest";
import {
  campaignTimeline,
  escalationLadder,
  letterReplyState,
  parseTimelineKinds,
  summarizeCampaign,
  type CampaignFacts,
} from "./campaign-timeline";
import { DEFAULT_OFFICE_CLOCK } from "./reply-clock";

const letter = (id: string, sentOn: string | null, over: Partial<CampaignFacts["letters"][number]> = {}) => ({
  id,
  subject: `Letter ${id}`,
  status: sentOn ? "sent" : "draft",
  createdAt: new Date("2022-01-03T09:00:00Z"),
  sentAt: sentOn ? new Date(`${sentOn}T10:00:00Z`) : null,
  replyDueDays: null,
  replyVeryOverdueDays: null,
  replyDayKind: null,
  ...over,
});

const facts = (): CampaignFacts => ({
  letters: [letter("a", "2022-01-14"), letter("b", null)],
  replies: [{ id: "r1", letterId: "a", receivedOn: "2022-02-01", kind: "holding", senderName: "DG SANTE" }],
  questions: [
    {
      id: "q1",
      reference: "E-000213/2022",
      title: "Follow-up",
      tabledOn: "2022-01-14",
      answeredOn: "2022-03-10",
      answerUrl: "https://www.europarl.europa.eu/doceo/document/E-9-2022-000213-ASW_EN.html",
      letterId: "a",
    },
  ],
  press: [
    {
      id: "p1",
      title: "MEPs write",
      outlet: "Le Soir",
      publishedOn: "2022-01-14",
      url: null,
      note: null,
      letterId: "a",
    },
  ],
});

describe("campaignTimeline", () => {
  it("lists every event newest first; on one day, the later step of the story first", () => {
    const items = campaignTimeline(facts());
    expect(items.map((i) => `${i.on} ${i.kind}${"event" in i ? `:${i.event}` : ""}`)).toEqual([
      "2022-03-10 question:answered",
      "2022-02-01 reply",
      "2022-01-14 press",
      "2022-01-14 question:tabled",
      "2022-01-14 letter:sent",
      "2022-01-03 letter:drafted",
      "2022-01-03 letter:drafted",
    ]);
    const press = items.find((i) => i.kind === "press");
    expect(press).toMatchObject({ subject: "Letter a" });
  });

  it("keeps only the kinds asked for", () => {
    expect(new Set(campaignTimeline(facts(), ["press", "reply"]).map((i) => i.kind))).toEqual(
      new Set(["press", "reply"]),
    );
  });
});

describe("letterReplyState", () => {
  const clock = DEFAULT_OFFICE_CLOCK; // 15 working days, very overdue after 30
  it("is not late on the due day itself and late the working day after", () => {
    // Sent Friday 14 January 2022; 15 working days later is Friday 4 February.
    const l = letter("a", "2022-01-14");
    expect(letterReplyState(l, false, clock, "2022-02-04")).toEqual({ state: "on-time", due: "2022-02-04", late: 0 });
    expect(letterReplyState(l, false, clock, "2022-02-07")).toMatchObject({ state: "overdue", late: 1 });
    expect(letterReplyState(l, false, clock, "2022-03-30")).toMatchObject({ state: "very-overdue" });
    expect(letterReplyState(l, true, clock, "2022-03-30")).toMatchObject({ state: "replied", late: 0 });
    expect(letterReplyState(letter("b", null), false, clock, "2022-03-30")).toBeNull();
  });

  it("uses the letter's own clock over the office's", () => {
    const l = letter("a", "2022-01-14", { replyDueDays: 10, replyDayKind: "calendar", replyVeryOverdueDays: 20 });
    expect(letterReplyState(l, false, clock, "2022-01-25")).toMatchObject({
      state: "overdue",
      due: "2022-01-24",
      late: 1,
    });
  });
});

describe("summarizeCampaign", () => {
  it("counts a holding reply as a reply in, not as an answer; an answered question is not open", () => {
    expect(summarizeCampaign(facts(), DEFAULT_OFFICE_CLOCK, "2022-04-01")).toEqual({
      letters: 2,
      sent: 1,
      replied: 0,
      repliesIn: 1,
      overdue: 1,
      veryOverdue: 1,
      questions: 1,
      questionsOpen: 0,
      press: 1,
    });
  });
});

describe("parseTimelineKinds", () => {
  it("keeps known kinds once and falls back to all", () => {
    expect(parseTimelineKinds(["press", "press", "x"])).toEqual(["press"]);
    expect(parseTimelineKinds([])).toEqual(["letter", "reply", "question", "press"]);
    expect(parseTimelineKinds(["<script>"])).toEqual(["letter", "reply", "question", "press"]);
  });
});

describe("escalationLadder", () => {
  it("shows per sent letter the steps reached with their dates: letter → reminder → question → answer", () => {
    const f = facts();
    f.letters.push(letter("c", "2022-01-20"), letter("d", "2022-01-25"), letter("e", "2022-01-10"));
    f.replies.push({ id: "r2", letterId: "d", receivedOn: "2022-02-20", kind: "substantive", senderName: "Ursula" });
    f.questions.push({
      id: "q2",
      reference: "E-000300/2022",
      title: null,
      tabledOn: "2022-02-15",
      answeredOn: null,
      answerUrl: null,
      letterId: "c",
    });
    const ladder = escalationLadder(
      f,
      new Map([
        ["a", "2022-02-05"],
        ["c", "2022-02-10"],
      ]),
    );
    // Sent letters only, oldest first.
    expect(ladder.map((l) => [l.letterId, l.reached])).toEqual([
      ["e", "letter"],
      ["a", "answer"],
      ["c", "question"],
      ["d", "answer"],
    ]);
    expect(ladder[1]).toMatchObject({
      sentOn: "2022-01-14",
      reminderOn: "2022-02-05",
      question: { id: "q1", reference: "E-000213/2022", tabledOn: "2022-01-14" },
      answer: { kind: "question", on: "2022-03-10", by: "E-000213/2022" },
    });
    expect(ladder[2]).toMatchObject({
      reminderOn: "2022-02-10",
      question: { reference: "E-000300/2022" },
      answer: null,
    });
    // A substantive reply answers the letter itself; a holding reply does not.
    expect(ladder[3]).toMatchObject({ question: null, answer: { kind: "reply", on: "2022-02-20", by: "Ursula" } });
    expect(ladder[0]).toMatchObject({ reminderOn: null, question: null, answer: null });
  });
});
