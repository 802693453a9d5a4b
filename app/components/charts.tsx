/**
 * Charts without a chart library or JavaScript: horizontal CSS bars, each with its label and
 * value as text, so the chart reads the same to a screen reader, in print and without styles.
 * Pages pair each chart with a data table.
 */
export type BarDatum = {
  key: string;
  label: string;
  value: number;
  /** Bar colour; text never depends on it. */
  colour?: string;
  /** Longer name for the tooltip and screen readers (e.g. the group's full name). */
  title?: string | null;
};

export function BarChart({
  caption,
  data,
  max,
  valueLabel,
}: {
  caption: string;
  data: readonly BarDatum[];
  max?: number;
  valueLabel?: (d: BarDatum) => string;
}) {
  const top = Math.max(1, max ?? 0, ...data.map((d) => d.value));
  return (
    <figure className="bar-chart" style={{ margin: "0 0 1rem" }}>
      <figcaption style={{ fontWeight: 600, marginBottom: "0.5rem" }}>{caption}</figcaption>
      <ul style={{ listStyle: "none", padding: 0, margin: 0 }}>
        {data.map((d) => {
          const pct = Math.round((d.value / top) * 1000) / 10;
          return (
            <li
              key={d.key}
              title={d.title ?? undefined}
              style={{
                display: "grid",
                gridTemplateColumns: "minmax(6rem, 10rem) 1fr 3rem",
                gap: "0.5rem",
                alignItems: "center",
                margin: "0.15rem 0",
              }}
            >
              <span>{d.label}</span>
              <span
                aria-hidden="true"
                style={{ background: "#EEE", borderRadius: 2, height: "1.1rem", display: "block" }}
              >
                <span
                  style={{
                    display: "block",
                    height: "100%",
                    width: `${pct}%`,
                    minWidth: d.value > 0 ? 2 : 0,
                    background: d.colour ?? "#4A6FA5",
                    borderRadius: 2,
                    // Keeps the bar visible when colours are forced (Windows high contrast).
                    outline: d.value > 0 ? "1px solid transparent" : undefined,
                  }}
                />
              </span>
              <span style={{ textAlign: "right", fontVariantNumeric: "tabular-nums" }}>
                {valueLabel ? valueLabel(d) : d.value}
              </span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}

/** A "reached x of y" bar for one target; decorative, the sentence next to it carries the numbers. */
export function ProgressBar({ current, required }: { current: number; required: number }) {
  const pct = required > 0 ? Math.min(100, Math.round((current / required) * 100)) : 100;
  return (
    <span
      aria-hidden="true"
      style={{
        display: "block",
        background: "#EEE",
        height: "0.6rem",
        borderRadius: 2,
        marginTop: "0.25rem",
        maxWidth: "30rem",
      }}
    >
      <span
        style={{
          display: "block",
          height: "100%",
          width: `${pct}%`,
          background: pct >= 100 ? "#2E7D32" : "#B26A00",
          borderRadius: 2,
        }}
      />
    </span>
  );
}
