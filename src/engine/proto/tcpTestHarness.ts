/**
 * Test harness for the TCP tracker: drives tcpPacket the way the core does (confirms the entry
 * after its first accepted packet, sets SEEN_REPLY after an accepted reply), with a clock and a
 * tracer that checks every reason against the catalog. Used by the tests only.
 */
import { Conn } from '../conn';
import { NF_ACCEPT } from '../ctinfo';
import type { Dir } from '../ctinfo';
import { IPPROTO_TCP, makePacket, parseTcpFlags } from '../packet';
import type { Packet } from '../packet';
import { DEFAULT_SETTINGS } from '../settings';
import type { CtSettings } from '../settings';
import { IPS_CONFIRMED, IPS_SEEN_REPLY } from '../status';
import type { ReasonParams, Tracer } from '../trace';
import type { PacketContext } from './l4Tracker';
import { TCP_REASONS } from './tcpReasons';
import { TCP_STATE_NAMES } from './tcpStates';
import { tcpPacket } from './tcpTracker';

export const A = 0x0a630101; // 10.99.1.1
export const B = 0x0a630301; // 10.99.3.1

export interface Step {
  flags: string;
  seq?: number;
  ack?: number;
  win?: number;
  wscale?: number;
  len?: number;
}

export class TcpHarness {
  ct = new Conn();
  now = 0;
  settings: CtSettings = { ...DEFAULT_SETTINGS };
  killed = 0;
  reasons: { code: string; params?: ReasonParams }[] = [];
  transitions: { from: number; to: number; dir: Dir }[] = [];
  tracing = true;

  private tracer: Tracer = {
    reason: (code, params) => {
      const t = TCP_REASONS[code];
      if (t === undefined) throw new Error(`reason code not in the catalog: ${code}`);
      for (const m of t.matchAll(/\{(\w+)\}/g)) {
        if (!params || !(m[1] in params)) throw new Error(`reason ${code}: parameter ${m[1]} missing`);
      }
      this.reasons.push({ code, params });
    },
    tcpTransition: (_ct, from, to, dir) => {
      this.transitions.push({ from, to, dir });
    },
  };

  constructor(settings?: Partial<CtSettings>) {
    Object.assign(this.settings, settings);
    this.ct.proto = IPPROTO_TCP;
    this.ct.oSrc = A;
    this.ct.oDst = B;
    this.ct.oSport = 45000;
    this.ct.oDport = 80;
    this.ct.rSrc = B;
    this.ct.rDst = A;
    this.ct.rSport = 80;
    this.ct.rDport = 45000;
  }

  ctx(): PacketContext {
    return {
      now: this.now,
      settings: this.settings,
      trace: this.tracing ? this.tracer : null,
      kill: () => {
        this.killed++;
        return true;
      },
    };
  }

  packet(dir: Dir, s: Step): Packet {
    const flags = parseTcpFlags(s.flags);
    if (flags === null) throw new Error(`bad flags ${s.flags}`);
    return makePacket({
      src: dir === 0 ? A : B,
      dst: dir === 0 ? B : A,
      sport: dir === 0 ? 45000 : 80,
      dport: dir === 0 ? 80 : 45000,
      flags,
      seq: (s.seq ?? 0) | 0,
      ack: (s.ack ?? 0) | 0,
      win: s.win ?? 64240,
      wscale: s.wscale ?? -1,
      payloadLen: s.len ?? 0,
    });
  }

  /** Sends one packet; returns the verdict. Clears the reasons of the previous packet. */
  send(dir: Dir, s: Step): number {
    this.reasons = [];
    this.transitions = [];
    const v = tcpPacket(this.ct, this.packet(dir, s), dir, this.ctx());
    if (v === NF_ACCEPT && this.killed === 0) {
      this.ct.status |= IPS_CONFIRMED;
      if (dir === 1) this.ct.status |= IPS_SEEN_REPLY;
    }
    return v;
  }

  orig(s: Step): number {
    return this.send(0, s);
  }

  reply(s: Step): number {
    return this.send(1, s);
  }

  wait(seconds: number): void {
    this.now += seconds * 1000;
  }

  get state(): string {
    return TCP_STATE_NAMES[this.ct.tcpState];
  }

  /** Seconds left, as the kernel would print it right after the packet. */
  get timeout(): number {
    return (this.ct.timeout - this.now) / 1000;
  }

  codes(): string[] {
    return this.reasons.map((r) => r.code);
  }
}
