/** A small seeded PRNG so a dataset is the same from run to run (mulberry32). */
export type Rng = {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
  /** k distinct items from xs (partial Fisher–Yates on a copy). */
  sample<T>(xs: readonly T[], k: number): T[];
};

export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
    sample(xs, k) {
      const copy = xs.slice();
      const n = Math.min(k, copy.length);
      for (let i = 0; i < n; i++) {
        const j = i + Math.floor(next() * (copy.length - i));
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy.slice(0, n);
    },
  };
}

/**
 * Splits `total` into integer parts proportional to `weights` (largest remainder), each capped at `caps[i]`.
 * What a cap cuts off is handed to the parts that still have room, so the sum is exact when capacity allows.
 */
export function apportion(total: number, weights: readonly number[], caps: readonly number[]): number[] {
  const out = new Array<number>(weights.length).fill(0);
  let left = total;
  let open = weights.map((_, i) => i).filter((i) => caps[i] > 0 && weights[i] > 0);
  while (left > 0 && open.length) {
    const sum = open.reduce((s, i) => s + weights[i], 0);
    const shares = open.map((i) => ({ i, exact: (left * weights[i]) / sum }));
    let given = 0;
    for (const s of shares) {
      const n = Math.min(Math.floor(s.exact), caps[s.i] - out[s.i]);
      out[s.i] += n;
      given += n;
    }
    // Hand out the remainder one by one, largest fractional part first.
    shares.sort((x, y) => (y.exact % 1) - (x.exact % 1));
    for (const s of shares) {
      if (given >= left) break;
      if (out[s.i] < caps[s.i]) {
        out[s.i]++;
        given++;
      }
    }
    left -= given;
    open = open.filter((i) => out[i] < caps[i]);
    if (given === 0) break;
  }
  return out;
}
