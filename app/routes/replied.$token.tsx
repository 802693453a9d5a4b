/**
 * The answer to "did they reply?" from the email. GET shows the question with the chosen answer
 * and changes nothing (mail scanners open links); the button records it. "Yes" then leads to the
 * form to log the reply (signing in first when needed).
 */
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useT, type MessageKey } from "#app/i18n";
import { getDb } from "#app/infra/db.server";
import { clientIp, readForm } from "#app/web/http.server";
import { resolveToken, TOKEN_PAGE_HEADERS, limitTokenViews } from "#app/web/token-route.server";
import { answerNudge, getReplyEmailToken, NUDGE_ANSWERS, type NudgeAnswer } from "#app/services/replies.server";
import { FormAlert } from "#app/components/field";

export const meta: MetaFunction = () => [
  { title: "Did they reply? · Undersigned" },
  { name: "robots", content: "noindex" },
];
export const headers: HeadersFunction = () => TOKEN_PAGE_HEADERS;

const asAnswer = (v: unknown): NudgeAnswer | null =>
  NUDGE_ANSWERS.includes(v as NudgeAnswer) ? (v as NudgeAnswer) : null;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const db = await getDb();
  const ip = clientIp(context);
  await limitTokenViews(db, ip);
  const { ctx } = await resolveToken(db, params.token, ip, (t) => getReplyEmailToken(db, t, "nudge"));
  return {
    letterSubject: ctx.letterSubject ?? "",
    addresseeName: ctx.addresseeName ?? "",
    answer: asAnswer(new URL(request.url).searchParams.get("answer")),
    answered: ctx.token.answer,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const db = await getDb();
  const ip = clientIp(context);
  await resolveToken(db, params.token, ip, (t) => getReplyEmailToken(db, t, "nudge"));
  const answer = asAnswer((await readForm(request)).get("answer"));
  if (!answer) return data({ message: "replies.nudge.pick" as MessageKey }, { status: 400 });
  const r = await answerNudge(db, params.token as string, answer);
  if (!r.ok) throw data({ state: "invalid" as const }, { status: 404 });
  if (answer === "yes") throw redirect(`/letters/${r.letterId}/replies?addresseeId=${r.addresseeId}#log`);
  return {
    message: (answer === "not-yet" ? "replies.nudge.thanksNotYet" : "replies.nudge.thanksNotExpected") as MessageKey,
  };
}

export default function DidTheyReply() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="narrow">
      <h1>{t("replies.nudge.title", { addressee: d.addresseeName })}</h1>
      <p>{t("replies.nudge.intro", { addressee: d.addresseeName, letterSubject: d.letterSubject })}</p>
      {result ? <FormAlert kind="ok" message={t(result.message)} /> : null}
      {!result ? (
        <Form method="post" className="card">
          {NUDGE_ANSWERS.map((a) => (
            <label key={a} className="checkbox">
              <input type="radio" name="answer" value={a} defaultChecked={d.answer === a} required />{" "}
              {t(`replies.nudge.answer.${a}` as MessageKey)}
            </label>
          ))}
          <div className="actions">
            <button type="submit">{t("replies.nudge.submit")}</button>
          </div>
        </Form>
      ) : null}
    </div>
  );
}
