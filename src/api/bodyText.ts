// A response body's text kept in the pieces it arrived in. Joining a body of 50 MB into one string
// copies all of it in one task (a quarter to half a second, with the garbage collection it brings);
// kept in pieces of about a megabyte, the copying is spread over the tasks the body arrived in, and
// what reads the body (the parse of all but its large values, the lazy parse of each large value, the
// comparison of a node's text with the previous fetch's) reads only the part it needs. The whole text
// is joined only when asked for (toString: "Open as JSON"), once.

/** Pieces as they arrive are joined into pieces of about this many characters (fewer to search, a little copying per arrival). */
export const BODY_PIECE_CHARS = 1024 * 1024;
/** A slice across pieces up to this long is joined into a flat string; a longer one is left as a rope of the pieces' slices (not copied until read). */
const FLAT_SLICE_CHARS = 64 * 1024;

export class BodyText {
  /** The pieces, none empty (unless the text is). */
  private pieces: readonly string[];
  /** Where each piece starts in the text. */
  private starts: readonly number[];
  readonly length: number;

  private constructor(pieces: readonly string[]) {
    const kept = pieces.filter((piece) => piece.length > 0);
    this.pieces = kept.length > 0 ? kept : [''];
    const starts: number[] = [];
    let at = 0;
    for (const piece of this.pieces) {
      starts.push(at);
      at += piece.length;
    }
    this.starts = starts;
    this.length = at;
  }

  /** A text that is one string already. */
  static of(text: string): BodyText {
    return new BodyText([text]);
  }

  /** A text in pieces: the pieces joined are the text. */
  static fromPieces(pieces: readonly string[]): BodyText {
    return new BodyText(pieces);
  }

  /** The whole text as one string: joined on the first call (copying it all), then kept. */
  toString(): string {
    if (this.pieces.length === 1) return this.pieces[0] as string;
    const whole = this.pieces.join('');
    // The pieces give way to the whole: kept once, and a slice of it is as cheap as of a piece.
    this.pieces = [whole];
    this.starts = [0];
    return whole;
  }

  /** Nothing but whitespace (as String.prototype.trim has it). */
  isBlank(): boolean {
    return this.pieces.every((piece) => piece.trim() === '');
  }

  /** The UTF-16 code unit at `index`, NaN outside the text (as String.prototype.charCodeAt). */
  charCodeAt(index: number): number {
    if (!(index >= 0 && index < this.length)) return NaN;
    const i = this.pieceAt(index);
    return (this.pieces[i] as string).charCodeAt(index - (this.starts[i] as number));
  }

  /**
   * text.slice(start, end) for 0 ≤ start, end (clamped to the length). A slice within a piece is the
   * piece's slice; a short one across pieces is joined; a long one is a concatenation of the pieces'
   * slices, which V8 keeps as a rope until it is read (JSON.parse reads it once: no copy before that).
   */
  slice(start = 0, end = this.length): string {
    const from = clamp(start, this.length);
    const to = clamp(end, this.length);
    if (to <= from) return '';
    let i = this.pieceAt(from);
    const first = this.pieces[i] as string;
    const offset = this.starts[i] as number;
    if (to <= offset + first.length) return first.slice(from - offset, to - offset);
    const parts: string[] = [];
    for (let at = from; at < to; i++) {
      const piece = this.pieces[i] as string;
      const pieceStart = this.starts[i] as number;
      parts.push(piece.slice(at - pieceStart, Math.min(to, pieceStart + piece.length) - pieceStart));
      at = pieceStart + piece.length;
    }
    if (to - from <= FLAT_SLICE_CHARS) return parts.join('');
    let rope = '';
    for (const part of parts) rope += part;
    return rope;
  }

  /**
   * Whether this.slice(start, end) equals other.slice(otherStart, otherEnd), compared piece by piece:
   * nothing is joined or copied (a rope compared with === would be flattened first).
   */
  sameText(start: number, end: number, other: BodyText, otherStart: number, otherEnd: number): boolean {
    const a0 = clamp(start, this.length);
    const b0 = clamp(otherStart, other.length);
    const length = Math.max(0, clamp(end, this.length) - a0);
    if (length !== Math.max(0, clamp(otherEnd, other.length) - b0)) return false;
    if (other === this && a0 === b0) return true;
    let i = this.pieceAt(a0);
    let j = other.pieceAt(b0);
    for (let done = 0; done < length;) {
      const a = this.pieces[i] as string;
      const b = other.pieces[j] as string;
      const inA = a0 + done - (this.starts[i] as number);
      const inB = b0 + done - (other.starts[j] as number);
      const n = Math.min(a.length - inA, b.length - inB, length - done);
      if (a.slice(inA, inA + n) !== b.slice(inB, inB + n)) return false;
      done += n;
      if (inA + n === a.length) i++;
      if (inB + n === b.length) j++;
    }
    return true;
  }

  /** The same text, however it is cut into pieces. */
  equals(other: BodyText): boolean {
    return this.sameText(0, this.length, other, 0, other.length);
  }

  /** The index of the piece `index` lies in (0 ≤ index < length; the last piece for index = length). */
  private pieceAt(index: number): number {
    const starts = this.starts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if ((starts[middle] as number) <= index) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}

/** Collects a body's text as it arrives, joining small pieces into ones of about BODY_PIECE_CHARS. */
export class BodyTextBuilder {
  private readonly pieces: string[] = [];
  private pending: string[] = [];
  private pendingLength = 0;

  constructor(private readonly pieceChars = BODY_PIECE_CHARS) {}

  push(text: string): void {
    if (text === '') return;
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= this.pieceChars) this.flush();
  }

  finish(): BodyText {
    this.flush();
    return BodyText.fromPieces(this.pieces);
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.pieces.push(this.pending.length === 1 ? (this.pending[0] as string) : this.pending.join(''));
    this.pending = [];
    this.pendingLength = 0;
  }
}

function clamp(index: number, length: number): number {
  return Math.min(Math.max(0, Math.trunc(index) || 0), length);
}
