/**
 * Splits a streamed JSON document into the texts of its athletes array's elements, one element at a
 * time, so a 10,000-athlete event never sits in memory whole (providers.md §5.3: the list is one
 * unpaged array, up to 6 MB and more). The array is the document itself (`[…]`) or its `data` key
 * (`{"data": […], "gunTime": …}`, K5: clients see both). Only the current element is buffered.
 *
 * Hand-written rather than a streaming JSON library: it only has to find element boundaries (depth,
 * strings, escapes), and each element is then parsed by `JSON.parse`, which also reports a broken one.
 */

const enum Char {
  Quote = 0x22, Backslash = 0x5c, Comma = 0x2c, Colon = 0x3a,
  OpenBrace = 0x7b, CloseBrace = 0x7d, OpenBracket = 0x5b, CloseBracket = 0x5d, Bom = 0xfeff,
}

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === Char.Bom;

/** Where the scanner is: before the document, in the wrapper object, in the array, or past it. */
type Mode = 'start' | 'wrapper' | 'array' | 'done';

export class JsonArraySplitter {
  private mode: Mode = 'start';
  /** Open containers, the document's own included. */
  private depth = 0;
  /** Depth inside the athletes array (1 for a bare array, 2 under `data`). */
  private arrayDepth = 0;
  private inString = false;
  private escaped = false;
  /** The element being read: its text from earlier chunks; null between elements. */
  private element: string | null = null;
  /** In the wrapper: the key being read, the last key read, and whether a value is due. */
  private key: string | null = null;
  private lastKey: string | null = null;
  private valueDue = false;
  private offset = 0;

  /** Feeds one chunk of text; returns the elements it completed, in order. */
  push(chunk: string): string[] {
    const out: string[] = [];
    let start = this.element === null ? -1 : 0;
    for (let i = 0; i < chunk.length && this.mode !== 'done'; i++) {
      const c = chunk.charCodeAt(i);
      if (this.inString) {
        this.scanString(c, chunk[i]!);
        continue;
      }
      if (this.mode === 'array' && this.depth === this.arrayDepth && (c === Char.Comma || c === Char.CloseBracket)) {
        if (this.element !== null) {
          out.push(this.finishElement(chunk.slice(start, i)));
          start = -1;
        } else if (c === Char.Comma) {
          throw this.broken('an empty array element');
        }
        if (c === Char.CloseBracket) this.mode = 'done';
        else this.element = null;
        continue;
      }
      if (this.mode === 'array' && this.depth === this.arrayDepth && this.element === null) {
        if (isSpace(c)) continue;
        this.element = '';
        start = i;
      }
      this.scanStructure(c, chunk[i]!);
    }
    if (this.element !== null && start >= 0) this.element += chunk.slice(start);
    this.offset += chunk.length;
    return out;
  }

  /** The document ended: an error unless the array was read to its closing bracket. */
  end(): void {
    if (this.mode === 'done') return;
    if (this.mode === 'start') throw new Error('the body is empty');
    if (this.mode === 'wrapper' && this.depth === 0) throw new Error('the body has no athletes array (neither a JSON array nor one under "data")');
    throw new Error(`the body broke off inside the athletes array (after ${this.offset} characters)`);
  }

  private finishElement(tail: string): string {
    const text = (this.element ?? '') + tail;
    this.element = null;
    return text.trimEnd();
  }

  private scanString(c: number, ch: string): void {
    if (this.key !== null) this.key += ch;
    if (this.escaped) this.escaped = false;
    else if (c === Char.Backslash) this.escaped = true;
    else if (c === Char.Quote) {
      this.inString = false;
      if (this.key !== null) {
        this.lastKey = this.key.slice(0, -1);
        this.key = null;
      }
    }
  }

  private scanStructure(c: number, ch: string): void {
    if (this.mode === 'start') return this.scanStart(c, ch);
    if (c === Char.Quote) {
      this.inString = true;
      // A string at the wrapper's own level that is not a value is a key.
      if (this.mode === 'wrapper' && this.depth === 1 && !this.valueDue) this.key = '';
      return;
    }
    if (this.mode === 'wrapper' && this.depth === 1) {
      if (c === Char.Colon) return void (this.valueDue = true);
      if (c === Char.Comma) return void (this.valueDue = false);
      if (this.valueDue && c === Char.OpenBracket && this.lastKey === 'data') {
        this.mode = 'array';
        this.depth = this.arrayDepth = 2;
        return;
      }
    }
    if (c === Char.OpenBrace || c === Char.OpenBracket) this.depth += 1;
    else if (c === Char.CloseBrace || c === Char.CloseBracket) {
      this.depth -= 1;
      if (this.depth < 0) throw this.broken(`an unmatched "${ch}"`);
    }
  }

  private scanStart(c: number, ch: string): void {
    if (isSpace(c)) return;
    if (c === Char.OpenBracket) {
      this.mode = 'array';
      this.depth = this.arrayDepth = 1;
    } else if (c === Char.OpenBrace) {
      this.mode = 'wrapper';
      this.depth = 1;
    } else {
      throw this.broken(`"${ch}" where a JSON array or object must start`);
    }
  }

  private broken(what: string): Error {
    return new Error(`the body is not JSON: ${what} (near character ${this.offset})`);
  }
}
