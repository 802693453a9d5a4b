/** Where an invitation's latest message stands, and the alert for those that will not arrive unless someone acts. */
import { Form } from "@remix-run/react";
import { useT, type MessageKey } from "#app/i18n";
import { FormAlert } from "./field";

export type DeliveryCellData = {
  emailId: string;
  state: string;
  retryAt: string | null;
  problem: string | null;
  permanent: boolean;
  retryable: boolean;
} | null;

const GOOD = new Set(["accepted", "delivered"]);
const BAD = new Set(["failed", "bounced", "held"]);

export function DeliveryCell({
  delivery,
  name,
  canRetry,
}: {
  delivery: DeliveryCellData;
  name: string;
  canRetry?: boolean;
}) {
  const t = useT();
  if (!delivery) return <span className="muted">{t("invite.delivery.none")}</span>;
  return (
    <div data-delivery={delivery.state}>
      <span className={`badge ${GOOD.has(delivery.state) ? "ok" : BAD.has(delivery.state) ? "bad" : ""}`}>
        {t(`invite.delivery.${delivery.state}` as MessageKey, { time: delivery.retryAt ?? "—" })}
      </span>
      {delivery.problem ? (
        <div className={delivery.permanent ? "field-error" : "muted"}>{t(delivery.problem as MessageKey)}</div>
      ) : null}
      {canRetry && delivery.retryable ? (
        <Form method="post" className="inline">
          <input type="hidden" name="intent" value="retry-email" />
          <input type="hidden" name="emailId" value={delivery.emailId} />
          <button type="submit" className="link-button" aria-label={`${t("invite.delivery.retry")}: ${name}`}>
            {t("invite.delivery.retry")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}

/** Raised at the top of the page: invitations refused for good (a 4xx answer or a bounce). */
export function PermanentFailures({
  invitations,
}: {
  invitations: Array<{ inviteeName: string; delivery: DeliveryCellData }>;
}) {
  const t = useT();
  const refused = invitations.filter((i) => i.delivery?.permanent);
  if (!refused.length) return null;
  return (
    <FormAlert
      kind="error"
      message={t("invite.delivery.permanent", {
        count: refused.length,
        names: refused.map((i) => i.inviteeName).join(", "),
      })}
    />
  );
}
