/**
 * How many texts of a column hold each ASCII character and each pair of adjacent ASCII
 * characters, case folded as the database's REGEXP folds them. A literal no text can hold
 * (`name=zz` over names without a `zz`) is then known to match no row without reading one:
 * a check of the literal's characters and pairs, however many rows there are.
 *
 * Exact against the row check (`databaseRegex`: RE2, case-insensitive): an ASCII letter is
 * marked lower-cased, so it stands for both its cases. The only other characters RE2 folds
 * onto ASCII are U+212A KELVIN SIGN (marked as `k`) and U+017F LATIN SMALL LETTER LONG S
 * (marked as `s`; `test/api/listing/text-marks.test.ts` checks there are no others); every
 * other character marks nothing and breaks a pair, as it can match no ASCII character of a
 * literal. The texts given are the columns' sort values, already lower-cased: lower-casing
 * may add characters (`İ` is `i` and a combining dot), which adds marks, never hides one.
 *
 * @example
 * const marks = new TextMarks();
 * marks.add('web-1');
 * marks.mayHold('zz'); // false
 */
export class TextMarks {
  /** Texts holding each mark (a character below 128, or 128 + a pair), by mark. */
  private readonly counts = new Map<number, number>();

  /** Counts a text's marks, `times` texts of it (`remove` takes one away). */
  add(text: string, times = 1): void {
    eachMark(text, (mark) => {
      this.counts.set(mark, (this.counts.get(mark) ?? 0) + times);
    });
  }

  /** Takes away a text counted before. */
  remove(text: string): void {
    eachMark(text, (mark) => {
      const left = (this.counts.get(mark) ?? 0) - 1;
      if (left > 0) this.counts.set(mark, left);
      else this.counts.delete(mark);
    });
  }

  clear(): void {
    this.counts.clear();
  }

  /**
   * Whether some text counted may contain `literal` (lower-case printable ASCII): false
   * only when one of its characters or adjacent pairs is in no text.
   */
  mayHold(literal: string): boolean {
    let previous = -1;
    for (let i = 0; i < literal.length; i++) {
      const c = literal.charCodeAt(i);
      if (!this.counts.has(c)) return false;
      if (previous >= 0 && !this.counts.has(pairMark(previous, c))) return false;
      previous = c;
    }
    return true;
  }
}

const LONG_S = 0x17f;
const S = 0x73;
const KELVIN = 0x212a;
const K = 0x6b;

const pairMark = (a: number, b: number) => 128 + a * 128 + b;

/**
 * Visits a text's marks: each ASCII character and adjacent ASCII pair, lower-cased, with
 * the two characters RE2 folds onto ASCII read as the letters they fold to.
 */
function eachMark(text: string, visit: (mark: number) => void): void {
  let previous = -1;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c === LONG_S) c = S;
    else if (c === KELVIN) c = K;
    else if (c >= 65 && c <= 90) c += 32;
    if (c >= 128) {
      previous = -1;
      continue;
    }
    visit(c);
    if (previous >= 0) visit(pairMark(previous, c));
    previous = c;
  }
}
