/**
 * The simulator's agenda: items ordered by (time, sequence), so that two events at the same
 * virtual time run in the order they were scheduled. A binary heap; cancelled items are skipped
 * lazily when they reach the top.
 */

export interface Scheduled<T> {
  t: number;
  seq: number;
  item: T;
  cancelled: boolean;
}

export class EventQueue<T> {
  private heap: Scheduled<T>[] = [];
  private nextSeq = 0;

  push(t: number, item: T): Scheduled<T> {
    const s: Scheduled<T> = { t, seq: this.nextSeq++, item, cancelled: false };
    this.heap.push(s);
    this.up(this.heap.length - 1);
    return s;
  }

  /** The earliest live item, without removing it. */
  peek(): Scheduled<T> | undefined {
    while (this.heap.length && this.heap[0].cancelled) this.pop();
    return this.heap[0];
  }

  /** Removes and returns the earliest live item. */
  shift(): Scheduled<T> | undefined {
    const top = this.peek();
    if (top) this.pop();
    return top;
  }

  /** Live items, in no particular order. */
  live(): Scheduled<T>[] {
    return this.heap.filter((s) => !s.cancelled);
  }

  get size(): number {
    return this.live().length;
  }

  private pop(): void {
    const last = this.heap.pop()!;
    if (this.heap.length) {
      this.heap[0] = last;
      this.down(0);
    }
  }

  private less(a: Scheduled<T>, b: Scheduled<T>): boolean {
    return a.t < b.t || (a.t === b.t && a.seq < b.seq);
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l], h[m])) m = l;
      if (r < h.length && this.less(h[r], h[m])) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }
}
