// Bit arithmetic is this file's job: a set of small integers packed 32 to a word.
/* eslint-disable no-bitwise */
/** A fixed-size set of small integers (pod or namespace indices), 32 per word. */
export class Bitset {
  public static full(size: number): Bitset {
    const set = new Bitset(size);
    set.words.fill(0xffffffff);
    set.clearTail();
    return set;
  }

  /**
   * `count` empty sets of one size over a single buffer: one allocation instead of `count` (the
   * rows of a matrix).
   */
  public static many(count: number, size: number): Bitset[] {
    const length = (size + 31) >>> 5;
    const buffer = new Uint32Array(count * length);
    return Array.from({ length: count }, (_, i) => new Bitset(size, buffer.subarray(i * length, (i + 1) * length)));
  }

  public readonly words: Uint32Array;

  /** A set of integers in [0, size): empty, or kept in `words` (a view of at least `(size + 31) / 32` words). */
  constructor(public readonly size: number, words?: Uint32Array) {
    this.words = words ?? new Uint32Array((size + 31) >>> 5);
  }

  public has(i: number): boolean {
    return (this.words[i >>> 5] & (1 << (i & 31))) !== 0;
  }

  public add(i: number): void {
    this.words[i >>> 5] |= 1 << (i & 31);
  }

  /** Adds every integer in [start, end), a word at a time (a namespace's contiguous pods). */
  public addRange(start: number, end: number): void {
    for (let i = start; i < end;) {
      const bit = i & 31;
      const span = Math.min(32 - bit, end - i);
      const mask = span === 32 ? 0xffffffff : ((1 << span) - 1) << bit;
      this.words[i >>> 5] |= mask;
      i += span;
    }
  }

  /** Adds every member of `other`; given words [from, to), only those (where the other's members all are). */
  public orInPlace(other: Bitset, from = 0, to = this.words.length): this {
    const w = this.words;
    const o = other.words;
    for (let i = from; i < to; i++) w[i] |= o[i];
    return this;
  }

  /** Keeps the members of `other`; given words [from, to), works on those only. */
  public andInPlace(other: Bitset, from = 0, to = this.words.length): this {
    const w = this.words;
    const o = other.words;
    for (let i = from; i < to; i++) w[i] &= o[i];
    return this;
  }

  /** Removes every member of `other` (set difference); given words [from, to), only those. */
  public andNotInPlace(other: Bitset, from = 0, to = this.words.length): this {
    const w = this.words;
    const o = other.words;
    for (let i = from; i < to; i++) w[i] &= ~o[i];
    return this;
  }

  /**
   * Sets words [from, to) to those of `a` and `b`, leaving the others as they were (scratch space
   * whose other words the caller ignores); whether any member is there. One pass instead of three.
   */
  public assignAnd(a: Bitset, b: Bitset, from: number, to: number): boolean {
    const w = this.words;
    let any = 0;
    for (let i = from; i < to; i++) any |= w[i] = a.words[i] & b.words[i];
    return any !== 0;
  }

  /** The smallest range of words [first, end) outside which the set has no member (0, 0 when empty). */
  public wordSpan(): { readonly first: number; readonly end: number } {
    let first = 0;
    let end = this.words.length;
    while (first < end && this.words[first] === 0) first++;
    while (end > first && this.words[end - 1] === 0) end--;
    return first === end ? { first: 0, end: 0 } : { first, end };
  }

  /** Adds the members that `a` and `b` share, without allocating their intersection. */
  public orAndInPlace(a: Bitset, b: Bitset): this {
    const w = this.words;
    for (let i = 0; i < w.length; i++) w[i] |= a.words[i] & b.words[i];
    return this;
  }

  /** Removes the members within words [from, to). */
  public clearWords(from: number, to: number): this {
    this.words.fill(0, from, to);
    return this;
  }

  /** Whether the set has no member; given words [from, to), none there. */
  public isEmpty(from = 0, to = this.words.length): boolean {
    for (let i = from; i < to; i++) if (this.words[i] !== 0) return false;
    return true;
  }

  public count(): number {
    let total = 0;
    for (const word of this.words) {
      let v = word - ((word >>> 1) & 0x55555555);
      v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
      total += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    return total;
  }

  /** Calls `visit` with each member in ascending order (without the iterator's per-member overhead). */
  public forEach(visit: (member: number) => void): void {
    for (let w = 0; w < this.words.length; w++) {
      for (let word = this.words[w]; word !== 0; word &= word - 1) visit((w << 5) + 31 - Math.clz32(word & -word));
    }
  }

  public *[Symbol.iterator](): IterableIterator<number> {
    for (let w = 0; w < this.words.length; w++) {
      let word = this.words[w];
      while (word !== 0) {
        const bit = 31 - Math.clz32(word & -word);
        yield (w << 5) + bit;
        word &= word - 1;
      }
    }
  }

  private clearTail(): void {
    const extra = this.words.length * 32 - this.size;
    if (extra > 0) this.words[this.words.length - 1] >>>= extra;
  }
}
