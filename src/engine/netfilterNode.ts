/**
 * One machine's netfilter: its rules (raw and filter tables), its connection tracker and its
 * counters, and the path a packet takes through the hooks:
 *
 *   forwarded:  raw PREROUTING -> conntrack -> filter FORWARD -> POSTROUTING (helper, confirm)
 *   received:   raw PREROUTING -> conntrack -> filter INPUT   -> LOCAL_IN (helper, confirm)
 *   sent:       raw OUTPUT     -> conntrack -> filter OUTPUT  -> POSTROUTING (helper, confirm)
 *
 * So one engine serves both the firewall in the middle (FORWARD) and a host's own firewall
 * (INPUT/OUTPUT). Mirrors the order of the kernel's hook priorities (raw -300, conntrack -200,
 * filter 0, confirm last); the mangle and nat tables are left out.
 *
 * `forward/input/output(pkt, now, trace)` return a verdict object. Without `trace` it is one
 * object reused for every call (no allocation: the benchmark path); with `trace` it is a fresh
 * object carrying every step and reason, for the UI.
 */
import { Conntrack, type Attached, type CtTemplate } from './conntrack';
import { formatConn, formatExpectation } from './conntrackPrint';
import { CT_INVALID, CT_STATE_NAMES, DIR_ORIGINAL, DIR_REPLY, NF_ACCEPT, NF_DROP, type CtStateName } from './ctinfo';
import { ReasonCollector, type ReasonText } from './explain';
import { ftpHelper } from './helpers/ftpHelper';
import { formatIpv4, type Ipv4 } from './ipv4';
import { emptyRuleset, findChain, type Ruleset, type TableName } from './iptables/model';
import { IPPROTO_ICMP, IPPROTO_TCP, makePacket, type Packet } from './packet';
import {
  applyIptablesLine,
  evaluateHook,
  iptablesSave,
  newHookResult,
  parseRulesText,
  type HookResult,
  type RuleStepData,
} from './iptables/node';
import { TCP_STATE_NAMES } from './proto/tcpStates';
import { DEFAULT_SETTINGS, sysctlKey, type CtSettings } from './settings';
import { IPS_ASSURED, IPS_CONFIRMED, IPS_SEEN_REPLY } from './status';

export interface Iface {
  name: string;
  addr: Ipv4;
}

export interface NodeOptions {
  name: string;
  ifaces?: Iface[];
  settings?: Partial<CtSettings>;
}

export type Path = 'forward' | 'input' | 'output';

export interface RuleStep extends RuleStepData {
  table: TableName;
}

/** What the node did with one packet. */
export interface PacketVerdict {
  verdict: 'ACCEPT' | 'DROP';
  state: CtStateName;
  /** 1-based index of the first rule of the filter chain (FORWARD/INPUT/OUTPUT) whose matches held, or null. */
  rule: number | null;
  /** The rule that decided, as `iptables -S` prints it (`-A FORWARD ...`), or null when a policy did. */
  decidingRule: string | null;
  /** Who dropped the packet when it was dropped: a rule/policy, the conntrack helper, conntrack itself, TTL. */
  droppedBy: 'rule' | 'helper' | 'conntrack' | 'ttl' | null;
  steps: RuleStep[];
  reasons: ReasonText[];
  ctBefore: string | null;
  ctAfter: string | null;
  connId: number | null;
  tcpTransition: { from: string; to: string } | null;
  logs: string[];
  /** Packets this node sends because of this one (REJECT's answer, ICMP time exceeded). */
  emitted: Packet[];
}

const NO_STEPS: RuleStep[] = [];
const NO_REASONS: ReasonText[] = [];
const NO_STRINGS: string[] = [];
const NO_PACKETS: Packet[] = [];

export type SetRulesResult = { ok: true } | { ok: false; errors: { line: number; column: number; message: string }[] };

export class NetfilterNode {
  readonly name: string;
  readonly ifaces: Iface[];
  readonly conntrack: Conntrack;
  private rs: Ruleset = emptyRuleset();
  /** raw PREROUTING / raw OUTPUT hold no rule and accept: the hook can be skipped. */
  private rawIdlePrerouting = true;
  private rawIdleOutput = true;

  private readonly fast: PacketVerdict = {
    verdict: 'ACCEPT',
    state: 'NEW',
    rule: null,
    decidingRule: null,
    droppedBy: null,
    steps: NO_STEPS,
    reasons: NO_REASONS,
    ctBefore: null,
    ctAfter: null,
    connId: null,
    tcpTransition: null,
    logs: NO_STRINGS,
    emitted: NO_PACKETS,
  };
  /** The reused result of a packet the node sends while handling another (REJECT's answer). */
  private readonly fastNested: PacketVerdict = { ...this.fast };
  private nested = false;
  private readonly raw: HookResult = newHookResult();
  private readonly filter: HookResult = newHookResult();
  private readonly tmpl: CtTemplate = { notrack: false, helper: null };

  constructor(opts: NodeOptions) {
    this.name = opts.name;
    this.ifaces = opts.ifaces ?? [];
    this.conntrack = new Conntrack(opts.settings);
    this.conntrack.helpers.ftp = ftpHelper;
  }

  get ruleset(): Ruleset {
    return this.rs;
  }

  set ruleset(rs: Ruleset) {
    this.rs = rs;
    const idle = (chain: string) => {
      const c = findChain(rs.tables.raw, chain);
      return c === undefined || (c.rules.length === 0 && c.policy !== 'DROP');
    };
    this.rawIdlePrerouting = idle('PREROUTING');
    this.rawIdleOutput = idle('OUTPUT');
  }

  get settings(): CtSettings {
    return this.conntrack.settings;
  }

  // ------------------------------------------------------------------ configuration

  /** Replaces the rules with `text`: iptables command lines or iptables-save text. */
  setRules(text: string): SetRulesResult {
    const r = parseRulesText(text);
    if (!r.ok) return { ok: false, errors: [r.error] };
    this.ruleset = r.value;
    return { ok: true };
  }

  /** Runs one `iptables ...` command line (changes the rules, or prints -L / -S). */
  iptables(line: string): { output: string; exitCode: number } {
    const r = applyIptablesLine(this.ruleset, line);
    if (r.ruleset) this.ruleset = r.ruleset;
    return { output: r.output, exitCode: r.exitCode };
  }

  iptablesSave(): string {
    return iptablesSave(this.ruleset);
  }

  /** `sysctl -w net.netfilter.nf_conntrack_...=value`. */
  setSysctl(name: string, value: number): { ok: true } | { ok: false; error: string } {
    const key = sysctlKey(name);
    if (key === null) return { ok: false, error: `cannot stat /proc/sys/${name.replace(/\./g, '/')}: No such file or directory` };
    if (!Number.isInteger(value) || value < 0 || value > 2 ** 31 - 1) return { ok: false, error: `setting key "${name}": Invalid argument` };
    this.conntrack.setSettings({ ...this.conntrack.settings, [key]: value });
    return { ok: true };
  }

  getSysctl(name: string): number | null {
    const key = sysctlKey(name);
    return key === null ? null : this.conntrack.settings[key];
  }

  /** Restores the kernel's defaults for every netfilter sysctl. */
  resetSysctls(): void {
    this.conntrack.setSettings({ ...DEFAULT_SETTINGS });
  }

  // ------------------------------------------------------------------ packets

  forward(pkt: Packet, now: number, trace = false): PacketVerdict {
    return this.run('forward', pkt, now, trace);
  }

  input(pkt: Packet, now: number, trace = false): PacketVerdict {
    return this.run('input', pkt, now, trace);
  }

  output(pkt: Packet, now: number, trace = false): PacketVerdict {
    return this.run('output', pkt, now, trace);
  }

  /** Sends a packet this node generated through its OUTPUT path; true if it may leave. */
  private sendLocal(pkt: Packet, now: number, attached: Attached | null): boolean {
    this.nested = true;
    try {
      return this.run('output', pkt, now, false, attached).verdict === 'ACCEPT';
    } finally {
      this.nested = false;
    }
  }

  private run(path: Path, pkt: Packet, now: number, trace: boolean, attached: Attached | null = null): PacketVerdict {
    const ctk = this.conntrack;
    const col = trace ? new ReasonCollector() : null;
    const v: PacketVerdict = trace
      ? {
          verdict: 'ACCEPT',
          state: 'INVALID',
          rule: null,
          decidingRule: null,
          droppedBy: null,
          steps: [],
          reasons: col!.reasons,
          ctBefore: null,
          ctAfter: null,
          connId: null,
          tcpTransition: null,
          logs: [],
          emitted: [],
        }
      : this.nested
        ? this.fastNested
        : this.fast;
    if (!trace) {
      v.rule = null;
      v.decidingRule = null;
      v.droppedBy = null;
      v.connId = null;
    }

    // raw table: may mark the packet NOTRACK or attach a helper to its new connection.
    const raw = this.raw;
    let useTmpl = false;
    if (!(path === 'output' ? this.rawIdleOutput : this.rawIdlePrerouting)) {
      evaluateHook(this.rs, 'raw', path === 'output' ? 'OUTPUT' : 'PREROUTING', pkt, CT_INVALID, null, DIR_ORIGINAL, raw, col, now);
      if (trace) this.collect(v, 'raw', raw);
      if (raw.verdict === NF_DROP) return this.finish(v, pkt, now, NF_DROP, 'rule', col);
      const tmpl = this.tmpl;
      tmpl.notrack = raw.notrack;
      tmpl.helper = raw.helper;
      useTmpl = raw.notrack || raw.helper !== null;
    }

    if (trace) v.ctBefore = this.describeLookup(pkt, now);

    // conntrack (nf_conntrack_in)
    const ctRet = ctk.conntrackIn(pkt, now, useTmpl ? this.tmpl : null, col, attached);
    v.state = CT_STATE_NAMES[ctk.state];
    if (ctRet === NF_DROP) return this.finish(v, pkt, now, NF_DROP, 'conntrack', col);

    // ip_forward: a packet whose TTL runs out is answered with ICMP time exceeded.
    if (path === 'forward' && pkt.ttl <= 1) {
      col?.reason('node.ttl-exceeded');
      ctk.dropped(now);
      return this.finish(v, pkt, now, NF_DROP, 'ttl', col);
    }

    // filter table
    const chain = path === 'forward' ? 'FORWARD' : path === 'input' ? 'INPUT' : 'OUTPUT';
    const filter = this.filter;
    evaluateHook(this.rs, 'filter', chain, pkt, ctk.state, ctk.ct, ctk.dir, filter, col, now);
    v.rule = filter.rule > 0 ? filter.rule : null;
    if (trace) {
      this.collect(v, 'filter', filter);
      v.decidingRule = filter.decidingText;
    }
    if (filter.verdict === NF_DROP) {
      const reply = filter.reject !== null ? filter.rejectReply(pkt, this.addrFacing(pkt)) : null;
      // nf_send_reset: the TCP reset carries the entry it answers (nf_ct_attach: RELATED, the
      // other way) and moves a confirmed connection to CLOSE (nf_ct_set_closing). ICMP answers
      // go through conntrack like any packet this node sends: RELATED to the same entry.
      let attached: Attached | null = null;
      if (reply !== null && filter.reject === 'tcp-reset' && ctk.ct !== null) {
        attached = { ct: ctk.ct, dir: ctk.dir === DIR_ORIGINAL ? DIR_REPLY : DIR_ORIGINAL };
        ctk.setClosing(ctk.ct, now);
      }
      ctk.dropped(now);
      this.finish(v, pkt, now, NF_DROP, 'rule', col);
      // REJECT's answer is a packet this node sends: it goes through this node's own OUTPUT
      // path. The caller puts it on the wire as it is.
      if (reply !== null && this.sendLocal(reply, now, attached) && trace) v.emitted.push(reply);
      return v;
    }

    // POSTROUTING / LOCAL_IN: the helper, then confirmation.
    if (ctk.confirm(pkt, now, col) === NF_DROP) return this.finish(v, pkt, now, NF_DROP, 'helper', col);
    return this.finish(v, pkt, now, NF_ACCEPT, null, col);
  }

  private finish(
    v: PacketVerdict,
    pkt: Packet,
    now: number,
    verdict: number,
    droppedBy: PacketVerdict['droppedBy'],
    col: ReasonCollector | null,
  ): PacketVerdict {
    v.verdict = verdict === NF_ACCEPT ? 'ACCEPT' : 'DROP';
    v.droppedBy = droppedBy;
    if (col !== null) this.finishTraced(v, pkt, now, verdict, droppedBy, col);
    return v;
  }

  /** What only a traced verdict carries: the entry after the packet, the TCP change, ICMP sent. */
  private finishTraced(
    v: PacketVerdict,
    pkt: Packet,
    now: number,
    verdict: number,
    droppedBy: PacketVerdict['droppedBy'],
    col: ReasonCollector,
  ): void {
    const ct = this.conntrack.ct;
    col.reason(verdict === NF_ACCEPT ? 'node.accepted' : 'node.dropped', { node: this.name });
    v.connId = ct !== null ? ct.id : null;
    v.ctAfter = ct !== null && this.conntrack.table.find(ct.oSrc, ct.oDst, ct.oSport, ct.oDport, ct.proto) === ct
      ? formatConn(ct, now)
      : null;
    // A new entry that was never confirmed (its packet was dropped) did not change state: it is gone.
    const change = col.tcpChange;
    v.tcpTransition = change !== null && (change.ct.status & IPS_CONFIRMED) !== 0 ? { from: change.from, to: change.to } : null;
    if (verdict !== NF_ACCEPT && droppedBy === 'ttl') v.emitted.push(...this.ttlExceeded(pkt));
  }

  private collect(v: PacketVerdict, table: TableName, r: HookResult): void {
    for (const s of r.steps) v.steps.push({ ...s, table });
    v.logs.push(...r.logs);
  }

  /** The entry this packet will meet, as `conntrack -L` prints it, before it is processed. */
  private describeLookup(pkt: Packet, now: number): string | null {
    let sport = 0;
    let dport = 0;
    if (pkt.proto === IPPROTO_TCP || pkt.proto === 17) {
      sport = pkt.sport;
      dport = pkt.dport;
    } else if (pkt.proto === 1) {
      if (pkt.inner) return null;
      sport = pkt.icmpId;
      dport = (pkt.icmpType << 8) | pkt.icmpCode;
    }
    const ct = this.conntrack.table.find(pkt.src, pkt.dst, sport, dport, pkt.proto);
    return ct !== null && ct.timeout > now ? formatConn(ct, now) : null;
  }

  /** This node's address on the interface a packet came in by (the source of its answers). */
  private addrFacing(pkt: Packet): Ipv4 {
    const iface = this.ifaces.find((i) => i.name === pkt.iif);
    return iface ? iface.addr : pkt.dst;
  }

  /** ICMP time exceeded (type 11, code 0) about `pkt`, from this node (ip_forward -> icmp_send). */
  private ttlExceeded(pkt: Packet): Packet[] {
    if (pkt.proto === IPPROTO_ICMP && pkt.inner !== null) return []; // never an error about an error
    return [makePacket({ proto: IPPROTO_ICMP, src: this.addrFacing(pkt), dst: pkt.src, icmpType: 11, icmpCode: 0, inner: pkt })];
  }

  // ------------------------------------------------------------------ time and tables

  /** Removes what has expired; returns `conntrack -E` style DESTROY lines (the listener's job). */
  gc(now: number): number {
    return this.conntrack.gc(now);
  }

  nextTimeout(): number | null {
    return this.conntrack.nextTimeout();
  }

  flushExpect(): void {
    this.conntrack.flushExpectations();
  }

  /** conntrack -D: removes the live entries whose `conntrack -L` line `match` accepts; returns those lines. */
  deleteWhere(match: (line: string) => boolean, now: number): string[] {
    const gone: string[] = [];
    for (const ct of this.conntrack.table.entries()) {
      if (ct.timeout <= now) continue;
      const line = formatConn(ct, now);
      if (match(line) && this.conntrack.kill(ct)) gone.push(line);
    }
    return gone;
  }

  flush(): void {
    this.conntrack.flush();
  }

  /** `conntrack -L` lines: live entries, oldest first. */
  conntrackList(now: number): string[] {
    const out: string[] = [];
    for (const ct of this.conntrack.table.entries()) if (ct.timeout > now) out.push(formatConn(ct, now));
    return out;
  }

  /** Entries as view data: id, the `conntrack -L` line, absolute expiry, flags. */
  conntrackView(now: number): { id: number; line: string; proto: number; tcpState: string | null; expires: number; assured: boolean; unreplied: boolean }[] {
    const out = [];
    for (const ct of this.conntrack.table.entries()) {
      if (ct.timeout <= now) continue;
      out.push({
        id: ct.id,
        line: formatConn(ct, now),
        proto: ct.proto,
        tcpState: ct.proto === IPPROTO_TCP ? TCP_STATE_NAMES[ct.tcpState] : null,
        expires: ct.timeout,
        assured: (ct.status & IPS_ASSURED) !== 0,
        unreplied: (ct.status & IPS_SEEN_REPLY) === 0,
      });
    }
    return out;
  }

  /** `conntrack -L expect` lines. */
  expectList(now: number): string[] {
    return this.conntrack.expectations.list.filter((e) => e.timeout > now).map((e) => formatExpectation(e, now));
  }

  addresses(): string[] {
    return this.ifaces.map((i) => formatIpv4(i.addr));
  }
}
