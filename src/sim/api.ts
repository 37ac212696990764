/**
 * The contract between the simulation (src/sim, pure TypeScript, run in a Web Worker) and the
 * UI (src/ui). Everything here is plain serializable data: it crosses the worker boundary by
 * structured clone, and a Scenario travels whole in a shared link.
 *
 * The simulation owns the truth (engine state, hosts' sockets, the virtual clock). The UI only
 * draws what the simulation reports and sends commands; it never re-implements engine logic.
 */

// ---------------------------------------------------------------- the scenario (shareable)

export type NodeKind = 'host' | 'firewall';

export interface ServiceSpec {
  proto: 'tcp' | 'udp';
  port: number;
  /** What listens there, e.g. 'http', 'ssh', 'ftp', 'dns'. */
  name: string;
}

export interface NodeSpec {
  /** Stable id used in events and URLs: 'labos-1', 'fw', 'labos-2'. */
  id: string;
  /** Editable display name, also the console prompt's host name. */
  name: string;
  kind: NodeKind;
  /** Interfaces and their addresses. Hosts: eth0. The firewall: eth0 towards the left host, eth1 towards the right. */
  ifaces: { name: string; addr: string; prefix: number }[];
  services: ServiceSpec[];
  /** The rules as the user typed them: iptables command lines or iptables-save text. */
  rules: string;
  /** sysctl overrides, e.g. { 'net.netfilter.nf_conntrack_udp_timeout': 10 }. */
  sysctl: Record<string, number>;
}

/** A command typed (or scheduled) at a node's console, at a virtual time. */
export interface ScheduledCommand {
  at: number;
  node: string;
  command: string;
}

export interface Scenario {
  version: 1;
  title: string;
  /** Left host, firewall, right host, in this order. */
  nodes: [NodeSpec, NodeSpec, NodeSpec];
  /** One-way delay of each link, virtual ms. */
  linkDelayMs: number;
  /** Commands to run, in time order (the seed example runs none until the student acts). */
  commands: ScheduledCommand[];
}

/**
 * One thing a person did in a session, where it happened: `at` (virtual ms) after `steps` of
 * the world's agenda had run. With the scenario they replay the session exactly (shared links).
 */
export type SharedInput = { at: number; steps: number; node: string } & (
  /** `tty`: the node's terminal (2, 3 …: the ones opened with "New terminal"); absent: the first. */
  | { command: string; tty?: number }
  | { rules: string }
  | { craft: CraftFields }
);

/** A session as a link carries it: the scenario, what was done, and the moment it was shared. */
export interface SharedSession {
  scenario: Scenario;
  inputs: SharedInput[];
  end: { at: number; steps: number };
}

// ---------------------------------------------------------------- what the simulation reports

export type CtStateName = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED';

/** A header field for the inspector's protocol tree. */
export interface HeaderField {
  name: string;
  value: string;
  children?: HeaderField[];
}

/** One rule a packet met in one chain. */
export interface RuleStep {
  table: 'raw' | 'filter';
  chain: string;
  /** 1-based index in its chain, or 0 for the chain's policy. */
  index: number;
  /** The rule as `iptables -S` prints it, or `-P CHAIN POLICY`. */
  text: string;
  matched: boolean;
  /** True for the rule (or policy) that decided the verdict. */
  decisive: boolean;
}

/** A reason in the engine's words: a code (for translation) and its English text. */
export interface ReasonView {
  code: string;
  params?: Record<string, string | number>;
  text: string;
}

/** What one node's netfilter did with a packet. */
export interface NodeVerdict {
  node: string;
  /** 'PREROUTING>FORWARD>POSTROUTING', 'OUTPUT>POSTROUTING', 'PREROUTING>INPUT'. */
  path: string;
  state: CtStateName;
  verdict: 'ACCEPT' | 'DROP';
  /** The rule that decided, as `iptables -S` prints it; null when the policy did. */
  decidingRule: string | null;
  steps: RuleStep[];
  reasons: ReasonView[];
  /** The packet's conntrack entry, as `conntrack -L` prints it, before and after (null: none). */
  ctBefore: string | null;
  ctAfter: string | null;
  /** The entry's id (for following a connection), or null when the packet has none. */
  connId: number | null;
  /** TCP conntrack state change caused by this packet, e.g. { from: 'SYN_SENT', to: 'SYN_RECV' }. */
  tcpTransition: { from: string; to: string } | null;
  /** LOG target output. */
  logs: string[];
}

/** One packet crossing one link (a "hop"): the unit of the event list and the animation. */
export interface PacketEvent {
  /** Increasing id of this event. */
  id: number;
  /** Virtual times: sent from `from`, arrives at `to` (ms). */
  tSend: number;
  tArrive: number;
  from: string;
  to: string;
  /** Short card label: 'SYN', 'SYN/ACK', 'ACK', 'FIN/ACK', 'RST', 'ICMP echo', 'UDP 53', 'ICMP port unreachable'. */
  label: string;
  /** One-line summary like a capture's: '192.168.1.1:45000 → 192.168.3.1:80 [SYN] seq=0 win=64240'. */
  summary: string;
  proto: 'tcp' | 'udp' | 'icmp' | 'other';
  src: string;
  dst: string;
  headers: HeaderField[];
  /** The netfilter verdicts on the way: the sender's OUTPUT, the firewall's FORWARD, the receiver's INPUT, in order. */
  verdicts: NodeVerdict[];
  /** Where the packet ends: delivered to `to`, dropped at a node, or answered by a REJECT there. */
  fate: { kind: 'delivered' } | { kind: 'dropped'; at: string } | { kind: 'rejected'; at: string };
  /** True for a packet generated by a REJECT target. */
  isRejectReply: boolean;
  /** Why a packet was lost outside netfilter (no ARP answer, no route, not for this host). */
  note?: string;
}

/** A packet on a link right now (for animating while playing; it becomes a PacketEvent when it arrives). */
export interface InFlightPacket {
  from: string;
  to: string;
  tSend: number;
  tArrive: number;
  label: string;
  summary: string;
  proto: 'tcp' | 'udp' | 'icmp' | 'other';
  isRejectReply: boolean;
  /** The state the last netfilter it crossed gave it (the sender's OUTPUT, or the firewall's FORWARD). */
  state?: CtStateName | null;
  /** The packet event that sent it on (the firewall's hop, or the packet a REJECT answers); absent for a packet that just left its sender. */
  origin?: number;
}

/** A conntrack entry as the UI shows it. */
export interface ConnView {
  id: number;
  /** Exactly as `conntrack -L` prints it. */
  line: string;
  proto: string;
  tcpState: string | null;
  /** Absolute expiry (virtual ms) so the UI can count down on the virtual clock. */
  expires: number;
  assured: boolean;
  unreplied: boolean;
}

export interface NodeView {
  id: string;
  name: string;
  kind: NodeKind;
  addrs: string[];
  services: ServiceSpec[];
  /** True when any of its chains holds a rule or a non-ACCEPT policy. */
  hasRules: boolean;
  conntrack: ConnView[];
  /** `conntrack -L expect` lines. */
  expectations: string[];
  /** `iptables -L -v -n` for the filter table, with live counters. */
  rulesListing: string;
  /** The rules in the lab's rules text format, as the engine holds them ('' in a partial batch). */
  rulesText: string;
  /** The rules' revision: bumped by every change, whoever made it (editor, console). */
  rulesRev: number;
  /** Sockets as `ss -tan` shows them (hosts only). */
  sockets: string[];
  /** The foreground command running at this node's console (input goes to it), or null at the prompt. */
  busy?: string | null;
  /** The console prompt, e.g. `[root@labos-1 /]#`. */
  prompt?: string;
  /** The node's other terminals (2, 3 …) and what runs in each. */
  terminals?: { tty: number; busy: string | null }[];
}

/** How many terminals a node may have open (the first one included). */
export const MAX_TERMINALS = 4;

/** Console output of one node. */
export interface ConsoleLine {
  node: string;
  t: number;
  kind: 'input' | 'output' | 'error';
  text: string;
  /** The terminal (2, 3 …); absent: the node's first one. */
  tty?: number;
  /** For 'input' lines typed at the prompt: the prompt shown before them. */
  prompt?: string;
}

/**
 * Predict-then-see: play pauses when the next packet matching this is about to be evaluated at
 * node `at` (it has crossed the link to `at`; nothing there has seen it yet). One-shot: the
 * next play or step lets that packet through, and the breakpoint is done.
 */
export interface PacketBreakpoint {
  /** Chosen by the UI; echoed in SimSnapshot.breakpoint. */
  id: number;
  /** The node whose netfilter is about to evaluate the packet (the link's receiving end). */
  at: string;
  /** The packet's card label ('SYN', 'SYN/ACK', 'ICMP echo', 'UDP 53' …); absent: any. */
  label?: string;
  /** The node that sent the packet first (its source address is one of that node's); absent: any. */
  from?: string;
  /** The TCP/UDP destination port; absent: any. */
  dport?: number;
}

/**
 * Where a breakpoint is: waiting for its packet, holding it (play paused), letting it go on (play
 * or a step came, its event is not made yet), or passed (the packet event it became).
 */
export type BreakpointStatus =
  | { id: number; state: 'armed' }
  | { id: number; state: 'held'; label: string; summary: string }
  | { id: number; state: 'passing' }
  | { id: number; state: 'passed'; packetId: number };

/** The whole visible state at the current virtual time (sent after every step, small). */
export interface SimSnapshot {
  now: number;
  /** Index of the last processed packet event (for step back / time travel). */
  cursor: number;
  playing: boolean;
  /** Virtual ms of the next timeout (entry expiry) or null. */
  nextTimeout: number | null;
  nodes: NodeView[];
  /** Packets on the links at `now` (not yet in the event list). */
  inFlight?: InFlightPacket[];
  /** Index of the last packet event the simulation has computed (the end of the recorded future; >= cursor). */
  lastCursor?: number;
  /** Playback speed factor (virtual ms per wall ms). */
  speed?: number;
  /**
   * While playing with nothing on the links, quiet time passes quickly: the clock runs from
   * `from` to `to` (the next moment something is due) at `speed` virtual ms per wall ms.
   * Absent when time runs at the chosen speed.
   */
  fastForward?: { from: number; to: number; speed: number };
  /** False when quiet time runs at the chosen speed like the rest (true or absent: it is skipped quickly). */
  skipQuiet?: boolean;
  /** The breakpoint set by the last `breakpoint` request, if any (absent: none). */
  breakpoint?: BreakpointStatus;
}

/** An error in user input, precise enough to underline it. */
export interface InputError {
  line: number;
  column: number;
  message: string;
}

/**
 * A packet to send by hand from a node (the packet crafter). Numbers may also come as strings
 * from form fields. Defaults: src = the node's address towards dst, ttl 64, win 64240, ports 0.
 */
export interface CraftFields {
  proto: 'tcp' | 'udp' | 'icmp' | string;
  src?: string;
  dst: string;
  ttl?: number | string;
  ipId?: number | string;
  sport?: number | string;
  dport?: number | string;
  /** TCP flags as names or letters: 'SYN,ACK', 'SYN/ACK', 'SA', 'FPU', '' for none. */
  flags?: string;
  seq?: number | string;
  ack?: number | string;
  win?: number | string;
  /** Window-scale option shift (0-14), or -1/absent for none. */
  wscale?: number | string;
  payload?: string;
  icmpType?: number | string;
  icmpCode?: number | string;
  icmpId?: number | string;
  icmpSeq?: number | string;
}

/** A crafter field that failed validation. */
export interface CraftError {
  field: keyof CraftFields | 'node';
  message: string;
}

// ---------------------------------------------------------------- messages across the worker

/** UI -> worker. */
export type SimRequest =
  /** Starts afresh; with `shared`, replays a shared session up to the moment it was shared. */
  | { type: 'load'; scenario: Scenario; shared?: Omit<SharedSession, 'scenario'> }
  /** Asks for the session as a link carries it (answered in SimBatch.shared). */
  | { type: 'share' }
  /** A line typed at a node's terminal `tty` (absent: the first; 2 … MAX_TERMINALS: the others). */
  | { type: 'command'; node: string; text: string; tty?: number }
  /** `check`: the number of this text, echoed in SimBatch.rulesChecked once it is checked. */
  /**
   * `base`: the rules revision (NodeView.rulesRev) the text was written against; when the rules
   * changed since (a console), the text is not applied (SimBatch.rulesStale) so it never drops a
   * rule the editor did not show. Without `base` the text replaces the rules whatever they are.
   */
  | { type: 'setRules'; node: string; text: string; check?: number; base?: number }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'stepForward' }
  | { type: 'stepBack' }
  | { type: 'skipToNextTimeout' }
  | { type: 'setSpeed'; speed: number }
  /** Whether quiet time (nothing on the links) passes quickly while playing (default true). */
  | { type: 'setSkipQuiet'; on: boolean }
  | { type: 'seek'; cursor: number }
  /** Sends one hand-made packet from a node (errors come back in SimBatch.craftErrors). */
  | { type: 'craft'; node: string; fields: CraftFields }
  /** Runs a one-click conversation by id (see src/sim/presets.ts): the same as typing its command. */
  | { type: 'preset'; id: string }
  /** Pauses play before a packet is evaluated at a node (null: removes the breakpoint). */
  | { type: 'breakpoint'; bp: PacketBreakpoint | null }
  /** Fault injection for the tests of the failure path: the worker throws while handling it. */
  | { type: 'debugThrow'; message: string };

/** Worker -> UI, batched: at most one message per animation frame (one per ~40 ms while playing). */
export interface SimBatch {
  snapshot: SimSnapshot;
  /** New packet events since the last batch (on time travel: the full list after `reset`). */
  packets: PacketEvent[];
  console: ConsoleLine[];
  /** True when the lists were rebuilt (time travel): the UI replaces instead of appending. */
  reset: boolean;
  /** Errors in the last `setRules` (empty when the rules were applied). */
  rulesErrors: InputError[];
  /** The `check` number of the last `setRules` handled: `rulesErrors` answer that text (0: none yet). */
  rulesChecked: number;
  /** The rules revision of the node after the last `setRules` handled (applied or refused). */
  rulesRev?: number;
  /** The last `setRules` was refused: the rules changed since its `base`. */
  rulesStale?: boolean;
  /** Errors of the last `craft` request (present only in the batch answering it; empty: sent). */
  craftErrors?: CraftError[];
  /**
   * True when the nodes of `snapshot.nodes` leave out their big views: `conntrack`,
   * `expectations` and `sockets` come empty and `rulesListing` as ''. While playing, only a few
   * batches a second carry them (a flood keeps thousands of entries): the receiver keeps the
   * ones of the last complete batch (absent or false: complete).
   */
  partial?: boolean;
  /** The answer to a `share` request (present only in the batch answering it). */
  shared?: SharedSession;
  /**
   * The session up to the input this batch answers (a command, rules, a packet, a load): where
   * the UI can reload it if the simulation fails later (present only after such an input).
   */
  checkpoint?: SharedSession;
}

/** Worker -> UI when the simulation threw: it stopped playing; the UI offers to reload the last checkpoint. */
export interface SimFailure {
  type: 'failure';
  message: string;
}

export type SimMessage = SimBatch | SimFailure;
