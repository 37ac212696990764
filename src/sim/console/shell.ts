/**
 * A node's console: a small bash. It echoes what was typed after the prompt, parses the line
 * (shellParse.ts: lists with `;` `&&` `||`, pipelines, `&`, redirections to /dev/null) and runs
 * it. While a job runs in the foreground (nc, ping, curl …) the typed lines go to its standard
 * input as typed; `^C` interrupts it and `^D` ends its input, as in a terminal. Background jobs
 * are listed by `jobs`, brought back by `fg` and ended by `kill %N`; bash's "Done" lines come
 * before the next prompt.
 */
import type { Ipv4 } from '../../engine/ipv4';
import { parseIpv4 } from '../../engine/ipv4';
import type { Timer } from '../host/hostEnv';
import type { HostStack } from '../host/hostStack';
import type { Netfilter } from '../netfilter';
import type { World, WorldNode } from '../world';
import { type ListItem, parseLine, type Pipeline, type SimpleCommand } from './shellParse';
import { pipeText } from './pipeText';

/** What a running command may use. */
export interface ProcCtx {
  world: World;
  node: WorldNode;
  stack: HostStack;
  nf: Netfilter;
  /** Text piped into the command (`echo hi | nc …`), or null when stdin is the terminal or a running command. */
  piped: string | null;
  out(text: string): void;
  err(text: string): void;
  exit(code: number): void;
  now(): number;
  setTimer(at: number, fn: () => void): Timer;
  /** A dotted quad or a machine's name (as /etc/hosts would list it). */
  resolve(host: string): Ipv4 | null;
  /** The shell that runs the command (its history and jobs, for the builtins). */
  shell: Shell;
  /** The terminal (tty number) stdout goes to, or null when it goes into a pipe or /dev/null. */
  terminal: number | null;
  /** The process id of the job (what `ss -p` shows). */
  pid: number;
}

/** A command still running after it started. */
export interface Proc {
  /** A line of standard input (with its newline). */
  stdin?(line: string): void;
  /** ^D or the end of a pipe: end of input. */
  eof?(): void;
  /** ^C: SIGINT. */
  interrupt(): void;
}

export type Command = (argv: string[], ctx: ProcCtx) => Proc | null;

/** Commands by the name typed (a Map: a typed name such as `toString` is only ever a key). */
export type CommandTable = ReadonlyMap<string, Command>;

export function promptFor(hostName: string): string {
  return `[root@${hostName} /]#`;
}

/** One process of a pipeline. */
interface Stage {
  proc: Proc | null;
  done: boolean;
  /** Output muted: the process was killed, or what reads its pipe is gone. */
  muted: boolean;
}

/** A pipeline running, in the foreground or in the background. */
class Job {
  readonly stages: Stage[] = [];
  done = false;
  code = 0;
  /** How it ended when it did not end by itself ('Terminated'). */
  signal: string | null = null;
  /** `[1]+` as bash names it when it ended (the notice comes later). */
  head = '';
  onDone: ((code: number) => void) | null = null;

  constructor(
    /** The job number (`%1`) of a background job; 0 in the foreground. */
    readonly id: number,
    /** The process id bash prints for a background job (`[1] 2001`). */
    readonly pid: number,
    readonly pipeline: Pipeline,
    /** Where a fault is reported (the terminal). */
    private readonly fault: (message: string) => void,
  ) {}

  /**
   * Runs a command's code; a fault in it (a bug of this simulator, never the user's input) ends
   * the job with a message instead of escaping into the simulation and the play timer.
   */
  guard<T>(f: () => T): T | null {
    try {
      return f();
    } catch (e) {
      if (!this.done) {
        this.fault(`bash: ${this.pipeline.commands[0].argv[0]}: internal error of the simulator: ${e instanceof Error ? e.message : String(e)}`);
        for (const s of this.stages) {
          s.muted = true;
          s.done = true;
        }
        this.finish(1);
      }
      return null;
    }
  }

  /** Standard input from the terminal goes to the first process. */
  stdin(line: string): void {
    if (!this.stages[0]?.done) this.guard(() => this.stages[0]?.proc?.stdin?.(line));
  }

  eof(): void {
    if (!this.stages[0]?.done) this.guard(() => this.stages[0]?.proc?.eof?.());
  }

  /** SIGINT to every process, the last first (what reads a pipe dies before what writes it). */
  interrupt(): void {
    for (let i = this.stages.length - 1; i >= 0; i--) {
      const s = this.stages[i];
      if (!s.done) this.guard(() => s.proc?.interrupt());
    }
  }

  /** SIGTERM: the processes end without a word. */
  terminate(): void {
    this.signal = 'Terminated';
    for (const s of this.stages) s.muted = true;
    this.interrupt();
    for (const s of this.stages) s.done = true;
    this.finish(143);
  }

  finish(code: number): void {
    if (this.done) return;
    this.done = true;
    this.code = code;
    // what still writes into the pipeline dies of SIGPIPE
    for (const s of this.stages) {
      if (!s.done) {
        s.muted = true;
        s.done = true;
        s.proc?.interrupt();
      }
    }
    this.onDone?.(code);
  }
}

export class Shell {
  /** The job in the foreground, or null at the prompt. */
  private fg: Job | null = null;
  /** The rest of the line being run (after the foreground job), and the status so far. */
  private pendingList: ListItem[] = [];
  private readonly jobs: Job[] = [];
  /** Jobs that ended in the background, announced before the next prompt. */
  private finished: Job[] = [];
  private nextPid = 2000;
  readonly history: string[] = [];
  lastExit = 0;

  constructor(
    private readonly world: World,
    private readonly node: WorldNode,
    private readonly commands: CommandTable,
    /** Which of the node's terminals this is (1: the first). */
    readonly tty = 1,
  ) {}

  get prompt(): string {
    return promptFor(this.node.spec.name);
  }

  /** The foreground command line, or null at the prompt. */
  get busy(): string | null {
    return this.fg ? this.fg.pipeline.text : null;
  }

  /** A line typed at this console. */
  run(text: string): void {
    const line = text.replace(/[\r\n]+$/, '');
    const w = this.world;
    const id = this.node.spec.id;
    const tty = this.tty === 1 ? {} : { tty: this.tty };
    if (this.fg) {
      const fg = this.fg;
      // the terminal shows what was typed (with the ^C that interrupts it, as a tty echoes it)
      w.console.push({ node: id, t: w.now, kind: 'input', text: line, ...tty });
      if (line.endsWith('^C')) {
        this.pendingList = []; // ^C ends the whole list, as bash does
        fg.interrupt();
        if (this.fg === fg) fg.finish(130);
      } else if (line === '^D') fg.eof();
      else fg.stdin(`${line}\n`);
      return;
    }
    w.console.push({ node: id, t: w.now, kind: 'input', text: line, prompt: this.prompt, ...tty });
    // ^C at the prompt drops the line being typed (shown with its ^C), as bash does
    if (line.endsWith('^C')) {
      this.lastExit = 130;
      this.announceDone();
      return;
    }
    if (line.trim() !== '' && !/^\s/.test(line) && this.history[this.history.length - 1] !== line) this.history.push(line);
    const parsed = parseLine(line);
    if (!parsed.ok) {
      this.print('error', parsed.error);
      this.lastExit = 2;
      this.announceDone();
      return;
    }
    this.pendingList = parsed.value;
    this.runList();
  }

  // ---------------------------------------------------------------- jobs (the builtins use these)

  /** `jobs`: the jobs still running or stopped, as bash lists them. */
  jobLines(): string[] {
    return this.jobs.filter((j) => !j.done).map((j) => `${this.jobHead(j)}  ${pad('Running')}${j.pipeline.text} &`);
  }

  /** `fg [%N]`: the job in the foreground; an error message, or null when it is. */
  foreground(spec: string | undefined): string | null {
    const j = this.findJob(spec);
    if (typeof j === 'string') return `bash: fg: ${j}`;
    this.print('output', j.pipeline.text);
    this.fg = j;
    j.onDone = (code) => this.foregroundDone(j, code);
    return null;
  }

  /** `kill %N`: SIGTERM to a job; an error message, or null. */
  kill(spec: string): string | null {
    const j = this.findJob(spec);
    if (typeof j === 'string') return `bash: kill: ${j}`;
    j.terminate();
    return null;
  }

  // ---------------------------------------------------------------- internals

  private print(kind: 'output' | 'error', text: string): void {
    this.world.print(this.node.index, kind, text, this.tty);
  }

  /** Runs the list's items until one stays in the foreground or the list ends. */
  private runList(): void {
    while (this.pendingList.length > 0 && !this.fg) {
      const item = this.pendingList.shift()!;
      if (item.op === '&&' && this.lastExit !== 0) continue;
      if (item.op === '||' && this.lastExit === 0) continue;
      const job = this.start(item.pipeline, item.background);
      if (item.background) {
        this.print('output', `[${job.id}] ${job.pid}`);
        this.lastExit = 0;
        continue;
      }
      if (job.done) this.lastExit = job.code;
      else {
        this.fg = job;
        job.onDone = (code) => this.foregroundDone(job, code);
      }
    }
    if (!this.fg) this.announceDone();
  }

  private foregroundDone(job: Job, code: number): void {
    if (this.fg !== job) return;
    this.fg = null;
    this.lastExit = code;
    this.dropJob(job);
    this.runList();
  }

  /** bash's notices of background jobs that ended, before the next prompt. */
  private announceDone(): void {
    const done = this.finished;
    this.finished = [];
    for (const j of done) {
      const status = j.signal ?? (j.code === 0 ? 'Done' : `Exit ${j.code}`);
      this.print('output', `${j.head}  ${pad(status)}${j.pipeline.text}`);
    }
  }

  private jobHead(j: Job): string {
    const live = this.jobs;
    const mark = j === live[live.length - 1] ? '+' : j === live[live.length - 2] ? '-' : ' ';
    return `[${j.id}]${mark}`;
  }

  private dropJob(j: Job): void {
    const i = this.jobs.indexOf(j);
    if (i >= 0) this.jobs.splice(i, 1);
  }

  private findJob(spec: string | undefined): Job | string {
    const live = this.jobs.filter((j) => !j.done);
    if (spec === undefined || spec === '%' || spec === '%+') return live[live.length - 1] ?? 'current: no such job';
    const m = /^%(\d+)$/.exec(spec);
    const j = m ? live.find((x) => x.id === Number(m[1])) : undefined;
    return j ?? `${spec}: no such job`;
  }

  /** Starts a pipeline's processes, the last first, so each writer finds its reader running. */
  private start(pipeline: Pipeline, background: boolean): Job {
    const id = background ? Math.max(0, ...this.jobs.map((j) => j.id)) + 1 : 0;
    const job = new Job(id, this.nextPid++, pipeline, (message) => this.print('error', message));
    if (background) {
      this.jobs.push(job);
      job.onDone = () => {
        job.head = this.jobHead(job);
        this.finished.push(job);
        this.dropJob(job);
        // a notice waits for the next prompt; at an idle prompt bash shows it on the next Enter
      };
    }
    const n = pipeline.commands.length;
    const stages: Stage[] = pipeline.commands.map(() => ({ proc: null, done: false, muted: false }));
    job.stages.push(...stages);
    // echo/printf at the head of a pipe: the next command gets the text at once (`echo hi | nc …`)
    const head = n > 1 ? pipeText(pipeline.commands[0].argv) : null;
    const first = head !== null ? 1 : 0;
    if (head !== null) stages[0].done = true;
    for (let i = n - 1; i >= first; i--) {
      const cmd = pipeline.commands[i];
      const stage = stages[i];
      const next = i + 1 < n ? stages[i + 1] : null;
      const ctx = this.ctx(job, stage, cmd, next, i === first ? head : null);
      const fn = this.commands.get(cmd.argv[0]);
      if (!fn) {
        ctx.err(`bash: ${cmd.argv[0]}: command not found`);
        ctx.exit(127);
        continue;
      }
      const proc = job.guard(() => fn(cmd.argv, ctx));
      if (job.done) break;
      if (!stage.done) stage.proc = proc;
      if (!proc && !stage.done) ctx.exit(0);
    }
    return job;
  }

  private ctx(job: Job, stage: Stage, cmd: SimpleCommand, next: Stage | null, piped: string | null): ProcCtx {
    const w = this.world;
    const n = this.node;
    const toTerminal = (kind: 'output' | 'error') => (line: string) => w.print(n.index, kind, line, this.tty);
    const toPipe = (line: string) => {
      if (next && !next.done) next.proc?.stdin?.(`${line}\n`);
    };
    const outSink = cmd.redirects.out === 'null' ? null : next ? toPipe : toTerminal('output');
    const errSink = cmd.redirects.err === 'null' ? null : cmd.redirects.err === 'out' ? outSink : toTerminal('error');
    const lines = (sink: ((line: string) => void) | null) => (text: string) => {
      if (stage.muted || sink === null) return;
      for (const l of text.replace(/\n$/, '').split('\n')) sink(l);
    };
    const stageIndex = job.stages.indexOf(stage);
    return {
      world: w,
      node: n,
      stack: n.stack,
      nf: n.nf,
      piped,
      shell: this,
      terminal: cmd.redirects.out === 'pipe' && !next ? this.tty : null,
      out: lines(outSink),
      err: lines(errSink),
      exit: (code) => {
        if (stage.done) return;
        stage.done = true;
        // the reader of this pipe sees its end
        if (next && !next.done) next.proc?.eof?.();
        if (stageIndex === job.stages.length - 1) job.finish(code);
      },
      pid: job.pid,
      now: () => w.now,
      setTimer: (at, fn) =>
        w.setTimer(at, () => {
          if (!stage.done) job.guard(fn);
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

/** bash pads a job's status to 24 columns in `jobs` and its notices. */
function pad(status: string): string {
  return status.padEnd(24, ' ');
}
