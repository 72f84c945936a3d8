/**
 * The last `capacity` bytes the server sent, for the hex view: copied into one buffer of
 * that size as they come (the link reuses its read buffer, and nothing is allocated per
 * read), the oldest dropped in whole 16-byte rows so that offsets stay aligned. `start` is
 * the stream offset of the first byte kept. Stream offset `o` lives at `o % capacity`.
 */
export class ByteRing {
  private store: Uint8Array | undefined;
  private total = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 16 || capacity % 16 !== 0) {
      throw new RangeError('capacity must be a positive multiple of 16');
    }
  }

  /** Stream offset of the first byte kept. */
  get start(): number {
    if (this.total <= this.capacity) return 0;
    const over = this.total - this.capacity;
    return over + ((16 - (over % 16)) % 16);
  }

  /** Stream offset one past the last byte. */
  get end(): number {
    return this.total;
  }

  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    // Allocated on the first bytes: a session that never receives any keeps nothing.
    const store = (this.store ??= new Uint8Array(this.capacity));
    const keep = bytes.length > this.capacity ? bytes.subarray(-this.capacity) : bytes;
    const from = this.total + (bytes.length - keep.length);
    const at = from % this.capacity;
    const first = Math.min(keep.length, this.capacity - at);
    store.set(keep.subarray(0, first), at);
    if (first < keep.length) store.set(keep.subarray(first), 0);
    this.total += bytes.length;
  }

  /** The bytes at stream offsets [from, to), clipped to what is kept. */
  slice(from: number, to: number): Uint8Array {
    const lo = Math.max(from, this.start);
    const hi = Math.min(to, this.end);
    if (hi <= lo || this.store === undefined) return new Uint8Array(0);
    const out = new Uint8Array(hi - lo);
    const at = lo % this.capacity;
    const first = Math.min(hi - lo, this.capacity - at);
    out.set(this.store.subarray(at, at + first), 0);
    if (first < out.length) out.set(this.store.subarray(0, out.length - first), first);
    return out;
  }
}
