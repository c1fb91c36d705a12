/**
 * A growing UTF-8 buffer for writing JSON text out of pre-encoded fragments and numbers. A calculation's
 * JSON (trace, explanation, parameters with citations) is mostly text that does not change from one
 * request to the next — labels, citations, the shape of each trace node — and much of it is Chinese.
 * Built as JS strings, it becomes a two-byte rope that V8 must flatten and Node must re-encode to UTF-8 on
 * every write (measured: the largest single cost of a calculation request). Encoded once and copied as
 * bytes, it costs a memcpy; only numbers and the per-request sentences are encoded per request.
 */

const MINUS = 45;
const ZERO = 48;

/** UTF-8 bytes of a fixed fragment (encode once, keep the result). */
export const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');

/** Appends JSON text; `result()` is the bytes written. */
export class JsonBytes {
  #buf: Buffer;
  #len = 0;

  constructor(capacity = 16 * 1024) {
    this.#buf = Buffer.allocUnsafe(capacity);
  }

  #room(n: number): Buffer {
    if (this.#len + n > this.#buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.#buf.length * 2, this.#len + n));
      this.#buf.copy(grown, 0, 0, this.#len);
      this.#buf = grown;
    }
    return this.#buf;
  }

  /** Appends pre-encoded bytes (a short fragment by a loop: cheaper than the call into TypedArray#set). */
  bytes(b: Uint8Array): void {
    const n = b.length;
    const buf = this.#room(n);
    if (n < 48) {
      let o = this.#len;
      for (let i = 0; i < n; i++) buf[o++] = b[i]!;
    } else buf.set(b, this.#len);
    this.#len += n;
  }

  /** Appends one ASCII character (by code). */
  byte(c: number): void {
    this.#room(1)[this.#len++] = c;
  }

  /** Appends short ASCII text (digits, punctuation) without a call into the encoder. */
  ascii(s: string): void {
    const buf = this.#room(s.length);
    for (let i = 0; i < s.length; i++) buf[this.#len++] = s.charCodeAt(i);
  }

  /** Appends a number as JSON.stringify writes it (32-bit integers digit by digit, in int arithmetic). */
  number(x: number): void {
    if (x !== (x | 0)) {
      this.ascii(Number.isFinite(x) ? String(x) : 'null');
      return;
    }
    const buf = this.#room(11);
    let o = this.#len;
    let v = x;
    if (v < 0) {
      buf[o++] = MINUS;
      v = -v;
    }
    const digits =
      v < 10
        ? 1
        : v < 1e2
          ? 2
          : v < 1e3
            ? 3
            : v < 1e4
              ? 4
              : v < 1e5
                ? 5
                : v < 1e6
                  ? 6
                  : v < 1e7
                    ? 7
                    : v < 1e8
                      ? 8
                      : v < 1e9
                        ? 9
                        : 10;
    const end = o + digits;
    for (let i = end - 1; i >= o; i--) {
      const q = (v / 10) | 0;
      buf[i] = ZERO + v - q * 10;
      v = q;
    }
    this.#len = end;
  }

  /** Appends a string as a JSON string literal (escaped, then encoded). */
  string(s: string): void {
    const literal = JSON.stringify(s);
    this.#len += this.#room(literal.length * 3).write(literal, this.#len, 'utf8');
  }

  /** The bytes written so far (a view on the buffer; write nothing more once it is handed out). */
  result(): Buffer {
    return this.#buf.subarray(0, this.#len);
  }

  /** The text written so far. */
  toString(): string {
    return this.#buf.toString('utf8', 0, this.#len);
  }
}
