/**
 * The fidelity suite: every recorded kernel trace (the project's traces/ and the shared
 * examples) replayed through the engine must agree with the kernel on every packet.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparePacket } from './compareTrace';
import type { KernelTrace } from './kernelTrace';
import { replayTrace } from './replayTrace';

const root = resolve(__dirname, '../..');
const dirs = [join(root, 'traces'), resolve(root, '../shared/kernel-traces')].filter((d) => existsSync(d));
const files = dirs.flatMap((d) =>
  readdirSync(d)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(d, f)),
);

describe('replay of kernel traces', () => {
  it('has a corpus to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
  });

  it.each(files.map((f) => [f.slice(root.length - 4), f]))('%s agrees with the kernel', (_name, file) => {
    const trace = JSON.parse(readFileSync(file, 'utf8')) as KernelTrace;
    const result = replayTrace(trace);
    if (!result.ok) throw new Error(result.error);
    const diffs = trace.packets.flatMap((p, i) =>
      comparePacket(result.packets[i], p.expect!).map((d) => `#${i + 1}: ${d}\n  got ${JSON.stringify(result.packets[i])}\n  want ${JSON.stringify(p.expect)}`),
    );
    expect(diffs).toEqual([]);
  });
});
