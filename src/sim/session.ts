/**
 * What the worker hosts, without the worker: applies SimRequests to a Simulator and prepares
 * SimBatches (only what is new since the last batch, or everything after time travel). Pure and
 * synchronous: playing is `tick(wallMs)`, driven by whoever owns a timer.
 */
import type { BreakpointStatus, CraftError, InputError, PacketBreakpoint, Scenario, SharedSession, SimBatch, SimRequest } from './api';
import { breakpointMatches, heldPacket, heldStatus, passedPacketId, type HeldPacket } from './breakpoint';
import { defaultScenario } from './defaultScenario';
import type { NetfilterFactory } from './netfilter';
import { presets } from './presets';
import { type FastForward, planFastForward } from './quietTime';
import { Simulator, type Hold } from './simulator';
import { buildSnapshot } from './snapshot';
import type { Hop, World } from './world';

/** Playing never jumps more than this much virtual time in one tick (a sleeping tab, a huge speed). */
const MAX_TICK_VIRTUAL_MS = 60 * 60 * 1000;

/**
 * While playing, the nodes' big views (conntrack tables, listings: hundreds of kilobytes during
 * a flood) go out at most this often (wall ms); the batches between are partial (api.ts).
 */
export const DETAIL_EVERY_MS = 400;

/** While playing, a checkpoint of the session (SimBatch.checkpoint) goes out at least this often (wall ms). */
export const CHECKPOINT_EVERY_MS = 2000;

export class SimSession {
  sim: Simulator;
  playing = false;
  speed = 1;
  /** Quiet time passes quickly while playing (quietTime.ts). */
  skipQuiet = true;
  /** The quiet stretch being skipped now, if any. */
  fastForward: FastForward | null = null;
  private sentWorld: World | null = null;
  private sentPackets = 0;
  private sentConsole = 0;
  private sentEpoch = 0;
  private rulesErrors: InputError[] = [];
  private rulesChecked = 0;
  private rulesRev: number | undefined;
  private rulesStale = false;
  /** The nodes' rules revisions in the last complete batch: a change makes the next batch complete. */
  private detailRevs = '';
  private craftErrors: CraftError[] | undefined;
  private shared: SharedSession | undefined;
  private dirty = true;
  /** Wall ms played so far, and when the last complete batch went. */
  private wall = 0;
  private detailWall = -Infinity;
  /** A request came since the last complete batch: the next one is complete. */
  private detailDirty = true;
  /** An input was taken (or play went on a while): the next batch carries the session as a checkpoint. */
  private checkpointDue = true;
  private checkpointWall = 0;
  /** The simulation threw: no checkpoint is taken of this world any more. */
  private broken = false;
  /** The predict-then-see breakpoint (api.ts PacketBreakpoint), while it waits or holds its packet. */
  private bp: PacketBreakpoint | null = null;
  /** The packet the breakpoint holds (play paused before it), or the one let through and not arrived yet. */
  private held: HeldPacket | null = null;
  /** Packet events before the held packet was let through (where its event is looked for). */
  private passFrom = -1;
  bpStatus: BreakpointStatus | null = null;

  constructor(
    private readonly netfilter: NetfilterFactory,
    scenario: Scenario = defaultScenario(),
  ) {
    this.sim = new Simulator(scenario, { netfilter });
  }

  /** True when a batch has something to say. */
  get hasNews(): boolean {
    const w = this.sim.world;
    return this.dirty || w !== this.sentWorld || w.packets.length !== this.sentPackets || w.console.length !== this.sentConsole;
  }

  handle(req: SimRequest): void {
    this.dirty = true;
    this.detailDirty = true;
    // Whatever is asked, a quiet stretch being skipped ends: the next tick looks again.
    this.fastForward = null;
    const sim = this.sim;
    if (req.type === 'load' || req.type === 'command' || req.type === 'setRules' || req.type === 'craft' || req.type === 'preset') this.checkpointDue = true;
    switch (req.type) {
      case 'debugThrow':
        throw new Error(req.message);
      case 'breakpoint':
        this.setBreakpoint(req.bp);
        return;
      case 'load':
        this.setBreakpoint(null);
        this.sim = new Simulator(req.scenario, { netfilter: this.netfilter });
        this.broken = false;
        this.playing = false;
        this.rulesErrors = [];
        if (req.shared) {
          this.sim.replayShared(req.shared.inputs, req.shared.end);
          this.rulesErrors = this.sim.lastRulesErrors;
        }
        return;
      case 'share':
        this.shared = sim.share();
        return;
      case 'command':
        // Something typed starts time by itself (a newcomer's first command must move without Play).
        this.playing = true;
        return sim.command(req.node, req.text, req.tty ?? 1);
      case 'setRules': {
        // an editor text written against older rules (a console changed them since) is not applied
        const n = sim.world.nodeIndex(req.node);
        const rev = n >= 0 ? sim.world.nodes[n].nf.rulesRev() : undefined;
        this.rulesStale = req.base !== undefined && rev !== undefined && rev !== req.base;
        if (!this.rulesStale) this.rulesErrors = sim.setRules(req.node, req.text);
        this.rulesRev = n >= 0 ? sim.world.nodes[n].nf.rulesRev() : undefined;
        if (req.check !== undefined) this.rulesChecked = req.check;
        return;
      }
      case 'craft':
        this.craftErrors = sim.craft(req.node, req.fields);
        if (this.craftErrors.length === 0) this.playing = true;
        return;
      case 'preset': {
        const p = presets(sim.scenario).find((x) => x.id === req.id);
        if (p) {
          this.playing = true;
          sim.command(p.node, p.command);
        }
        return;
      }
      case 'play':
        this.release();
        this.playing = true;
        return;
      case 'pause':
        this.playing = false;
        return;
      case 'stepForward':
        this.playing = false;
        this.release();
        sim.stepForward(this.hold());
        this.afterRun();
        return;
      case 'stepBack':
        this.playing = false;
        this.setBreakpoint(null);
        sim.stepBack();
        return;
      case 'skipToNextTimeout': {
        // the simulator's skipToNextTimeout, stopping at a breakpoint's packet
        const t = sim.nextDue();
        if (t !== null) this.onHeld(sim.runUntil(Math.max(t, sim.now), this.hold()));
        this.afterRun();
        return;
      }
      case 'setSpeed':
        if (Number.isFinite(req.speed) && req.speed > 0) this.speed = req.speed;
        return;
      case 'setSkipQuiet':
        this.skipQuiet = req.on === true;
        return;
      case 'seek':
        this.playing = false;
        this.setBreakpoint(null);
        sim.seek(req.cursor);
        return;
    }
  }

  /** The simulation threw: it stops playing (the worker reports the error; the UI may reload a checkpoint). */
  failed(): void {
    this.playing = false;
    this.fastForward = null;
    this.broken = true;
    this.dirty = true;
  }

  /**
   * Advances virtual time by `wallMs` × speed while playing; a quiet stretch (nothing on the
   * links) at its own, faster speed, up to the moment the next thing is due.
   */
  tick(wallMs: number): void {
    if (!this.playing || wallMs <= 0) return;
    this.wall += wallMs;
    const sim = this.sim;
    if (this.skipQuiet && this.fastForward === null) {
      this.fastForward = planFastForward(sim.now, sim.nextDue(), sim.world.inFlight.size > 0, this.speed);
    }
    const ff = this.fastForward;
    const dt = Math.min(wallMs * (ff ? ff.speed : this.speed), MAX_TICK_VIRTUAL_MS);
    const to = ff ? Math.min(sim.now + dt, ff.to) : sim.now + dt;
    const held = sim.runUntil(to, this.hold());
    this.onHeld(held);
    if (!held && ff && sim.now >= ff.to) this.fastForward = null;
    this.afterRun();
    this.dirty = true; // the clock moved
  }

  /** Predict-then-see: play stops with the breakpoint's packet at the node's door. */
  private onHeld(hop: Hop | null): void {
    if (!hop || !this.bp) return;
    this.playing = false;
    this.fastForward = null;
    this.held = heldPacket(hop, this.sim.world);
    this.bpStatus = heldStatus(this.bp.id, hop, this.sim.world);
  }

  private setBreakpoint(bp: PacketBreakpoint | null): void {
    this.bp = bp;
    this.held = null;
    this.bpStatus = bp ? { id: bp.id, state: 'armed' } : null;
  }

  /** The breakpoint's test for the packet about to arrive (none once it has held its packet). */
  private hold(): Hold | undefined {
    const bp = this.bp;
    if (!bp || this.bpStatus?.state !== 'armed') return undefined;
    return (hop, world) => breakpointMatches(bp, hop, world);
  }

  /** Play or a step lets the held packet go on: the breakpoint is done once its event exists. */
  private release(): void {
    if (this.bpStatus?.state !== 'held' || !this.bp) return;
    this.passFrom = this.sim.world.packets.length;
    this.bpStatus = { id: this.bp.id, state: 'passing' };
  }

  /** After the clock ran: the released packet's event, once it exists. */
  private afterRun(): void {
    if (!this.bp || !this.held || this.bpStatus?.state !== 'passing') return;
    const id = passedPacketId(this.held, this.sim.world.packets, this.passFrom);
    if (id >= 0) {
      this.bpStatus = { id: this.bp.id, state: 'passed', packetId: id };
      this.held = null;
    }
  }

  /** The batch for everything since the previous one. */
  batch(): SimBatch {
    const w = this.sim.world;
    const reset = w !== this.sentWorld || w.consoleEpoch !== this.sentEpoch || w.packets.length < this.sentPackets || w.console.length < this.sentConsole;
    const revs = w.nodes.map((n) => n.nf.rulesRev()).join(',');
    const full = reset || !this.playing || this.detailDirty || this.wall - this.detailWall >= DETAIL_EVERY_MS || revs !== this.detailRevs;
    if (full) {
      this.detailRevs = revs;
      this.detailWall = this.wall;
      this.detailDirty = false;
    }
    const snapshot = buildSnapshot(this.sim, this.playing, this.speed, full);
    if (this.fastForward && this.playing) snapshot.fastForward = { ...this.fastForward };
    if (!this.skipQuiet) snapshot.skipQuiet = false;
    if (this.bpStatus) snapshot.breakpoint = { ...this.bpStatus };
    const b: SimBatch = {
      snapshot,
      packets: reset ? [...w.packets] : w.packets.slice(this.sentPackets),
      console: reset ? [...w.console] : w.console.slice(this.sentConsole),
      reset,
      rulesErrors: this.rulesErrors,
      rulesChecked: this.rulesChecked,
    };
    if (!full) b.partial = true;
    if (this.rulesRev !== undefined) b.rulesRev = this.rulesRev;
    if (this.rulesStale) b.rulesStale = true;
    if (this.craftErrors) b.craftErrors = this.craftErrors;
    this.craftErrors = undefined;
    if (this.shared) b.shared = this.shared;
    this.shared = undefined;
    if (!this.broken && (this.checkpointDue || this.wall - this.checkpointWall >= CHECKPOINT_EVERY_MS)) {
      b.checkpoint = this.sim.share();
      this.checkpointWall = this.wall;
    }
    this.checkpointDue = false;
    this.sentWorld = w;
    this.sentPackets = w.packets.length;
    this.sentConsole = w.console.length;
    this.sentEpoch = w.consoleEpoch;
    this.dirty = false;
    return b;
  }
}
