/**
 * Word-level diff of two texts (for comparing letter versions). Tokens are words, runs of whitespace and single
 * punctuation marks; the edit script is a shortest one (Myers' O(ND) algorithm, linear-space variant), then tidied so
 * that a changed phrase reads as one deletion followed by one insertion. Pure; no dependencies.
 */

export type DiffOp = { op: "equal" | "insert" | "delete"; text: string };

/** Words (letters, digits, inner apostrophes/hyphens/dots as in "don't", "e-mail", "5.3"), whitespace runs, or one other character. */
const TOKEN = /\s+|[\p{L}\p{M}\p{N}]+(?:['’\-.,/][\p{L}\p{M}\p{N}]+)*|[^\s\p{L}\p{M}\p{N}]/gu;

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

type Point = { x: number; y: number };

/** Linear-space Myers: the middle snake of the box a[left..right) × b[top..bottom), or null for an empty box. */
function midpoint(
  a: string[],
  b: string[],
  left: number,
  top: number,
  right: number,
  bottom: number,
): [Point, Point] | null {
  const width = right - left;
  const height = bottom - top;
  const size = width + height;
  if (size === 0) return null;
  const delta = width - height;
  const max = Math.ceil(size / 2);
  const off = max + 1;
  const vf = new Int32Array(2 * max + 3);
  const vb = new Int32Array(2 * max + 3);
  vf[off + 1] = left;
  vb[off + 1] = bottom;
  for (let d = 0; d <= max; d++) {
    // forwards
    for (let k = d; k >= -d; k -= 2) {
      const c = k - delta;
      let x: number;
      let px: number;
      if (k === -d || (k !== d && vf[off + k - 1] < vf[off + k + 1])) {
        px = x = vf[off + k + 1];
      } else {
        px = vf[off + k - 1];
        x = px + 1;
      }
      let y = top + (x - left) - k;
      const py = d === 0 || x !== px ? y : y - 1;
      while (x < right && y < bottom && a[x] === b[y]) {
        x++;
        y++;
      }
      vf[off + k] = x;
      if ((delta & 1) !== 0 && c >= -(d - 1) && c <= d - 1 && y >= vb[off + c])
        return [
          { x: px, y: py },
          { x, y },
        ];
    }
    // backwards
    for (let c = d; c >= -d; c -= 2) {
      const k = c + delta;
      let y: number;
      let py: number;
      if (c === -d || (c !== d && vb[off + c - 1] > vb[off + c + 1])) {
        py = y = vb[off + c + 1];
      } else {
        py = vb[off + c - 1];
        y = py - 1;
      }
      let x = left + (y - top) + k;
      const px = d === 0 || y !== py ? x : x + 1;
      while (x > left && y > top && a[x - 1] === b[y - 1]) {
        x--;
        y--;
      }
      vb[off + c] = y;
      if ((delta & 1) === 0 && k >= -d && k <= d && x <= vf[off + k])
        return [
          { x, y },
          { x: px, y: py },
        ];
    }
  }
  return null;
}

function findPath(a: string[], b: string[], left: number, top: number, right: number, bottom: number): Point[] | null {
  const snake = midpoint(a, b, left, top, right, bottom);
  if (!snake) return null;
  const [start, finish] = snake;
  const head = findPath(a, b, left, top, start.x, start.y);
  const tail = findPath(a, b, finish.x, finish.y, right, bottom);
  return [...(head ?? [start]), ...(tail ?? [finish])];
}

/** Shortest edit script between two token arrays, one op per token. */
export function diffTokens(a: string[], b: string[]): DiffOp[] {
  const out: DiffOp[] = [];
  // Common prefix and suffix cost nothing to find and shrink the search.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) out.push({ op: "equal", text: a[start++] });
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const path = findPath(a, b, start, start, endA, endB) ?? [];
  for (let i = 0; i + 1 < path.length; i++) {
    let { x: x1, y: y1 } = path[i];
    const { x: x2, y: y2 } = path[i + 1];
    while (x1 < x2 && y1 < y2 && a[x1] === b[y1]) {
      out.push({ op: "equal", text: a[x1++] });
      y1++;
    }
    const d = x2 - x1 - (y2 - y1);
    if (d < 0) out.push({ op: "insert", text: b[y1++] });
    else if (d > 0) out.push({ op: "delete", text: a[x1++] });
    while (x1 < x2 && y1 < y2 && a[x1] === b[y1]) {
      out.push({ op: "equal", text: a[x1++] });
      y1++;
    }
  }
  for (let i = endA; i < a.length; i++) out.push({ op: "equal", text: a[i] });
  return out;
}

/** Joins neighbouring ops of the same kind and drops empty ones. Within a changed stretch, deletions come first. */
export function mergeOps(ops: DiffOp[]): DiffOp[] {
  const out: DiffOp[] = [];
  let del = "";
  let ins = "";
  const flush = () => {
    if (del) out.push({ op: "delete", text: del });
    if (ins) out.push({ op: "insert", text: ins });
    del = ins = "";
  };
  for (const o of ops) {
    if (o.text === "") continue;
    if (o.op === "delete") del += o.text;
    else if (o.op === "insert") ins += o.text;
    else {
      flush();
      const last = out[out.length - 1];
      if (last && last.op === "equal") last.text += o.text;
      else out.push({ op: "equal", text: o.text });
    }
  }
  flush();
  return out;
}

/**
 * An unchanged space (or lone punctuation mark) between two changes makes "the cat" -> "a dog" read as two edits
 * ("the"->"a", "cat"->"dog") with a stray space between; folding it into the change reads as one edit.
 */
function absorbTrivialEquals(ops: DiffOp[]): DiffOp[] {
  const out = ops.map((o) => ({ ...o }));
  for (let i = 1; i < out.length - 1; i++) {
    const o = out[i];
    if (o.op !== "equal" || !/^(\s+|[^\s\p{L}\p{N}])$/u.test(o.text) || /\n/.test(o.text)) continue;
    if (out[i - 1].op === "equal" || out[i + 1].op === "equal") continue;
    out.splice(i, 1, { op: "delete", text: o.text }, { op: "insert", text: o.text });
    i++;
  }
  return out;
}

const isSpace = (t: string) => /^\s+$/.test(t);
const isWord = (t: string) => /^[\p{L}\p{M}\p{N}]/u.test(t);

/** How natural a cut between two tokens is (higher is better): text edge, line break, space, punctuation. */
function edgeScore(left: string | null, right: string | null): number {
  if (left === null || right === null) return 6;
  if (left.includes("\n") || right.includes("\n")) return 5;
  if (isSpace(left) || isSpace(right)) return /^[.!?;:]$/.test(left) ? 4 : 3;
  if (!isWord(left) || !isWord(right)) return 1;
  return 0;
}

/**
 * A run of pure insertions (or deletions) between unchanged tokens can often sit in several places with the same
 * cost: "C.[ A.]" and "C[. A]." are both shortest. Slide each run to where its edges fall on the most natural
 * boundaries. Only labels change (the slid-over tokens are identical), so both sides are preserved.
 */
function slideEdits(input: DiffOp[]): DiffOp[] {
  const ops = input.map((o) => ({ ...o }));
  const text = (i: number) => (i >= 0 && i < ops.length ? ops[i].text : null);
  let i = 0;
  while (i < ops.length) {
    if (ops[i].op === "equal") {
      i++;
      continue;
    }
    const kind = ops[i].op;
    let j = i;
    while (j < ops.length && ops[j].op === kind) j++;
    const pure = (i === 0 || ops[i - 1].op === "equal") && (j === ops.length || ops[j].op === "equal");
    if (!pure) {
      while (j < ops.length && ops[j].op !== "equal") j++;
      i = j;
      continue;
    }
    // Slide as far left as possible, then walk right scoring every position.
    let s = i;
    let e = j;
    while (s > 0 && ops[s - 1].op === "equal" && ops[s - 1].text === ops[e - 1].text) {
      s--;
      e--;
    }
    let best = { s, e, score: -1 };
    const original = { s: i, e: j, score: edgeScore(text(i - 1), text(i)) + edgeScore(text(j - 1), text(j)) };
    for (;;) {
      const score = edgeScore(text(s - 1), text(s)) + edgeScore(text(e - 1), text(e));
      if (score > best.score) best = { s, e, score };
      if (e < ops.length && ops[e].op === "equal" && ops[e].text === ops[s].text) {
        s++;
        e++;
      } else break;
    }
    if (best.score <= original.score) best = original;
    for (let k = Math.min(i, best.s); k < Math.max(j, best.e); k++)
      ops[k].op = k >= best.s && k < best.e ? kind : "equal";
    i = best.e;
  }
  return ops;
}

export function diffWords(a: string, b: string): DiffOp[] {
  let ops = mergeOps(slideEdits(diffTokens(tokenize(a), tokenize(b))));
  // Repeat once more after merging: absorbing can join two changed stretches into one that now borders another gap.
  for (let pass = 0; pass < 2; pass++) ops = mergeOps(absorbTrivialEquals(ops));
  return ops;
}

/** The two sides of a diff, for tests and for checking a diff reproduces its inputs. */
export function diffSides(ops: DiffOp[]): { before: string; after: string } {
  let before = "";
  let after = "";
  for (const o of ops) {
    if (o.op !== "insert") before += o.text;
    if (o.op !== "delete") after += o.text;
  }
  return { before, after };
}
