/**
 * The tool oracle's transcripts (scripts/tool-oracle/record.py, traces/tools/*.json): console
 * lines typed on the reference machine and what the real tools did, in the shape the simulated
 * consoles are compared in.
 */

export interface CorpusStep {
  node: string;
  line: string;
  /** Typed (piped, on the reference machine) `stdinAfterMs` after the line starts, then ^D (EOF). */
  stdin?: string;
  stdinAfterMs?: number;
  /** ^C (SIGINT to the foreground job) this long after the line starts. */
  interruptAfterMs?: number;
  /** Lines typed meanwhile in a second terminal (tty 2) of a node, `afterMs` after this one starts; ^C when it ends. */
  also?: AlsoLine[];
}

export interface AlsoLine {
  node: string;
  line: string;
  afterMs?: number;
}

export interface WirePacket {
  /** ms since the line started (on the reference machine: since the command was spawned). */
  t: number;
  /** Which link and way, seen at the firewall: 'labos-1>fw', 'fw>labos-2', … */
  dir: string;
  proto: string;
  src: string;
  dst: string;
  /** IP total length. */
  len: number;
  /** TCP flags in tcpdump's letters order FSRPAUEC, e.g. 'S', 'SA', 'FA'. */
  flags?: string;
  options?: string[];
  type?: number;
  code?: number;
}

export interface RecordedStep extends CorpusStep {
  stdout: string;
  stderr: string;
  exit: number;
  durationMs: number;
  packets: WirePacket[];
  /** Set when more packets were seen than kept (the first ones are kept). */
  packetCount?: number;
  /** `conntrack -L` on the firewall after the line (and the settle time), sorted. */
  conntrack: string[];
  interrupted?: boolean;
  killed?: boolean;
}

export interface Transcript {
  recordedWith: Record<string, string>;
  /** How long the capture went on after each line ended. */
  settleMs: number;
  cases: { name: string; steps: RecordedStep[] }[];
}
