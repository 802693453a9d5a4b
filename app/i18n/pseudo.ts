/**
 * The pseudo-locale's catalogue, made from the English one: letters accented, each message inside ⟦ ⟧ and
 * about a third longer (translations usually are), placeholders kept. A page rendered in it shows any string
 * that bypassed the translation layer as plain English.
 */
const ACCENTED: Record<string, string> = Object.fromEntries(
  [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"].map((c, i) => [
    c,
    [..."àƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ"][i],
  ]),
);

/** Accents the letters of `text` outside `{placeholders}`. */
export function pseudoLocalize(text: string): string {
  return text
    .split(/(\{\w+\})/)
    .map((part) => (/^\{\w+\}$/.test(part) ? part : [...part].map((c) => ACCENTED[c] ?? c).join("")))
    .join("");
}

export function pseudoMessages(english: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(english)) {
    const padding = "·".repeat(Math.ceil(value.length / 3));
    out[key] = `⟦${pseudoLocalize(value)}${padding ? ` ${padding}` : ""}⟧`;
  }
  return out;
}
