/**
 * The simulated consoles against the real tools: every line of the tool oracle's transcript
 * (traces/tools/transcript.json, recorded by scripts/tool-oracle/record.py on the reference
 * machine) is typed into a fresh default scenario and compared after masking what truly varies.
 * A difference must be listed in transcriptDifferences.json with a reason; a listed difference
 * that no longer occurs fails too, so the list stays honest.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareStep, type Aspect } from '../testing/transcriptCompare';
import { maskText } from '../testing/transcriptMask';
import { runCase } from '../testing/transcriptRun';
import type { RecordedStep, Transcript } from '../testing/transcriptTypes';

interface Listed {
  case: string;
  step: number;
  line: string;
  aspect: Aspect;
  reason: string;
}

const transcript = JSON.parse(readFileSync(new URL('../../../traces/tools/transcript.json', import.meta.url), 'utf8')) as Transcript;
const listed = (JSON.parse(readFileSync(new URL('./transcriptDifferences.json', import.meta.url), 'utf8')) as { differences: Listed[] }).differences;

const key = (c: string, step: number, aspect: string): string => `${c} #${step} ${aspect}`;

describe('the transcript of the real tools', () => {
  it('covers at least 120 lines, recorded with the reference machine’s tools', () => {
    expect(transcript.cases.reduce((n, c) => n + c.steps.length, 0)).toBeGreaterThanOrEqual(120);
    expect(transcript.recordedWith.ncat).toBe('Ncat: Version 7.93 ( https://nmap.org/ncat )');
    expect(transcript.recordedWith.conntrack).toBe('conntrack v1.4.7 (conntrack-tools)');
    expect(transcript.recordedWith.iptables).toBe('iptables v1.8.9 (nf_tables)');
  });

  it('lists each kept difference once, for a line of the transcript, with a reason', () => {
    const seen = new Set<string>();
    for (const d of listed) {
      const c = transcript.cases.find((x) => x.name === d.case);
      expect(c, d.case).toBeDefined();
      expect(c!.steps[d.step]?.line, `${d.case} #${d.step}`).toBe(d.line);
      expect(d.reason.trim().length, `${d.case} #${d.step} ${d.aspect}`).toBeGreaterThan(10);
      const k = key(d.case, d.step, d.aspect);
      expect(seen.has(k), k).toBe(false);
      seen.add(k);
    }
  });

  it('masks only what varies: a changed word, exit code or packet is a difference', () => {
    const real = transcript.cases.find((c) => c.name === 'nc-seed-connect')!.steps[0];
    const changed: RecordedStep = { ...real, stderr: real.stderr.replace('Connected', 'Connect'), exit: 1, packets: real.packets.slice(1) };
    expect(compareStep(real, real)).toEqual([]);
    expect(compareStep(real, changed).map((d) => d.aspect)).toEqual(['stderr', 'exit', 'packets']);
    expect(maskText('64 bytes from 192.168.3.1: icmp_seq=1 ttl=63 time=0.081 ms')).toEqual(['64 bytes from 192.168.3.1: icmp_seq=1 ttl=63 time=<RTT> ms']);
  });
});

describe('the simulated consoles agree with the real tools', () => {
  for (const c of transcript.cases) {
    it(c.name, () => {
      const sim = runCase(c.steps, transcript.settleMs);
      const found = new Map<string, string>();
      c.steps.forEach((real, i) => {
        for (const d of compareStep(real, sim[i])) {
          found.set(key(c.name, i, d.aspect), `${real.node}# ${real.line}: ${d.aspect}: ${d.real}${d.sim ? ` / sim ${d.sim}` : ''}`);
        }
      });
      const mine = listed.filter((d) => d.case === c.name);
      const unlisted = [...found].filter(([k]) => !mine.some((d) => key(d.case, d.step, d.aspect) === k)).map(([, v]) => v);
      const gone = mine.filter((d) => !found.has(key(d.case, d.step, d.aspect))).map((d) => `${d.line}: ${d.aspect} (listed, no longer differs)`);
      expect([...unlisted, ...gone]).toEqual([]);
    });
  }
});
