import { describe, expect, it } from 'vitest';
import { EventQueue } from './eventQueue';

describe('EventQueue', () => {
  it('orders by time, then by scheduling order', () => {
    const q = new EventQueue<string>();
    q.push(20, 'c');
    q.push(10, 'a');
    q.push(20, 'd');
    q.push(10, 'b');
    q.push(5, 'first');
    const out: string[] = [];
    for (let s = q.shift(); s; s = q.shift()) out.push(s.item);
    expect(out).toEqual(['first', 'a', 'b', 'c', 'd']);
  });

  it('skips cancelled items', () => {
    const q = new EventQueue<number>();
    const a = q.push(1, 1);
    q.push(2, 2);
    a.cancelled = true;
    expect(q.peek()?.item).toBe(2);
    expect(q.size).toBe(1);
  });
});
