/**
 * The packets in flight, drawn on one canvas over the flow by one requestAnimationFrame loop
 * from the virtual clock (the snapshot's `now`, moved on by wall time while playing) and each
 * packet's tSend/tArrive. Packets are not React Flow nodes, nor DOM elements: 200 cards moving
 * every frame as elements cost a style recalculation and a repaint of each (frames of 35-50 ms
 * on a laptop-class CPU without GPU); on a canvas they are a few milliseconds of drawing.
 * A card shows its state by colour, icon, short label and border (square NEW, pill
 * ESTABLISHED, dashed RELATED, double INVALID, dotted UNTRACKED); clicking one selects its event.
 * For tests and tools the canvas carries `data-in-flight` (how many cards) and `data-labels`.
 */
import { useStoreApi } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import type { CtStateName } from '../../sim/api';
import { STATE_LOOK } from '../common/states';
import { firewallIdOf, packetState, virtualNow } from '../store/derive';
import { useUi } from '../store/store';
import { boxesFor } from './layout';
import { flightPose, inFlightState, motionFor, packetPose, visiblePackets, type PacketPose } from './packetMotion';

const POOL = 240;

interface Card {
  key: string;
  eventId: number | null;
  label: string;
  summary: string;
  state: CtStateName | null;
  pose: PacketPose;
  rejectReply: boolean;
}

/** Colours as in styles.css (the canvas cannot read CSS custom properties cheaply per frame). */
const COLOR: Record<CtStateName, string> = {
  NEW: '#1c5fd4',
  ESTABLISHED: '#15803d',
  RELATED: '#8136e8',
  INVALID: '#c04600',
  UNTRACKED: '#5b6778',
};
const NONE_COLOR = '#5d6676';
const INK = '#19202c';
const DROP = '#cf2b2b';
const FONT = '700 10.5px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const SMALL = '700 9px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

interface Hit {
  x: number;
  y: number;
  w: number;
  h: number;
  eventId: number;
}

/** Text widths by font and text: the few labels repeat, and measuring is the costly part. */
const widths = new Map<string, number>();
function textWidth(ctx: CanvasRenderingContext2D, font: string, text: string): number {
  const k = font === FONT ? text : `s${text}`;
  let w = widths.get(k);
  if (w === undefined) {
    ctx.font = font;
    w = ctx.measureText(text).width;
    if (widths.size > 500) widths.clear();
    widths.set(k, w);
  }
  return w;
}

function roundRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number) {
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, r);
}

/** Draws one card centred at (cx, cy) in canvas pixels; returns its box. */
function drawCard(ctx: CanvasRenderingContext2D, c: Card, cx: number, cy: number, selected: boolean): { w: number; h: number } {
  const state = c.state;
  const color = state ? COLOR[state] : NONE_COLOR;
  const dropped = c.pose.phase === 'dropped' || c.pose.phase === 'rejected';
  const icon = state ? STATE_LOOK[state].icon : '…';
  const short = state ? STATE_LOOK[state].short : '';
  const wIcon = textWidth(ctx, FONT, icon);
  const wLbl = textWidth(ctx, FONT, c.label);
  const wSt = short ? textWidth(ctx, SMALL, short) : 0;
  const wX = dropped ? 14 : 0;
  const w = 4 + wX + wIcon + 3 + wLbl + (short ? 3 + wSt : 0) + 6 + 4;
  const h = 18;
  const x = cx - w / 2;
  const y = cy - h / 2;
  ctx.globalAlpha = c.pose.opacity;
  const radius = state === 'ESTABLISHED' ? h / 2 : 3;
  roundRect(ctx, x, y, w, h, radius);
  ctx.fillStyle = dropped ? '#fde6e4' : state === 'INVALID' ? '#fdeee3' : '#fff';
  ctx.fill();
  ctx.strokeStyle = dropped ? DROP : color;
  ctx.lineWidth = 2;
  if (state === 'RELATED') ctx.setLineDash([4, 3]);
  else if (state === 'UNTRACKED') ctx.setLineDash([1.5, 2.5]);
  ctx.stroke();
  ctx.setLineDash([]);
  if (state === 'INVALID') {
    // a double border
    roundRect(ctx, x + 3, y + 3, w - 6, h - 6, 2);
    ctx.lineWidth = 1;
    ctx.stroke();
  }
  if (selected || c.pose.phase === 'arrived' || c.rejectReply) {
    roundRect(ctx, x - 4, y - 4, w + 8, h + 8, radius + 3);
    ctx.lineWidth = 2;
    ctx.strokeStyle = selected ? INK : c.rejectReply ? '#f3b6b0' : color;
    ctx.stroke();
  }
  let tx = x + 5;
  const ty = cy + 0.5;
  ctx.textBaseline = 'middle';
  if (dropped) {
    ctx.font = '700 14px system-ui, sans-serif';
    ctx.fillStyle = DROP;
    ctx.fillText('✕', tx, ty);
    tx += wX;
  }
  ctx.font = FONT;
  ctx.fillStyle = color;
  ctx.fillText(icon, tx, ty);
  tx += wIcon + 3;
  ctx.fillStyle = INK;
  ctx.fillText(c.label, tx, ty);
  tx += wLbl + 3;
  if (short) {
    ctx.font = SMALL;
    ctx.fillStyle = color;
    ctx.fillText(short, tx, ty);
  }
  ctx.globalAlpha = 1;
  return { w, h };
}

interface Sprite {
  canvas: HTMLCanvasElement;
  /** Card size in flow units. */
  w: number;
  h: number;
}

/** Room around a card in a sprite for its outer ring. */
const PAD = 6;

/**
 * Each distinct card look (label, state, phase, marks) is drawn once into a small bitmap at the
 * current scale and then only copied: drawing text every frame is what software rendering
 * pays most for.
 */
class SpriteCache {
  private sprites = new Map<string, Sprite>();
  private scale = 0;

  get(c: Card, selected: boolean, scale: number): Sprite {
    if (scale !== this.scale) {
      this.sprites.clear();
      this.scale = scale;
    }
    const k = `${c.label}|${c.state}|${c.pose.phase}|${c.rejectReply ? 1 : 0}|${selected ? 1 : 0}`;
    let sp = this.sprites.get(k);
    if (sp === undefined) {
      const canvas = document.createElement('canvas');
      const probe = canvas.getContext('2d')!;
      const { w, h } = drawCard(probe, c, -10_000, -10_000, selected); // measure only
      canvas.width = Math.ceil((w + 2 * PAD) * scale);
      canvas.height = Math.ceil((h + 2 * PAD) * scale);
      const ctx = canvas.getContext('2d')!;
      ctx.scale(scale, scale);
      drawCard(ctx, { ...c, pose: { ...c.pose, opacity: 1 } }, w / 2 + PAD, h / 2 + PAD, selected);
      sp = { canvas, w, h };
      if (this.sprites.size > 400) this.sprites.clear();
      this.sprites.set(k, sp);
    }
    return sp;
  }
}

export function PacketLayer({ nodeIds }: { nodeIds: readonly string[] }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const flow = useStoreApi();
  const key = nodeIds.join(',');

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const boxes = boxesFor(key.split(','));
    let raf = 0;
    let hits: Hit[] = [];
    const sprites = new SpriteCache();
    let lastLabels = '';

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
        if (pose) {
          // A packet still on the wire has no event of its own yet; a click on it opens the
          // event that sent it on (the firewall's verdict, or the packet a REJECT answers).
          cards.push({
            key: `f${f.from}${f.tSend}${f.summary}`,
            eventId: f.origin ?? null,
            label: f.label,
            summary: f.summary,
            state: f.state ?? inFlightState(f, s.packets, stateOf),
            pose,
            rejectReply: f.isRejectReply,
          });
        }
      }
      const n = Math.min(cards.length, POOL);

      // the canvas covers the flow's pane; flow coordinates go through the viewport transform
      const { width, height, transform } = flow.getState();
      const dpr = window.devicePixelRatio || 1;
      const pw = Math.round(width * dpr);
      const ph = Math.round(height * dpr);
      if (canvas.width !== pw || canvas.height !== ph) {
        canvas.width = pw;
        canvas.height = ph;
        canvas.style.width = `${width}px`;
        canvas.style.height = `${height}px`;
      }
      const [tx, ty, zoom] = transform;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, pw, ph);
      const nextHits: Hit[] = [];
      const scale = zoom * dpr;
      for (let i = 0; i < n; i++) {
        const c = cards[i];
        const selected = c.eventId !== null && c.eventId === s.selectedEventId;
        const sp = sprites.get(c, selected, scale);
        // top-left of the card in CSS pixels, then device pixels (whole pixels: crisp copies)
        const x = tx + (c.pose.x - sp.w / 2) * zoom;
        const y = ty + (c.pose.y - sp.h / 2) * zoom;
        ctx.globalAlpha = c.pose.opacity;
        ctx.drawImage(sp.canvas, Math.round((x - PAD * zoom) * dpr), Math.round((y - PAD * zoom) * dpr));
        if (c.eventId !== null) nextHits.push({ x, y, w: sp.w * zoom, h: sp.h * zoom, eventId: c.eventId });
      }
      ctx.globalAlpha = 1;
      hits = nextHits;
      canvas.dataset.inFlight = String(n);
      if (n <= 40) {
        const labels = cards.slice(0, n).map((c) => c.label).join('|');
        if (labels !== lastLabels) {
          canvas.dataset.labels = labels;
          lastLabels = labels;
        }
        // where the clickable cards are, in CSS pixels of the canvas (for tests and tools)
        const boxesText = nextHits.map((h) => `${h.eventId}:${Math.round(h.x + h.w / 2)},${Math.round(h.y + h.h / 2)}`).join(' ');
        if (canvas.dataset.hits !== boxesText) canvas.dataset.hits = boxesText;
      }
    };
    raf = requestAnimationFrame(frame);

    // The canvas lets the pointer through to the flow (panning, nodes); a click that lands on a
    // card selects its packet's event (seen first, in the capture phase, and kept from the flow).
    const pane = canvas.parentElement;
    const onClick = (e: MouseEvent) => {
      const r = canvas.getBoundingClientRect();
      const x = e.clientX - r.left;
      const y = e.clientY - r.top;
      for (let i = hits.length - 1; i >= 0; i--) {
        const h = hits[i];
        if (x >= h.x && x <= h.x + h.w && y >= h.y && y <= h.y + h.h) {
          // the card is on top: the node or link under it must not take the click too
          e.stopPropagation();
          useUi.getState().selectEvent(h.eventId);
          return;
        }
      }
    };
    pane?.addEventListener('click', onClick, true);
    return () => {
      cancelAnimationFrame(raf);
      pane?.removeEventListener('click', onClick, true);
    };
  }, [key, flow]);

  return <canvas ref={canvasRef} className="pkt-layer" data-testid="packet-layer" aria-hidden="true" />;
}
