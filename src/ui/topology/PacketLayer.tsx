/**
 * The packets in flight: a pool of plain DOM cards inside the flow's viewport, moved by one
 * requestAnimationFrame loop from the virtual clock (the snapshot's `now`, moved on by wall time
 * while playing) and each packet's tSend/tArrive. React renders the pool's container once; the
 * loop only touches transforms and, when a card changes packet, its text and class.
 * Packets are not React Flow nodes.
 */
import { ViewportPortal } from '@xyflow/react';
import { useEffect, useState } from 'react';
import type { CtStateName } from '../../sim/api';
import { STATE_LOOK, stateClass } from '../common/states';
import { firewallIdOf, packetState, virtualNow } from '../store/derive';
import { useUi } from '../store/store';
import { boxesFor } from './layout';
import { flightPose, inFlightState, motionFor, packetPose, visiblePackets, type PacketPose } from './packetMotion';

const POOL = 240;

interface Slot {
  el: HTMLDivElement;
  ico: HTMLSpanElement;
  lbl: HTMLSpanElement;
  st: HTMLSpanElement;
  key: string;
  cls: string;
  /** The last inline values written (writing only changes keeps style recalculation small). */
  tf: string;
  op: string;
}

function makeSlot(parent: HTMLElement): Slot {
  const el = document.createElement('div');
  el.className = 'pkt';
  const x = document.createElement('span');
  x.className = 'pk-x';
  x.textContent = '✕';
  x.setAttribute('aria-hidden', 'true');
  const ico = document.createElement('span');
  ico.className = 'pk-ico';
  ico.setAttribute('aria-hidden', 'true');
  const lbl = document.createElement('span');
  lbl.className = 'pk-lbl';
  const st = document.createElement('span');
  st.className = 'pk-st';
  el.append(x, ico, lbl, st);
  parent.appendChild(el);
  return { el, ico, lbl, st, key: '', cls: '', tf: '', op: '' };
}

interface Card {
  key: string;
  eventId: number | null;
  label: string;
  summary: string;
  state: CtStateName | null;
  pose: PacketPose;
  rejectReply: boolean;
}

function draw(slot: Slot, c: Card, selected: boolean) {
  if (slot.key !== c.key) {
    if (slot.key === '') slot.el.style.display = 'inline-flex';
    slot.key = c.key;
    if (c.eventId !== null) slot.el.dataset.eventId = String(c.eventId);
    else delete slot.el.dataset.eventId;
    slot.ico.textContent = c.state ? STATE_LOOK[c.state].icon : '…';
    slot.lbl.textContent = c.label;
    slot.st.textContent = c.state ? STATE_LOOK[c.state].short : '';
    slot.el.title = `${c.eventId !== null ? `#${c.eventId} ` : ''}${c.summary}${c.state ? ` — ${c.state}` : ''}`;
  }
  const cls = `pkt ${stateClass(c.state)}${c.pose.phase === 'flying' ? '' : ` ${c.pose.phase}`}${c.rejectReply ? ' reject-reply' : ''}${selected ? ' sel' : ''}`;
  if (slot.cls !== cls) {
    slot.el.className = cls;
    slot.cls = cls;
  }
  const op = c.pose.opacity >= 1 ? '' : c.pose.opacity.toFixed(2);
  if (slot.op !== op) {
    slot.el.style.opacity = op;
    slot.op = op;
  }
  const tf = `translate(${c.pose.x.toFixed(1)}px, ${c.pose.y.toFixed(1)}px) translate(-50%, -50%)`;
  if (slot.tf !== tf) {
    slot.el.style.transform = tf;
    slot.tf = tf;
  }
}

export function PacketLayer({ nodeIds }: { nodeIds: readonly string[] }) {
  // The layer lives in React Flow's viewport portal, which mounts after this component: a
  // callback ref (state) starts the loop when the element really exists.
  const [host, setHost] = useState<HTMLDivElement | null>(null);
  const key = nodeIds.join(',');

  useEffect(() => {
    if (!host) return;
    const slots: Slot[] = [];
    for (let i = 0; i < POOL; i++) slots.push(makeSlot(host));
    const boxes = boxesFor(key.split(','));
    const bySlot = new Map<string, Slot>();
    let raf = 0;

    const frame = () => {
      raf = requestAnimationFrame(frame);
      const s = useUi.getState();
      const fwId = firewallIdOf(s.snapshot?.nodes);
      const opts = motionFor(s.scenario?.linkDelayMs ?? 400);
      const now = virtualNow(s.snapshot, s.snapshotAt, performance.now(), s.speed);
      const stateOf = (ev: Parameters<typeof packetState>[0]) => packetState(ev, fwId);
      const cards: Card[] = [];
      for (const ev of visiblePackets(s.packets, now, opts.burstMs)) {
        const pose = packetPose(ev, now, boxes, opts);
        if (pose) cards.push({ key: `e${ev.id}`, eventId: ev.id, label: ev.label, summary: ev.summary, state: stateOf(ev), pose, rejectReply: ev.isRejectReply });
      }
      const inFlight = s.snapshot?.inFlight ?? [];
      for (let i = 0; i < inFlight.length && cards.length < POOL; i++) {
        const f = inFlight[i];
        const pose = flightPose(f, Math.min(now, f.tArrive), boxes, opts);
        if (pose)
          cards.push({
            key: `f${f.from}${f.tSend}${f.summary}`,
            eventId: null,
            label: f.label,
            summary: f.summary,
            state: f.state ?? inFlightState(f, s.packets, stateOf),
            pose,
            rejectReply: f.isRejectReply,
          });
      }
      // A card keeps its slot while it flies (rewriting 240 cards' text every frame costs a
      // relayout of each): cards already drawn first, new ones into the slots set free.
      const n = Math.min(cards.length, POOL);
      const live = new Set<string>();
      for (let i = 0; i < n; i++) live.add(cards[i].key);
      const free: Slot[] = [];
      for (const slot of slots) {
        if (slot.key !== '' && live.has(slot.key)) bySlot.set(slot.key, slot);
        else free.push(slot);
      }
      for (let i = 0; i < n; i++) {
        const c = cards[i];
        const slot = bySlot.get(c.key) ?? free.pop();
        if (slot) draw(slot, c, c.eventId !== null && c.eventId === s.selectedEventId);
      }
      bySlot.clear();
      for (const slot of free) {
        if (slot.key !== '' && !live.has(slot.key)) {
          slot.el.style.display = 'none';
          slot.key = '';
          slot.cls = '';
        }
      }
      host.dataset.inFlight = String(n);
    };
    raf = requestAnimationFrame(frame);

    const onClick = (e: MouseEvent) => {
      const card = (e.target as HTMLElement).closest<HTMLElement>('.pkt');
      const id = card?.dataset.eventId;
      if (id) useUi.getState().selectEvent(Number(id));
    };
    host.addEventListener('click', onClick);
    return () => {
      cancelAnimationFrame(raf);
      host.removeEventListener('click', onClick);
      host.replaceChildren();
    };
  }, [key, host]);

  return (
    <ViewportPortal>
      <div ref={setHost} className="pkt-layer" data-testid="packet-layer" />
    </ViewportPortal>
  );
}
