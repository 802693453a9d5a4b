/** A word diff as <ins>/<del> text, and the styles for it (the compare page and the proposed-change preview). */
import type { DiffOp } from "#app/domain/word-diff";
import { useT } from "#app/i18n";

export const DIFF_CSS = `
.diff-text { white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.7; font-size: 1.05rem; }
.diff-text ins, .diff-legend ins { background: #d5f5dd; color: #0b4a1d; text-decoration: underline; text-decoration-thickness: 2px; }
.diff-text del, .diff-legend del { background: #fde0e0; color: #7a1111; text-decoration: line-through; }
.diff-legend { display: flex; flex-wrap: wrap; gap: 1rem; padding: 0; list-style: none; }
.compare-pick { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: end; }
.compare-pick select { min-width: 6rem; }
`;

/** <ins>/<del> with words a screen reader speaks, since the colours and strike-through are not announced. */
export function DiffText({ ops, label }: { ops: DiffOp[]; label: string }) {
  const t = useT();
  return (
    <div className="diff-text" aria-label={label} role="group">
      {ops.map((op, i) =>
        op.op === "insert" ? (
          <ins key={i}>
            <span className="visually-hidden">{t("compare.ins.start")} </span>
            {op.text}
            <span className="visually-hidden">{t("compare.end")}</span>
          </ins>
        ) : op.op === "delete" ? (
          <del key={i}>
            <span className="visually-hidden">{t("compare.del.start")} </span>
            {op.text}
            <span className="visually-hidden">{t("compare.end")}</span>
          </del>
        ) : (
          <span key={i}>{op.text}</span>
        ),
      )}
    </div>
  );
}
