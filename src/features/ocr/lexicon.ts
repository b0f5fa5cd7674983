/**
 * Word-list correction of CTC readings: a word the recogniser read that is not in the word list is
 * replaced by a listed word when the recogniser itself found that word almost as likely.
 *
 * Why: the recogniser reads one character at a time and knows no words. On worn, binarised or small
 * print it confuses shapes that differ by a few pixels ("l"/"i", a lost "l" in "cardinality", the "fi"
 * ligature read as "f"), and the wrong reading wins by a small margin. Tesseract checks its readings
 * against a word list for the same reason. Here the check is constrained by the recogniser's own
 * probabilities: a CTC prefix beam search over the steps the word occupies, restricted to the letters
 * the recogniser gave some weight at each step, lists the readings it finds plausible; the most likely
 * listed word replaces the reading only if its probability is within `margin` (natural log) of the
 * reading's. A word the recogniser is sure of is never changed, however unusual (names, codes), and a
 * word already in the list is not searched at all.
 *
 * Pure, unit-tested in lexicon.test.ts.
 */

/** Lower-case words. */
export interface Lexicon {
  has(word: string): boolean;
}

/** A word list file (one word per line) as a lexicon. */
export const parseWordList = (text: string): Lexicon =>
  new Set(
    text
      .split(/\r?\n/)
      .filter(Boolean)
      .map((w) => w.toLowerCase()),
  );

/** One emitted character of a greedy decoding: its class, the steps where it was the arg-max, its index in the text. */
export interface Emitted {
  cls: number;
  t0: number;
  t1: number;
  at: number;
}

export interface LexiconOptions {
  /** Largest log-probability deficit of the listed word against the reading. */
  margin: number;
  /** Readings shorter than this are left alone (short words are too easily turned into other words). */
  minLength: number;
  /** Letters tried per step, besides the blank. */
  perStep: number;
  /** Beam width. */
  beam: number;
}

export const LEXICON_DEFAULTS: LexiconOptions = { margin: 3, minLength: 3, perStep: 4, beam: 16 };

const isLetter = (ch: string | undefined) => !!ch && /^[A-Za-z]$/.test(ch);
const isDigit = (ch: string | undefined) => !!ch && /^[0-9]$/.test(ch);

const lse = (a: number, b: number) => {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
};

/** Whether text[from, to) is part of a whitespace-delimited token that looks like an address: "@", "/", or a dot between letters. */
function inAddress(text: string, from: number, to: number): boolean {
  let a = from;
  let b = to;
  while (a > 0 && !/\s/.test(text[a - 1])) a--;
  while (b < text.length && !/\s/.test(text[b])) b++;
  return /[@/]|[A-Za-z0-9]\.[A-Za-z]/.test(text.slice(a, b));
}

/** A word's case must be one a printed word has: lower, Capitalised or UPPER. */
function casedLike(word: string): boolean {
  const lower = word.toLowerCase();
  return word === lower || word === word.toUpperCase() || word === lower[0].toUpperCase() + lower.slice(1);
}

/**
 * CTC prefix beam search over steps [from, to] of one sequence, over the blank (class 0) and `letters`.
 * Returns each surviving prefix with its log-probability (mass of the other classes left out, so the
 * values compare with each other, not with 1).
 */
export function letterBeams(
  probs: Float32Array,
  classes: number,
  offset: number,
  from: number,
  to: number,
  letters: readonly number[],
  chars: readonly string[],
  o: Pick<LexiconOptions, 'perStep' | 'beam'>,
): Map<string, number> {
  type Beam = { b: number; nb: number; last: number };
  let beams = new Map<string, Beam>([['', { b: 0, nb: -Infinity, last: -1 }]]);
  const top: number[] = [];
  for (let t = from; t <= to; t++) {
    const base = offset + t * classes;
    top.length = 0;
    for (const c of letters) {
      if (probs[base + c] < 1e-4) continue;
      top.push(c);
    }
    top.sort((a, b) => probs[base + b] - probs[base + a]);
    if (top.length > o.perStep) top.length = o.perStep;
    const lb = Math.log(Math.max(probs[base], 1e-12));
    const next = new Map<string, Beam>();
    const at = (prefix: string, last: number) => {
      let x = next.get(prefix);
      if (!x) next.set(prefix, (x = { b: -Infinity, nb: -Infinity, last }));
      return x;
    };
    for (const [prefix, { b, nb, last }] of beams) {
      const total = lse(b, nb);
      const same = at(prefix, last);
      same.b = lse(same.b, total + lb);
      for (const c of top) {
        const lp = Math.log(probs[base + c]);
        if (c === last) {
          same.nb = lse(same.nb, nb + lp);
          const grown = at(prefix + chars[c], c);
          grown.nb = lse(grown.nb, b + lp);
        } else {
          const grown = at(prefix + chars[c], c);
          grown.nb = lse(grown.nb, total + lp);
        }
      }
    }
    beams = new Map([...next].sort((x, y) => lse(y[1].b, y[1].nb) - lse(x[1].b, x[1].nb)).slice(0, o.beam));
  }
  return new Map([...beams].map(([k, v]) => [k, lse(v.b, v.nb)]));
}

/** The letter classes of a character list. */
export const letterClasses = (chars: readonly string[]) => chars.map((c, i) => (i > 0 && isLetter(c) ? i : -1)).filter((i) => i > 0);

/**
 * Corrects the unlisted words of one greedy reading (`text`, with its `emitted` characters) of the
 * sequence at `offset` in `probs` (`steps × classes`). Returns the corrected text.
 */
export function correctWords(
  text: string,
  emitted: readonly Emitted[],
  probs: Float32Array,
  steps: number,
  classes: number,
  chars: readonly string[],
  offset: number,
  lexicon: Lexicon,
  letters: readonly number[],
  opts: Partial<LexiconOptions> = {},
): string {
  const o = { ...LEXICON_DEFAULTS, ...opts };
  const edits: { from: number; to: number; word: string }[] = [];
  for (let i = 0; i < emitted.length;) {
    if (!isLetter(chars[emitted[i].cls])) {
      i++;
      continue;
    }
    const start = i;
    let j = i;
    while (j + 1 < emitted.length && isLetter(chars[emitted[j + 1].cls]) && emitted[j + 1].at === emitted[j].at + 1) j++;
    const first = emitted[i];
    const last = emitted[j];
    const word = text.slice(first.at, last.at + 1);
    i = j + 1;
    // Next to a digit, it is a code ("12ab"), not a word; in a web or mail address ("www.shop.com", "a@b.my"),
    // a name.
    if (isDigit(text[first.at - 1]) || isDigit(text[last.at + 1]) || inAddress(text, first.at, last.at + 1)) continue;
    if (word.length < o.minLength || lexicon.has(word.toLowerCase())) continue;
    // The word's steps, with the blank steps around it up to the neighbouring characters.
    const from = start > 0 ? emitted[start - 1].t1 + 1 : 0;
    const to = j + 1 < emitted.length ? emitted[j + 1].t0 - 1 : steps - 1;
    const beams = letterBeams(probs, classes, offset, from, to, letters, chars, o);
    let best = -Infinity;
    for (const v of beams.values()) best = Math.max(best, v);
    const own = beams.get(word) ?? best;
    let pick = '';
    let pickScore = -Infinity;
    for (const [w, v] of beams) {
      if (w.length < o.minLength || v <= pickScore || !casedLike(w) || !lexicon.has(w.toLowerCase())) continue;
      pick = w;
      pickScore = v;
    }
    if (pick && pickScore >= own - o.margin) edits.push({ from: first.at, to: last.at + 1, word: pick });
  }
  const hyphen = lineEndHyphen(text, emitted, probs, classes, chars, offset, lexicon);
  if (hyphen !== undefined) edits.push({ from: hyphen, to: hyphen + 1, word: '-' });
  let out = text;
  for (let k = edits.length - 1; k >= 0; k--) out = out.slice(0, edits[k].from) + edits[k].word + out.slice(edits[k].to);
  return out;
}

/** Whether some listed word is longer than `prefix` and starts with it (lower case). A scan of the list: called rarely. */
export function extendsToWord(lexicon: Lexicon, prefix: string): boolean {
  const p = prefix.toLowerCase();
  if (!(lexicon instanceof Set)) return false;
  for (const w of lexicon as Set<string>) if (w.length > p.length && w.startsWith(p)) return true;
  return false;
}

/**
 * A word broken across two lines ends the first with a hyphen ("Alterna-"). The recogniser, seeing the short
 * dash at the very end of a line with nothing after it, sometimes reads it as a full stop with almost the same
 * probability, and "Alterna." ends a sentence with a word that does not exist. When a line's last character is a
 * full stop (or a middle dot) right after a word that is not listed but begins listed words, and the recogniser
 * gave the hyphen a probability within `margin` (natural log; 1 by default: a near tie, not merely a chance) of
 * it, the hyphen is read. Returns the index of the character to replace in `text`, or undefined. A listed word
 * ("done.") keeps its full stop, and so does a full stop the recogniser is sure of.
 */
export function lineEndHyphen(
  text: string,
  emitted: readonly Emitted[],
  probs: Float32Array,
  classes: number,
  chars: readonly string[],
  offset: number,
  lexicon: Lexicon,
  margin = 1,
): number | undefined {
  const lastE = emitted[emitted.length - 1];
  if (!lastE || (chars[lastE.cls] !== '.' && chars[lastE.cls] !== '·') || lastE.at !== text.trimEnd().length - 1) return undefined;
  const dash = chars.indexOf('-');
  if (dash < 0) return undefined;
  let best = 0;
  let own = 0;
  for (let t = lastE.t0; t <= lastE.t1; t++) {
    best = Math.max(best, probs[offset + t * classes + dash]);
    own = Math.max(own, probs[offset + t * classes + lastE.cls]);
  }
  if (best <= 0 || Math.log(own) - Math.log(best) > margin) return undefined;
  const m = /([A-Za-z]+)$/.exec(text.slice(0, lastE.at));
  if (!m || m[1].length < 3 || lexicon.has(m[1].toLowerCase()) || !extendsToWord(lexicon, m[1])) return undefined;
  return lastE.at;
}
