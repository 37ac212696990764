/**
 * A node's console: a tiny bash. It echoes what was typed after the prompt, splits the line,
 * runs the command, and while a command runs in the foreground (nc, ping, curl …) it hands it
 * the typed lines as stdin; `^C` interrupts it and `^D` ends its input, as in a terminal.
 */
import type { Ipv4 } from '../../engine/ipv4';
import { parseIpv4 } from '../../engine/ipv4';
import type { Timer } from '../host/hostEnv';
import type { HostStack } from '../host/hostStack';
import type { Netfilter } from '../netfilter';
import type { World, WorldNode } from '../world';
import { pipeText, tokenize } from './tokenize';

/** What a running command may use. */
export interface ProcCtx {
  world: World;
  node: WorldNode;
  stack: HostStack;
  nf: Netfilter;
  /** Text piped into the command (`echo hi | nc …`), or null when stdin is the terminal. */
  piped: string | null;
  out(text: string): void;
  err(text: string): void;
  exit(code: number): void;
  now(): number;
  setTimer(at: number, fn: () => void): Timer;
  /** A dotted quad or a machine's name (as /etc/hosts would list it). */
  resolve(host: string): Ipv4 | null;
}

/** A command still running after it started (the foreground process). */
export interface Proc {
  stdin?(line: string): void;
  /** ^D: end of input. */
  eof?(): void;
  /** ^C: SIGINT. */
  interrupt(): void;
}

export type Command = (argv: string[], ctx: ProcCtx) => Proc | null;

/** Commands by the name typed (a Map: a typed name such as `toString` is only ever a key). */
export type CommandTable = ReadonlyMap<string, Command>;

/** The command running in the foreground: its process, the line typed, the name it was run by. */
interface Foreground {
  proc: Proc | null;
  text: string;
  name: string;
  done: boolean;
}

export function promptFor(hostName: string): string {
  return `[root@${hostName} /]#`;
}

export class Shell {
  private fg: Foreground | null = null;
  lastExit = 0;

  constructor(
    private readonly world: World,
    private readonly node: WorldNode,
    private readonly commands: CommandTable,
  ) {}

  get prompt(): string {
    return promptFor(this.node.spec.name);
  }

  /** The foreground command line, or null at the prompt. */
  get busy(): string | null {
    return this.fg ? this.fg.text : null;
  }

  /** A line typed at this console. */
  run(text: string): void {
    const line = text.replace(/[\r\n]+$/, '');
    const w = this.world;
    if (this.fg) {
      const fg = this.fg;
      w.console.push({ node: this.node.spec.id, t: w.now, kind: 'input', text: line });
      if (line.trim() === '^C') {
        w.print(this.node.index, 'output', '^C');
        this.guard(fg, () => fg.proc?.interrupt());
        if (this.fg === fg) this.finish(130);
      } else if (line.trim() === '^D') this.guard(fg, () => fg.proc?.eof?.());
      else this.guard(fg, () => fg.proc?.stdin?.(`${line}\n`));
      return;
    }
    w.console.push({ node: this.node.spec.id, t: w.now, kind: 'input', text: line, prompt: this.prompt });
    const parsed = tokenize(line);
    if (!parsed.ok) {
      w.print(this.node.index, 'error', parsed.error);
      this.lastExit = 2;
      return;
    }
    const pipeline = parsed.value;
    if (pipeline.length === 0) return;
    let piped: string | null = null;
    if (pipeline.length === 2) {
      piped = pipeText(pipeline[0]);
      if (piped === null) {
        w.print(this.node.index, 'error', 'bash: pipes are only supported from echo or printf in this lab');
        return;
      }
    } else if (pipeline.length > 2) {
      w.print(this.node.index, 'error', 'bash: only one pipe is supported in this lab');
      return;
    }
    const argv = pipeline[pipeline.length - 1];
    const cmd = this.commands.get(argv[0]);
    if (!cmd) {
      w.print(this.node.index, 'error', `bash: ${argv[0]}: command not found`);
      this.lastExit = 127;
      return;
    }
    const fg: Foreground = { proc: null, text: line, name: argv[0], done: false };
    this.fg = fg;
    const proc = this.guard(fg, () => cmd(argv, this.ctx(fg, piped)));
    if (fg.done) return;
    if (!proc) {
      this.finish(0);
      return;
    }
    fg.proc = proc;
  }

  /**
   * Runs a command's code; a fault in it (a bug of this simulator, never the user's input) ends
   * that command with a message instead of escaping into the simulation and the play timer.
   */
  private guard<T>(fg: Foreground, f: () => T): T | null {
    try {
      return f();
    } catch (e) {
      if (!fg.done) {
        this.world.print(this.node.index, 'error', `bash: ${fg.name}: internal error of the simulator: ${e instanceof Error ? e.message : String(e)}`);
        if (this.fg === fg) this.finish(1);
        fg.done = true;
      }
      return null;
    }
  }

  private finish(code: number): void {
    if (this.fg) this.fg.done = true;
    this.fg = null;
    this.lastExit = code;
  }

  private ctx(fg: Foreground, piped: string | null): ProcCtx {
    const w = this.world;
    const n = this.node;
    const lines = (kind: 'output' | 'error') => (text: string) => {
      if (fg.done) return;
      for (const l of text.replace(/\n$/, '').split('\n')) w.print(n.index, kind, l);
    };
    return {
      world: w,
      node: n,
      stack: n.stack,
      nf: n.nf,
      piped,
      out: lines('output'),
      err: lines('error'),
      exit: (code) => {
        if (!fg.done && this.fg === fg) this.finish(code);
        fg.done = true;
      },
      now: () => w.now,
      setTimer: (at, fn) =>
        w.setTimer(at, () => {
          if (!fg.done) this.guard(fg, fn);
        }),
      resolve: (host) => {
        const a = parseIpv4(host);
        if (a !== null) return a;
        const byName = w.hostNames().get(host);
        return byName ? parseIpv4(byName) : null;
      },
    };
  }
}
