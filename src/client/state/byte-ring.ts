/**
 * The last `capacity` bytes the server sent, for the hex view: chunks kept as they came (no
 * copying on the way in), the oldest dropped in whole 16-byte rows so that offsets stay
 * aligned. `start` is the stream offset of the first byte kept.
 */
export class ByteRing {
  private chunks: Uint8Array[] = [];
  private head = 0;
  private headSkip = 0;
  private kept = 0;
  private first = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 16 || capacity % 16 !== 0) {
      throw new RangeError('capacity must be a positive multiple of 16');
    }
  }

  /** Stream offset of the first byte kept. */
  get start(): number {
    return this.first;
  }

  /** Stream offset one past the last byte. */
  get end(): number {
    return this.first + this.kept;
  }

  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.chunks.push(bytes);
    this.kept += bytes.length;
    if (this.kept <= this.capacity) return;
    // Drop whole rows from the front until it fits.
    let drop = this.kept - this.capacity;
    drop += (16 - ((this.first + drop) % 16)) % 16;
    this.first += drop;
    this.kept -= drop;
    while (drop > 0) {
      const chunk = this.chunks[this.head]!;
      const left = chunk.length - this.headSkip;
      if (drop < left) {
        this.headSkip += drop;
        drop = 0;
      } else {
        drop -= left;
        this.head++;
        this.headSkip = 0;
      }
    }
    if (this.head > 1024 && this.head * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
  }

  /** The bytes at stream offsets [from, to), clipped to what is kept. */
  slice(from: number, to: number): Uint8Array {
    const lo = Math.max(from, this.first);
    const hi = Math.min(to, this.end);
    if (hi <= lo) return new Uint8Array(0);
    const out = new Uint8Array(hi - lo);
    let at = this.first;
    let n = 0;
    for (let i = this.head; i < this.chunks.length && at < hi; i++) {
      const skip = i === this.head ? this.headSkip : 0;
      const chunk = this.chunks[i]!.subarray(skip);
      const chunkEnd = at + chunk.length;
      if (chunkEnd > lo) {
        const a = Math.max(lo, at) - at;
        const b = Math.min(hi, chunkEnd) - at;
        out.set(chunk.subarray(a, b), n);
        n += b - a;
      }
      at = chunkEnd;
    }
    return out;
  }
}
