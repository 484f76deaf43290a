import { maxJsonDepth } from '../../http/json-depth.ts';
import type { JsonDocumentPart, JsonScanOptions } from './scan-json-document.ts';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
const isPrimitiveEnd = (b: number) => b === COMMA || b === CLOSE_BRACKET || b === CLOSE_BRACE || isSpace(b);

/** Where the scanner is in the document's structure. */
type State =
  | 'before-root'
  | 'array-item-or-end' // after "[" or ","
  | 'array-after-item' // expects "," or "]"
  | 'object-key-or-end' // after "{" or ","
  | 'object-colon'
  | 'object-value'
  | 'object-after-value' // expects "," or "}"
  | 'after-root'
  | 'capture';

/** A value being cut out of the stream. */
interface Capture {
  target: 'item' | 'key' | 'field';
  shape: 'container' | 'string' | 'primitive';
  depth: number;
  /** The deepest nesting seen in it. */
  deepest: number;
  inString: boolean;
  escape: boolean;
  offset: number;
  pieces: Buffer[];
  size: number;
  oversized: boolean;
}

/**
 * The byte-level state machine behind `scanJsonDocument`: fed chunk by chunk, it returns the
 * parts each chunk completes. Only the bytes of the item being cut out are kept between chunks.
 */
export class JsonDocumentScanner {
  stopped = false;
  private state: State = 'before-root';
  private chunkOffset = 0;
  private root: 'array' | 'object' | undefined;
  /** The root object's field whose array is being streamed; undefined for a root array. */
  private streamedField: string | undefined;
  private inStreamedArray = false;
  private itemIndex = 0;
  private key = '';
  private capture: Capture | undefined;
  /** Where the current capture starts within the current chunk (0 after a chunk boundary). */
  private captureStart = 0;
  /** Position of the next backslash in the current chunk (-1: none), so strings are skipped with indexOf. */
  private nextBackslash = -1;
  private nextBackslashValid = false;
  private readonly streamed: ReadonlySet<string>;
  private readonly noun: string;
  private readonly maxItemBytes: number;

  constructor(options: JsonScanOptions) {
    this.streamed = new Set(options.streamedFields ?? []);
    this.noun = options.itemNoun ?? 'item';
    this.maxItemBytes = options.maxItemBytes ?? 64 * 1024 * 1024;
  }

  push(bytes: Buffer): JsonDocumentPart[] {
    const parts: JsonDocumentPart[] = [];
    this.nextBackslashValid = false;
    let i = 0;
    while (i < bytes.length && !this.stopped) {
      if (this.state === 'capture') {
        i = this.continueCapture(bytes, i, parts);
        continue;
      }
      const b = bytes[i] as number;
      if (isSpace(b) || (this.state === 'before-root' && this.chunkOffset + i < 3 && (b === 0xef || b === 0xbb || b === 0xbf))) {
        i++; // whitespace, or a UTF-8 byte order mark
        continue;
      }
      if (this.structural(b, i, parts)) i++;
    }
    this.chunkOffset += bytes.length;
    return parts;
  }

  end(): JsonDocumentPart[] {
    if (this.stopped || this.state === 'after-root') return [];
    const at = this.chunkOffset;
    if (this.state === 'before-root') return [this.fatal(`the file is empty: expected a JSON array or object`, at)];
    if (this.capture?.target === 'item') return [this.fatal(`the file ends at byte ${at} before this ${this.noun} is complete (truncated or corrupt?)`, at)];
    const closing = this.inStreamedArray ? '"]"' : '"}"';
    const where = this.inStreamedArray ? `where ${this.noun} ${this.itemIndex + 1} or the closing ${closing} should follow` : `before the closing ${closing}`;
    return [this.fatal(`the file ends at byte ${at} ${where} (truncated?)`, at)];
  }

  /**
   * Handles one non-space byte outside a captured value. Returns false when the byte starts a value
   * to capture (so the capture reads it again), true when it was consumed.
   */
  private structural(b: number, i: number, parts: JsonDocumentPart[]): boolean {
    const at = this.chunkOffset + i;
    switch (this.state) {
      case 'before-root':
        if (b === OPEN_BRACKET) {
          this.root = 'array';
          this.inStreamedArray = true;
          this.state = 'array-item-or-end';
        } else if (b === OPEN_BRACE) {
          this.root = 'object';
          this.state = 'object-key-or-end';
        } else parts.push(this.fatal(`expected a JSON array or object at byte ${at}, found ${shown(b)}`, at));
        return true;
      case 'array-item-or-end':
        if (b !== CLOSE_BRACKET) return this.startCapture('item', b, i);
        this.closeStreamedArray();
        return true;
      case 'array-after-item':
        if (b === COMMA) this.state = 'array-item-or-end';
        else if (b === CLOSE_BRACKET) this.closeStreamedArray();
        else parts.push(this.fatal(`unexpected ${shown(b)} at byte ${at} after ${this.noun} ${this.itemIndex}; expected "," or "]"`, at));
        return true;
      case 'object-key-or-end':
        if (b === QUOTE) return this.startCapture('key', b, i);
        if (b === CLOSE_BRACE) this.state = 'after-root';
        else parts.push(this.fatal(`unexpected ${shown(b)} at byte ${at}; expected a field name`, at));
        return true;
      case 'object-colon':
        if (b === COLON) this.state = 'object-value';
        else parts.push(this.fatal(`unexpected ${shown(b)} at byte ${at}; expected ":"`, at));
        return true;
      case 'object-value':
        if (b === OPEN_BRACKET && this.streamed.has(this.key)) {
          this.streamedField = this.key;
          this.inStreamedArray = true;
          this.itemIndex = 0;
          this.state = 'array-item-or-end';
          return true;
        }
        return this.startCapture('field', b, i);
      case 'object-after-value':
        if (b === COMMA) this.state = 'object-key-or-end';
        else if (b === CLOSE_BRACE) this.state = 'after-root';
        else parts.push(this.fatal(`unexpected ${shown(b)} at byte ${at}; expected "," or "}"`, at));
        return true;
      case 'after-root':
        parts.push(this.fatal(`unexpected ${shown(b)} at byte ${at} after the end of the JSON document`, at));
        return true;
      case 'capture':
        return true;
    }
  }

  private closeStreamedArray(): void {
    this.inStreamedArray = false;
    this.state = this.root === 'array' ? 'after-root' : 'object-after-value';
  }

  /** Starts cutting out the value whose first byte is `first`, at `i` in the current chunk. */
  private startCapture(target: Capture['target'], first: number, i: number): false {
    const shape = first === OPEN_BRACE || first === OPEN_BRACKET ? 'container' : first === QUOTE ? 'string' : 'primitive';
    this.capture = { target, shape, depth: 0, deepest: 0, inString: false, escape: false, offset: this.chunkOffset + i, pieces: [], size: 0, oversized: false };
    this.state = 'capture';
    this.captureStart = i;
    return false;
  }

  /** Scans captured bytes from `i`; returns where scanning stopped (the end of the value, or of the chunk). */
  private continueCapture(bytes: Buffer, from: number, parts: JsonDocumentPart[]): number {
    const c = this.capture as Capture;
    const n = bytes.length;
    let i = from;
    if (c.shape === 'primitive') {
      while (i < n && !isPrimitiveEnd(bytes[i] as number)) i++;
      if (i < n) this.finishCapture(bytes, i, parts); // the delimiter is read again as structure
      else this.keep(bytes, n);
      return i;
    }
    if (i === this.captureStart && c.depth === 0 && !c.inString) {
      // The opening byte: `"` starts the string; `{` or `[` the first level.
      if (c.shape === 'string') c.inString = true;
      else c.depth = c.deepest = 1;
      i++;
    }
    while (i < n) {
      if (c.inString) {
        if (c.escape) {
          c.escape = false;
          i++;
          continue;
        }
        const quote = bytes.indexOf(QUOTE, i);
        const backslash = this.backslashFrom(bytes, i);
        if (backslash !== -1 && (quote === -1 || backslash < quote)) {
          if (backslash + 1 >= n) c.escape = true;
          i = Math.min(backslash + 2, n);
          continue;
        }
        if (quote === -1) {
          i = n;
          break;
        }
        i = quote + 1;
        c.inString = false;
        if (c.shape === 'string') {
          this.finishCapture(bytes, i, parts);
          return i;
        }
        continue;
      }
      const b = bytes[i] as number;
      i++;
      if (b === QUOTE) c.inString = true;
      else if (b === OPEN_BRACE || b === OPEN_BRACKET) c.deepest = Math.max(c.deepest, ++c.depth);
      else if ((b === CLOSE_BRACE || b === CLOSE_BRACKET) && --c.depth === 0) {
        this.finishCapture(bytes, i, parts);
        return i;
      }
    }
    this.keep(bytes, n);
    return n;
  }

  /** The next backslash at or after `i` in this chunk, remembered so a long chunk is searched once. */
  private backslashFrom(bytes: Buffer, i: number): number {
    if (!this.nextBackslashValid || (this.nextBackslash !== -1 && this.nextBackslash < i)) {
      this.nextBackslash = bytes.indexOf(BACKSLASH, i);
      this.nextBackslashValid = true;
    }
    return this.nextBackslash;
  }

  /** Holds the captured part of this chunk until the value ends in a later one. */
  private keep(bytes: Buffer, end: number): void {
    const c = this.capture as Capture;
    const piece = bytes.subarray(this.captureStart, end);
    c.size += piece.length;
    if (c.size > this.maxItemBytes) {
      c.oversized = true;
      c.pieces = [];
    } else if (!c.oversized) c.pieces.push(Buffer.from(piece)); // a copy, so the chunk itself can be freed
    this.captureStart = 0;
  }

  private finishCapture(bytes: Buffer, end: number, parts: JsonDocumentPart[]): void {
    const c = this.capture as Capture;
    this.capture = undefined;
    const last = bytes.subarray(this.captureStart, end);
    const size = c.size + last.length;
    const index = this.itemIndex;
    if (c.target === 'item') {
      this.itemIndex++;
      this.state = 'array-after-item';
    } else if (c.target === 'key') this.state = 'object-colon';
    else this.state = 'object-after-value';

    if (c.oversized || size > this.maxItemBytes) {
      const what = c.target === 'item' ? `this ${this.noun}` : `field "${this.key}"`;
      parts.push({ kind: 'problem', index: c.target === 'item' ? index : undefined, offset: c.offset, message: `${what} is larger than ${sizeName(this.maxItemBytes)} and was not read` });
      return;
    }
    if (c.deepest > maxJsonDepth) {
      // What reads the value next (mappings, JSON.stringify) recurses: refuse before parsing.
      const what = c.target === 'item' ? `this ${this.noun}` : `field "${this.key}"`;
      parts.push({ kind: 'problem', index: c.target === 'item' ? index : undefined, offset: c.offset, message: `${what} is nested deeper than ${maxJsonDepth} levels and was not read` });
      if (c.target === 'key') this.stopped = true;
      return;
    }
    const text = c.pieces.length === 0 ? last.toString('utf8') : Buffer.concat([...c.pieces, last]).toString('utf8');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const where = c.target === 'item' ? undefined : `field ${c.target === 'key' ? 'name' : `"${this.key}"`} at byte ${c.offset}: `;
      parts.push({ kind: 'problem', index: c.target === 'item' ? index : undefined, offset: c.offset, message: `${where ?? ''}not valid JSON (${(error as Error).message})` });
      if (c.target === 'key') this.stopped = true; // without its name the field cannot be placed
      return;
    }
    if (c.target === 'item') parts.push({ kind: 'item', field: this.streamedField, index, offset: c.offset, value });
    else if (c.target === 'key') this.key = String(value);
    else parts.push({ kind: 'field', key: this.key, offset: c.offset, value });
  }

  private fatal(message: string, offset: number): JsonDocumentPart {
    this.stopped = true;
    return { kind: 'problem', index: this.inStreamedArray ? this.itemIndex : undefined, offset, message };
  }
}

const sizeName = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${bytes.toLocaleString('en-US')} bytes`);
const shown = (b: number) => (b >= 0x20 && b < 0x7f ? JSON.stringify(String.fromCharCode(b)) : `byte 0x${b.toString(16).padStart(2, '0')}`);
