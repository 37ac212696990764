import { describe, expect, it } from 'vitest';
import { fixtureBatch, fixturePacket, fixturePackets } from '../fixtures';
import { currentPacket, formatSeconds, formatTime, keyVerdict, matchesFilters, outcome, packetState, ruleCell, secondsLeft, virtualNow, withCountdown } from './derive';
import { initialUiState, reduceBatch } from './store';

const noFilter = { text: '', state: 'all', verdict: 'all', onlyFollowed: false } as const;

describe('derive', () => {
  it('tells the outcome and the key verdict of a dropped packet', () => {
    const dropped = fixturePackets[2];
    expect(outcome(dropped)).toBe('DROP');
    expect(keyVerdict(dropped)?.node).toBe('labos-1');
    expect(packetState(dropped)).toBe('NEW');
    expect(ruleCell(dropped)).toBe('labos-1: -P INPUT DROP');
  });

  it("prefers the firewall's verdict for a delivered packet", () => {
    expect(keyVerdict(fixturePackets[0])?.node).toBe('fw');
    expect(packetState(fixturePacket({ id: 9, from: 'a', to: 'b' }))).toBeNull();
  });

  it('filters by state, verdict and text', () => {
    expect(fixturePackets.filter((p) => matchesFilters(p, { ...noFilter, verdict: 'DROP' }, null))).toHaveLength(1);
    expect(fixturePackets.filter((p) => matchesFilters(p, { ...noFilter, state: 'ESTABLISHED' }, null))).toHaveLength(0);
    expect(fixturePackets.filter((p) => matchesFilters(p, { ...noFilter, text: '51000' }, null))).toHaveLength(2);
    expect(fixturePackets.filter((p) => matchesFilters(p, { ...noFilter, onlyFollowed: true }, 12))).toHaveLength(1);
  });

  it('counts conntrack timeouts down on the virtual clock', () => {
    expect(secondsLeft(120_000, 1_500)).toBe(119);
    expect(secondsLeft(1_000, 5_000)).toBe(0);
    expect(withCountdown('tcp      6 120 SYN_SENT src=1.2.3.4', 120_000, 10_000)).toBe('tcp      6 110 SYN_SENT src=1.2.3.4');
    expect(withCountdown('udp      17 30 src=1.2.3.4', 30_000, 29_500)).toBe('udp      17 1 src=1.2.3.4');
  });

  it('moves the clock on while playing, not while paused', () => {
    const snap = { ...fixtureBatch.snapshot, now: 1000, playing: true };
    expect(virtualNow(snap, 100, 150, 2)).toBe(1100);
    expect(virtualNow(snap, 100, 10_000, 1)).toBe(1250);
    expect(virtualNow({ ...snap, playing: false }, 100, 150, 2)).toBe(1000);
  });

  it('writes a span as a short number of seconds', () => {
    expect([960, 3600, 1000, 10_000, 12_500, 120_000].map(formatSeconds)).toEqual(['0.96', '3.6', '1', '10', '12.5', '120']);
  });

  it('moves it at the fast-forward speed through a quiet stretch, stopping where something is due', () => {
    const snap = { ...fixtureBatch.snapshot, now: 1000, playing: true, fastForward: { from: 1000, to: 4000, speed: 10 } };
    expect(virtualNow(snap, 100, 150, 0.05)).toBe(1500);
    expect(virtualNow(snap, 100, 10_000, 0.05)).toBe(3500);
    expect(virtualNow({ ...snap, fastForward: { from: 1000, to: 1200, speed: 10 } }, 100, 10_000, 0.05)).toBe(1200);
  });

  it('picks the packet the diagram shows', () => {
    expect(currentPacket(fixturePackets, 5000, null, null)?.id).toBe(2);
    expect(currentPacket(fixturePackets, 5000, 3, null)?.id).toBe(3);
    expect(currentPacket(fixturePackets, 5000, null, 11)?.id).toBe(1);
    expect(currentPacket(fixturePackets, -1, null, null)).toBeNull();
  });

  it('formats virtual time', () => {
    expect(formatTime(0)).toBe('0.000');
    expect(formatTime(12_345)).toBe('12.345');
  });
});

describe('store reducer', () => {
  it('appends, and replaces on reset', () => {
    const s0 = initialUiState(['en-US']);
    const s1 = { ...s0, ...reduceBatch(s0, fixtureBatch, 1) };
    expect(s1.packets).toHaveLength(3);
    expect(s1.console.get('labos-1')).toHaveLength(2);
    expect(s1.simStatus).toBe('ready');
    const more = { ...fixtureBatch, reset: false, packets: [fixturePacket({ id: 4, from: 'fw', to: 'labos-2' })], console: [] };
    const s2 = { ...s1, ...reduceBatch(s1, more, 2) };
    expect(s2.packets.map((p) => p.id)).toEqual([1, 2, 3, 4]);
    expect(s2.console).toBe(s1.console);
    const s3 = { ...s2, selectedEventId: 4, ...reduceBatch({ ...s2, selectedEventId: 4 }, { ...fixtureBatch, packets: fixturePackets.slice(0, 1) }, 3) };
    expect(s3.packets).toHaveLength(1);
    expect(s3.selectedEventId).toBeNull();
  });

  it('groups console lines of nodes whose ids are object keys (constructor, __proto__)', () => {
    const s0 = initialUiState(['en-US']);
    const line = (node: string, text: string) => ({ node, t: 0, kind: 'output' as const, text });
    const lines = [line('constructor', 'a'), line('__proto__', 'b'), line('constructor', 'c')];
    const s1 = { ...s0, ...reduceBatch(s0, { ...fixtureBatch, console: lines }, 1) };
    expect(s1.console.get('constructor')?.map((l) => l.text)).toEqual(['a', 'c']);
    expect(s1.console.get('__proto__')?.map((l) => l.text)).toEqual(['b']);
    expect(s1.console.get('toString')).toBeUndefined();
  });
});
