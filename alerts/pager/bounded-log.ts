/**
 * A first-in first-out log that keeps at most `maxItems` entries and `maxBytes` of their
 * (caller-measured) size, dropping the oldest: a ring buffer with a byte budget, so a flood of
 * requests cannot grow the receiver's memory without limit.
 */
export class BoundedLog<T> {
  private readonly items: { readonly item: T; readonly bytes: number }[] = [];
  private head = 0;
  private bytes = 0;
  /** Entries dropped to stay within the bounds since the log was created. */
  dropped = 0;

  constructor(
    private readonly maxItems: number,
    private readonly maxBytes: number,
  ) {}

  /** Appends an entry of `bytes` size, then drops the oldest until both bounds hold. */
  push(item: T, bytes: number): void {
    this.items.push({ item, bytes });
    this.bytes += bytes;
    while (this.items.length - this.head > this.maxItems || (this.bytes > this.maxBytes && this.items.length - this.head > 1)) {
      this.bytes -= this.items[this.head]!.bytes;
      this.head += 1;
      this.dropped += 1;
    }
    // Compact once the dropped prefix is as long as what is kept (amortised O(1) per push).
    if (this.head > 0 && this.head >= this.items.length - this.head) {
      this.items.splice(0, this.head);
      this.head = 0;
    }
  }

  /** The kept entries, oldest first. */
  toArray(): T[] {
    return this.items.slice(this.head).map((entry) => entry.item);
  }

  get size(): number {
    return this.items.length - this.head;
  }
}
