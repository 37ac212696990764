/**
 * The discrete-event simulator with true time travel. The world is never copied: its history is
 * a list of actions (process the next agenda item, move the clock, apply a user input), and any
 * earlier moment is rebuilt by re-running the deterministic world from the scenario through
 * those actions. Stepping forward after a step back follows the recorded future (including the
 * commands typed then); a new input there cuts the recorded future off, like an editor's redo.
 */
import { MAX_TERMINALS, type CraftError, type CraftFields, type InputError, type Scenario, type SharedInput, type SharedSession, type SimSnapshot } from './api';
import { COMMANDS } from './console/commands';
import { Shell } from './console/shell';
import { craftPacket } from './craft';
import type { NetfilterFactory } from './netfilter';
import { buildSnapshot } from './snapshot';
import { World, type Hop } from './world';

export type UserInput =
  | { type: 'command'; node: string; text: string; tty?: number }
  | { type: 'setRules'; node: string; text: string }
  | { type: 'craft'; node: string; fields: CraftFields };

/** Chooses a packet about to arrive at a node, to stop before it (predict-then-see breakpoints). */
export type Hold = (hop: Hop, world: World) => boolean;

type Action = { k: 'step' } | { k: 'advance'; to: number } | { k: 'input'; at: number; input: UserInput };

export interface SimOptions {
  netfilter: NetfilterFactory;
  seed?: number;
}

export class Simulator {
  world!: World;
  shells: Shell[] = [];
  /** Terminals 2 … MAX_TERMINALS, by `node:tty`. */
  private moreShells = new Map<string, Shell>();
  private actions: Action[] = [];
  /** How many actions the current world has been through. */
  private pos = 0;
  /** Cursor at the end of the recorded history. */
  private endCursor = -1;
  /** Agenda items the current world has processed (`step` actions): where inputs happened. */
  private steps = 0;
  /** Results of the last inputs (for the batch). */
  lastRulesErrors: InputError[] = [];
  lastCraftErrors: CraftError[] = [];

  constructor(
    readonly scenario: Scenario,
    private readonly opts: SimOptions,
  ) {
    this.fresh();
  }

  get now(): number {
    return this.world.now;
  }

  /** Index of the last packet event of the current world (-1: none yet). */
  get cursor(): number {
    return this.world.packets.length - 1;
  }

  /** The last cursor the recorded history reaches (>= cursor). */
  get lastCursor(): number {
    return this.pos === this.actions.length ? this.cursor : Math.max(this.endCursor, this.cursor);
  }

  // ---------------------------------------------------------------- inputs

  /** A line typed at a node's terminal `tty` (1: the first; up to MAX_TERMINALS). */
  command(node: string, text: string, tty = 1): void {
    this.input(tty === 1 ? { type: 'command', node, text } : { type: 'command', node, text, tty });
  }

  setRules(node: string, text: string): InputError[] {
    this.input({ type: 'setRules', node, text });
    return this.lastRulesErrors;
  }

  craft(node: string, fields: CraftFields): CraftError[] {
    this.input({ type: 'craft', node, fields });
    return this.lastCraftErrors;
  }

  private input(input: UserInput): void {
    this.actions.length = this.pos; // a new input replaces the recorded future
    this.push({ k: 'input', at: this.world.now, input });
  }

  // ---------------------------------------------------------------- shared links

  /** The session up to now as a link carries it (the recorded future after a step back is left out). */
  share(): SharedSession {
    const inputs: SharedInput[] = [];
    let steps = 0;
    for (let i = 0; i < this.pos; i++) {
      const a = this.actions[i];
      if (a.k === 'step') steps++;
      else if (a.k === 'input') {
        const base = { at: a.at, steps, node: a.input.node };
        const inp = a.input;
        inputs.push(
          inp.type === 'command'
            ? { ...base, command: inp.text, ...(inp.tty ? { tty: inp.tty } : {}) }
            : inp.type === 'setRules'
              ? { ...base, rules: inp.text }
              : { ...base, craft: { ...inp.fields } },
        );
      }
    }
    return { scenario: this.scenario, inputs, end: { at: this.world.now, steps } };
  }

  /**
   * Replays a shared session on this fresh simulator: the world runs its agenda to where each
   * input happened (so many steps, then the clock to its time), takes the input, and so on to
   * the shared moment. The result is recorded history, so stepping back works as after typing.
   */
  replayShared(inputs: SharedInput[], end: { at: number; steps: number }, beforeInput?: (index: number) => void): void {
    // Where the sender's clock reached `at`, every agenda item before `at` had already run
    // (it is counted in `steps`), so after the steps only the clock moves.
    const goTo = (steps: number, at: number) => {
      while (this.steps < steps && this.world.nextEventTime() !== null) this.push({ k: 'step' });
      if (this.world.now < at) this.push({ k: 'advance', to: at });
    };
    for (const [n, i] of inputs.entries()) {
      goTo(i.steps, i.at);
      beforeInput?.(n);
      if ('command' in i) this.command(i.node, i.command, i.tty ?? 1);
      else if ('rules' in i) this.setRules(i.node, i.rules);
      else this.craft(i.node, i.craft);
    }
    goTo(end.steps, end.at);
    this.touchEnd();
  }

  // ---------------------------------------------------------------- time

  /**
   * Processes agenda items until the next packet event is complete; false when nothing is left,
   * or when `hold` chose the packet about to arrive (the clock then stands at its arrival).
   */
  stepForward(hold?: Hold): boolean {
    const n0 = this.world.packets.length;
    while (this.world.packets.length === n0) {
      const isStep = this.pos < this.actions.length ? this.actions[this.pos].k === 'step' : this.world.nextEventTime() !== null;
      const held = isStep ? this.holding(hold) : null;
      if (held) {
        this.runUntil(held.tArrive, hold);
        return false;
      }
      if (this.pos < this.actions.length) this.exec(this.actions[this.pos++]);
      else if (this.world.nextEventTime() !== null) this.push({ k: 'step' });
      else break;
    }
    this.touchEnd();
    return this.world.packets.length > n0;
  }

  /**
   * Runs everything due up to virtual time `t`, then sets the clock to `t`. With `hold`, stops
   * before the arrival of the first packet it chooses (the clock then stands at that arrival)
   * and returns that packet.
   */
  runUntil(t: number, hold?: Hold): Hop | null {
    let held: Hop | null = null;
    for (;;) {
      if (this.pos < this.actions.length) {
        const a = this.actions[this.pos];
        const at = a.k === 'step' ? this.world.nextEventTime() : a.k === 'advance' ? a.to : a.at;
        if (at === null || at > t) break;
        held = a.k === 'step' ? this.holding(hold) : null;
        if (held) {
          t = at;
          break;
        }
        this.pos++;
        this.exec(a);
      } else {
        const nt = this.world.nextEventTime();
        if (nt === null || nt > t) break;
        held = this.holding(hold);
        if (held) {
          t = nt;
          break;
        }
        this.push({ k: 'step' });
      }
    }
    if (this.world.now < t) {
      // Moving the clock where nothing happens is neutral for the recorded future. While
      // playing, successive clock moves at the end of the history merge into one action.
      const prev = this.actions[this.pos - 1];
      if (this.pos === this.actions.length && prev?.k === 'advance') prev.to = t;
      else {
        this.actions.splice(this.pos, 0, { k: 'advance', to: t });
        this.pos++;
      }
      this.world.advanceTo(t);
    }
    this.touchEnd();
    return held;
  }

  /** The packet whose arrival is next, when `hold` chooses it. */
  private holding(hold: Hold | undefined): Hop | null {
    if (!hold) return null;
    const h = this.world.peekArrival();
    return h && hold(h, this.world) ? h : null;
  }

  /** The next moment something is due: a conntrack expiry on any node or a pending timer/packet. */
  nextDue(): number | null {
    const a = this.world.nextTimeout();
    const b = this.world.nextEventTime();
    let c: number | null = null;
    const next = this.actions[this.pos];
    if (next?.k === 'input') c = next.at;
    const all = [a, b, c].filter((x): x is number => x !== null);
    return all.length ? Math.min(...all) : null;
  }

  /** Jumps the clock to the next expiry or timer and processes it. */
  skipToNextTimeout(): boolean {
    const t = this.nextDue();
    if (t === null) return false;
    this.runUntil(Math.max(t, this.world.now));
    return true;
  }

  /** Rebuilds the world at packet event `cursor` (-1: the start); beyond the history: its end. */
  seek(cursor: number): void {
    this.touchEnd();
    const end = this.actions.length;
    this.fresh();
    if (cursor >= this.endCursor) {
      while (this.pos < end) this.exec(this.actions[this.pos++]);
      return;
    }
    while (this.pos < end && this.cursor < cursor) this.exec(this.actions[this.pos++]);
  }

  stepBack(): void {
    const cur = this.cursor;
    if (cur < 0) {
      this.seek(-1);
      return;
    }
    for (let c = cur - 1; c >= -1; c--) {
      this.seek(c);
      if (this.cursor < cur) return;
    }
  }

  snapshot(playing = false, speed?: number): SimSnapshot {
    return buildSnapshot(this, playing, speed);
  }

  // ---------------------------------------------------------------- internals

  /** A node's terminal `tty`, opened on first use (null: no such terminal number). */
  terminal(node: number, tty: number): Shell | null {
    if (!Number.isInteger(tty) || tty < 1 || tty > MAX_TERMINALS) return null;
    if (tty === 1) return this.shells[node];
    const key = `${node}:${tty}`;
    let s = this.moreShells.get(key);
    if (!s) {
      s = new Shell(this.world, this.world.nodes[node], COMMANDS, tty);
      this.moreShells.set(key, s);
    }
    return s;
  }

  /** A node's terminals after the first, in order. */
  moreTerminals(node: number): Shell[] {
    const out: Shell[] = [];
    for (let tty = 2; tty <= MAX_TERMINALS; tty++) {
      const s = this.moreShells.get(`${node}:${tty}`);
      if (s) out.push(s);
    }
    return out;
  }

  private fresh(): void {
    this.world = new World(this.scenario, { netfilter: this.opts.netfilter, seed: this.opts.seed });
    this.shells = this.world.nodes.map((n) => new Shell(this.world, n, COMMANDS));
    this.moreShells = new Map();
    this.world.onCommand = (node, text) => this.shells[node].run(text);
    this.pos = 0;
    this.steps = 0;
  }

  private push(a: Action): void {
    this.actions.push(a);
    this.pos++;
    this.exec(a);
    this.touchEnd();
  }

  private touchEnd(): void {
    if (this.pos === this.actions.length) this.endCursor = this.cursor;
  }

  private exec(a: Action): void {
    this.apply(a);
    this.world.drainEvents();
  }

  private apply(a: Action): void {
    const w = this.world;
    if (a.k === 'step') {
      this.steps++;
      w.step();
      return;
    }
    if (a.k === 'advance') {
      w.advanceTo(a.to);
      return;
    }
    w.advanceTo(a.at);
    const node = w.nodeIndex(a.input.node);
    if (a.input.type === 'command') {
      const shell = node >= 0 ? this.terminal(node, a.input.tty ?? 1) : null;
      shell?.run(a.input.text);
      return;
    }
    if (a.input.type === 'setRules') {
      if (node < 0) {
        this.lastRulesErrors = [{ line: 1, column: 1, message: `no node "${a.input.node}"` }];
        return;
      }
      const r = w.nodes[node].nf.setRules(a.input.text);
      this.lastRulesErrors = r.ok ? [] : r.errors;
      return;
    }
    if (node < 0) {
      this.lastCraftErrors = [{ field: 'node', message: `no node "${a.input.node}"` }];
      return;
    }
    const r = craftPacket(a.input.fields, (dst) => w.topo.sourceFor(node, dst));
    this.lastCraftErrors = r.ok ? [] : r.error;
    if (r.ok) w.send(node, r.value);
  }
}
