/** A labelled form field with its server-side error next to it. */
import type { ReactNode } from "react";
import { useT, type MessageKey } from "#app/i18n";

export function Field({
  id,
  label,
  hint,
  error,
  errorVars,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  /** A message key. */
  error?: string | null;
  errorVars?: Record<string, string | number>;
  children: (aria: { id: string; "aria-invalid"?: boolean; "aria-describedby"?: string }) => ReactNode;
}) {
  const t = useT();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {t(error as MessageKey, errorVars)}
        </p>
      ) : null}
    </div>
  );
}

export function FormAlert({ message, kind = "error" }: { message?: string | null; kind?: "error" | "ok" | "warn" }) {
  if (!message) return null;
  return (
    <p className={`alert ${kind}`} role={kind === "error" ? "alert" : "status"}>
      {message}
    </p>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const t = useT();
  const cls = status === "sent" ? "ok" : status === "collecting" ? "warn" : "";
  return <span className={`badge ${cls}`}>{t(`status.${status}` as MessageKey)}</span>;
}
