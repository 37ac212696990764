import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SimBatch, SimRequest } from './api';

describe('worker host', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('answers requests with batches, at most one per frame (one per 100 ms while playing), and plays at speed x wall time', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearInterval', 'clearTimeout', 'performance'] });
    const posted: SimBatch[] = [];
    const fakeSelf: { onmessage: ((e: { data: SimRequest }) => void) | null; postMessage: (b: SimBatch) => void } = {
      onmessage: null,
      postMessage: (b) => posted.push(b),
    };
    vi.stubGlobal('self', fakeSelf);
    await import('./worker');
    const send = (data: SimRequest) => fakeSelf.onmessage!({ data });
    vi.advanceTimersByTime(20);
    expect(posted).toHaveLength(1);
    expect(posted[0].reset).toBe(true);
    send({ type: 'setSkipQuiet', on: false });
    send({ type: 'setSpeed', speed: 2 });
    vi.advanceTimersByTime(20);
    expect(posted).toHaveLength(2);
    // a command starts time by itself: batches then go at most every 100 ms
    send({ type: 'command', node: 'labos-1', text: 'ping -c 1 192.168.3.1' });
    vi.advanceTimersByTime(20);
    expect(posted).toHaveLength(2);
    vi.advanceTimersByTime(100);
    expect(posted).toHaveLength(3);
    expect(posted[2].console[0].text).toBe('ping -c 1 192.168.3.1');
    vi.advanceTimersByTime(120);
    const last = posted.at(-1)!;
    expect(last.snapshot.playing).toBe(true);
    expect(last.snapshot.now).toBeGreaterThanOrEqual(300);
    expect(posted.length).toBeLessThanOrEqual(3 + Math.ceil(120 / 100) + 1);
    send({ type: 'pause' });
    vi.advanceTimersByTime(100);
    const paused = posted.at(-1)!.snapshot.now;
    vi.advanceTimersByTime(100);
    expect(posted.at(-1)!.snapshot.now).toBe(paused);
    expect(posted.flatMap((b) => b.packets).map((p) => p.label)).toContain('ICMP echo reply');
  });

  it('reports an exception in a request as a failure and stops playing', async () => {
    vi.resetModules();
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearInterval', 'clearTimeout', 'performance'] });
    const posted: unknown[] = [];
    const fakeSelf: { onmessage: ((e: { data: SimRequest }) => void) | null; postMessage: (b: unknown) => void } = {
      onmessage: null,
      postMessage: (b) => posted.push(b),
    };
    vi.stubGlobal('self', fakeSelf);
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    await import('./worker');
    const send = (data: SimRequest) => fakeSelf.onmessage!({ data });
    send({ type: 'command', node: 'labos-1', text: 'ping 192.168.3.1' });
    vi.advanceTimersByTime(150);
    send({ type: 'debugThrow', message: 'boom' });
    expect(posted.at(-1)).toEqual({ type: 'failure', message: 'while handling "debugThrow": boom' });
    vi.advanceTimersByTime(150);
    const last = posted.at(-1) as SimBatch;
    expect(last.snapshot.playing).toBe(false);
    expect(err).toHaveBeenCalled();
  });
});
