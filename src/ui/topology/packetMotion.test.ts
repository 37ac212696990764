import { describe, expect, it } from 'vitest';
import { fixturePacket } from '../fixtures';
import { boxesFor } from './layout';
import { flightPose, inFlightState, packetPose, visiblePackets } from './packetMotion';

const boxes = boxesFor(['labos-1', 'fw', 'labos-2']);
const opts = { burstMs: 100, stampMs: 20, lane: 10 };

describe('packet motion', () => {
  it('interpolates along the link, in its direction lane', () => {
    const f = { from: 'labos-1', to: 'fw', tSend: 0, tArrive: 100 };
    const a = flightPose(f, 0, boxes, opts)!;
    const m = flightPose(f, 50, boxes, opts)!;
    const b = flightPose(f, 100, boxes, opts)!;
    expect(a.x).toBeLessThan(m.x);
    expect(m.x).toBeCloseTo((a.x + b.x) / 2);
    expect(m.progress).toBeCloseTo(0.5);
    expect(a.y).toBe(boxes['labos-1'].cy - 10);
    const back = flightPose({ ...f, from: 'fw', to: 'labos-1' }, 50, boxes, opts)!;
    expect(back.y).toBe(boxes.fw.cy + 10);
    expect(flightPose(f, 101, boxes, opts)).toBeNull();
    expect(flightPose(f, -1, boxes, opts)).toBeNull();
  });

  it('stops a dropped packet at the node with a burst that fades', () => {
    const ev = fixturePacket({ id: 1, from: 'fw', to: 'labos-1', tSend: 0, tArrive: 100, fate: { kind: 'dropped', at: 'labos-1' } });
    expect(packetPose(ev, 50, boxes, opts)?.phase).toBe('flying');
    const burst = packetPose(ev, 120, boxes, opts)!;
    expect(burst.phase).toBe('dropped');
    expect(burst.opacity).toBe(1);
    expect(packetPose(ev, 195, boxes, opts)!.opacity).toBeLessThan(1);
    expect(packetPose(ev, 201, boxes, opts)).toBeNull();
  });

  it('bursts at the sender when its OUTPUT chain dropped the packet', () => {
    const ev = fixturePacket({ id: 1, from: 'labos-1', to: 'fw', tSend: 0, tArrive: 0, fate: { kind: 'dropped', at: 'labos-1' } });
    const p = packetPose(ev, 10, boxes, opts)!;
    expect(p.phase).toBe('dropped');
    expect(p.progress).toBe(0);
  });

  it('stamps a delivered packet briefly, marks a rejected one', () => {
    const ok = fixturePacket({ id: 1, from: 'labos-1', to: 'fw', tSend: 0, tArrive: 100 });
    expect(packetPose(ok, 110, boxes, opts)?.phase).toBe('arrived');
    expect(packetPose(ok, 130, boxes, opts)).toBeNull();
    const rej = fixturePacket({ id: 2, from: 'labos-1', to: 'fw', tSend: 0, tArrive: 100, fate: { kind: 'rejected', at: 'fw' } });
    expect(packetPose(rej, 150, boxes, opts)?.phase).toBe('rejected');
  });

  it('keeps 200 packets in flight cheap to find', () => {
    const evs = Array.from({ length: 5000 }, (_, i) => fixturePacket({ id: i, from: 'labos-1', to: 'fw', tSend: i, tArrive: i + 100 }));
    const vis = visiblePackets(evs, 4000, 100);
    expect(vis.length).toBeGreaterThan(150);
    expect(vis.every((e) => e.tSend <= 4000 && e.tArrive >= 3900)).toBe(true);
  });

  it("gives a packet leaving the firewall the firewall's state", () => {
    const ev = fixturePacket({ id: 1, from: 'labos-1', to: 'fw', tSend: 0, tArrive: 20 });
    const f = { from: 'fw', to: 'labos-2', tSend: 20, tArrive: 40, label: 'SYN', summary: ev.summary, proto: 'tcp' as const, isRejectReply: false };
    expect(inFlightState(f, [ev], () => 'NEW')).toBe('NEW');
    expect(inFlightState({ ...f, tSend: 21 }, [ev], () => 'NEW')).toBeNull();
  });
});
