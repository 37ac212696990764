/**
 * Builds the rule(s) of one -A/-I/-D/-R/-C command from its options: the IP part
 * (-s -d -i -o -p), the matches in the order they were loaded (explicit `-m` and the implicit
 * protocol match), and the target. `finish` runs each extension's final check, then the
 * checks the kernel makes on a rule regardless of where it sits (a tcp match needs `-p tcp`,
 * tcp-reset needs `-p tcp`, CT --helper needs a protocol and a known helper), and expands
 * address lists into one rule per source/destination pair, as iptables does.
 */
import type { AddrMask } from './addr';
import { parseHostList } from './addr';
import type { IptResult, Pos } from './errors';
import { EINVAL_MESSAGE, fail, ok, OK } from './errors';
import type { Extension, OptSpec } from './ext';
import {
  MATCH_PROTO, matchExt, targetExt, UNSUPPORTED_MATCHES, UNSUPPORTED_TARGETS,
} from './extensions';
import type { Match, Rule, TableName, Target } from './model';
import { protoByName } from './names';
import type { LongCandidate } from './options';
import { GLOBAL_OPTS } from './options';
import { parseCNumber } from './ports';
import { ruleText } from './rulePrint';
import { KNOWN_HELPERS } from './targetCt';
import type { Word } from './tokenize';

interface MatchInst {
  ext: Extension<Match>;
  data: Match;
  seen: Set<string>;
  completed: boolean;
  at: Pos;
}

const TARGET_OWNER = 1000;
const IMPLICIT: Record<number, string> = { 6: 'tcp', 17: 'udp', 1: 'icmp' };

export class RuleBuilder {
  table: TableName = 'filter';
  private src: AddrMask[] = [{ addr: 0, mask: 0 }];
  private dst: AddrMask[] = [{ addr: 0, mask: 0 }];
  private invSrc = false;
  private invDst = false;
  private iniface = '';
  private outiface = '';
  private invIn = false;
  private invOut = false;
  private proto = 0;
  private invProto = false;
  private seen = new Map<string, Pos>();
  private matches: MatchInst[] = [];
  private target: Target = { kind: 'none' };
  private targetExtInst: { ext: Extension<Target>; seen: Set<string> } | null = null;
  private targetName = '';
  targetAt: Pos | null = null;
  private protoAt: Pos | null = null;

  extCandidates(): LongCandidate[] {
    const out: LongCandidate[] = [];
    this.matches.forEach((m, idx) => {
      if (!m.completed) for (const opt of m.ext.options) out.push({ kind: 'ext', owner: idx, opt });
    });
    if (this.targetExtInst) for (const opt of this.targetExtInst.ext.options) out.push({ kind: 'ext', owner: TARGET_OWNER, opt });
    return out;
  }

  extName(owner: number): string {
    return owner === TARGET_OWNER ? this.targetExtInst!.ext.name : this.matches[owner].ext.name;
  }

  /** iptables' load_proto: after an unknown option, load the match named by -p (once). */
  loadImplicitProto(at: Pos): boolean {
    const name = IMPLICIT[this.proto];
    if (!name || this.matches.some((m) => m.ext.name === name)) return false;
    this.addMatch(name, at);
    return true;
  }

  unknownOptionHint(name: string): string | undefined {
    const portOpts = ['dport', 'sport', 'destination-port', 'source-port', 'syn', 'tcp-flags'];
    if (portOpts.includes(name) && !this.matches.some((m) => m.ext.name === 'tcp' || m.ext.name === 'udp')) {
      return `--${name} belongs to the tcp/udp match: put -p tcp (or -p udp) before it`;
    }
    if (name === 'icmp-type' && this.proto !== 1) return '--icmp-type belongs to the icmp match: put -p icmp before it';
    if (name === 'state') return '--state belongs to the state match: write -m state --state ...';
    if (name.startsWith('ct')) return `--${name} belongs to the conntrack match: write -m conntrack --${name} ...`;
    if (name === 'dports' || name === 'sports' || name === 'ports') return `--${name} belongs to the multiport match: write -m multiport --${name} ...`;
    if (name === 'comment') return '--comment belongs to the comment match: write -m comment --comment "..."';
    const all = [...GLOBAL_OPTS.map((o) => o.name), 'dport', 'sport', 'state', 'ctstate', 'ctstatus', 'ctdir', 'dports', 'sports', 'icmp-type', 'tcp-flags', 'syn', 'comment', 'reject-with', 'log-prefix', 'log-level', 'notrack', 'helper'];
    let best = '';
    let bestD = 3;
    for (const cand of all) {
      const d = editDistance(name, cand);
      if (d < bestD) {
        best = cand;
        bestD = d;
      }
    }
    return best ? `did you mean --${best}?` : undefined;
  }

  private addMatch(name: string, at: Pos): void {
    const ext = matchExt(name)!;
    for (const m of this.matches) if (m.ext.name === name) m.completed = true;
    this.matches.push({ ext, data: ext.init(), seen: new Set(), completed: false, at });
  }

  ipOption(id: string, word: Word, arg: string, argWord: Word, inv: boolean): IptResult<void> {
    switch (id) {
      case 's':
      case 'd': {
        if (this.seen.has(id)) return onceOnly(word, id);
        const list = parseHostList(arg);
        if (typeof list === 'string') return fail(argWord, 'bad-host', list, 'expected an address like 10.0.0.1 or a network like 10.0.0.0/8');
        this.seen.set(id, word);
        if (id === 's') {
          this.src = list;
          this.invSrc = inv;
        } else {
          this.dst = list;
          this.invDst = inv;
        }
        return OK;
      }
      case 'i':
      case 'o': {
        if (this.seen.has(id)) return onceOnly(word, id);
        if (arg.length >= 16) {
          return fail(argWord, 'bad-value', `interface name \`${arg}' must be shorter than IFNAMSIZ (15)`);
        }
        this.seen.set(id, word);
        if (id === 'i') {
          this.iniface = arg;
          this.invIn = inv;
        } else {
          this.outiface = arg;
          this.invOut = inv;
        }
        return OK;
      }
      case 'p': {
        if (this.seen.has('p')) return onceOnly(word, 'p');
        const n = parseCNumber(arg);
        const proto = n !== null ? (n <= 255 ? n : null) : protoByName(arg);
        if (proto === null) return fail(argWord, 'bad-value', `unknown protocol "${arg}" specified`, 'expected tcp, udp, icmp, all or a protocol number');
        if (proto === 0 && inv) return fail(word, 'conflict', 'rule would never match protocol');
        this.seen.set('p', word);
        this.proto = proto;
        this.invProto = inv;
        this.protoAt = word;
        return OK;
      }
      case 'm': {
        const ext = matchExt(arg);
        if (!ext) {
          if (UNSUPPORTED_MATCHES.includes(arg)) {
            return fail(argWord, 'unsupported', `match \`${arg}' is not simulated in Conntrack Lab`, 'the matches here are tcp, udp, icmp, state, conntrack, multiport and comment');
          }
          return fail(argWord, 'unknown-match', `Couldn't load match \`${arg}':No such file or directory`, 'match names are lower case: tcp, udp, icmp, state, conntrack, multiport, comment');
        }
        this.addMatch(arg, argWord);
        return OK;
      }
      case 'j':
      case 'g': {
        if (this.targetName) return fail(word, 'conflict', `multiple -${id} flags not allowed`);
        this.targetAt = argWord;
        this.targetName = arg;
        if (id === 'g') {
          if (arg === 'ACCEPT' || arg === 'DROP' || arg === 'RETURN' || targetExt(arg)) {
            return fail(argWord, 'bad-value', `goto '${arg}' is not a chain`, '-g needs a user-defined chain; use -j for targets');
          }
          this.target = { kind: 'jump', chain: arg, goto: true };
          return OK;
        }
        if (arg === 'ACCEPT' || arg === 'DROP' || arg === 'RETURN') {
          this.target = { kind: arg };
          return OK;
        }
        const ext = targetExt(arg);
        if (ext) {
          this.target = ext.init();
          this.targetExtInst = { ext, seen: new Set() };
          return OK;
        }
        if (UNSUPPORTED_TARGETS.includes(arg)) {
          return fail(argWord, 'unsupported', `target \`${arg}' is not simulated in Conntrack Lab`, 'the targets here are ACCEPT, DROP, RETURN, REJECT, LOG, CT, NOTRACK and user chains');
        }
        // a user chain: applyCommand checks that it exists
        this.target = { kind: 'jump', chain: arg, goto: false };
        return OK;
      }
    }
    return fail(word, 'unknown-option', `unknown option "${word.text}"`);
  }

  extOption(owner: number, opt: OptSpec, word: Word, args: string[], inv: boolean, argWords: Word[]): IptResult<void> {
    const ctx = { proto: this.proto, invProto: this.invProto };
    let seen: Set<string>;
    let err;
    if (owner === TARGET_OWNER) {
      seen = this.targetExtInst!.seen;
      err = this.targetExtInst!.ext.parse(this.target, opt.id, args, inv, ctx, seen);
    } else {
      const m = this.matches[owner];
      seen = m.seen;
      err = m.ext.parse(m.data, opt.id, args, inv, ctx, seen);
    }
    if (err) {
      const w = err.at === 'arg' && argWords.length ? argWords[0] : word;
      const column = w.column + (err.offset ? err.offset + (w.quoted ? 1 : 0) : 0);
      return fail({ line: w.line, column }, err.code, err.message, err.hint);
    }
    seen.add(opt.id);
    return OK;
  }

  /** Completes the rule(s); `chain` is the command's chain (for -i/-o checks). */
  finish(chain: string, cmdAt: Pos): IptResult<Rule[]> {
    const ctx = { proto: this.proto, invProto: this.invProto };
    for (const m of this.matches) {
      const err = m.ext.final(m.data, m.seen, ctx);
      if (err) return fail(m.at, err.code, err.message, err.hint);
    }
    if (this.targetExtInst) {
      const err = this.targetExtInst.ext.final(this.target, this.targetExtInst.seen, ctx);
      if (err) return fail(this.targetAt ?? cmdAt, err.code, err.message, err.hint);
    }
    // iptables' own check of -i/-o against the built-in chain name
    if (this.iniface && (chain === 'OUTPUT' || chain === 'POSTROUTING')) {
      return fail(this.seen.get('i')!, 'conflict', `Can't use -i with ${chain}`, `packets in ${chain} have no input interface yet`);
    }
    if (this.outiface && (chain === 'PREROUTING' || chain === 'INPUT')) {
      return fail(this.seen.get('o')!, 'conflict', `Can't use -o with ${chain}`, `packets in ${chain} have no output interface yet`);
    }
    // the kernel's per-rule checks (EINVAL / ENOENT)
    for (const m of this.matches) {
      const need = MATCH_PROTO[m.data.kind];
      if (need && (this.proto !== need || this.invProto)) {
        return fail(m.at, 'kernel', EINVAL_MESSAGE, `x_tables: ip_tables: ${m.data.kind} match: only valid for protocol ${need}`);
      }
    }
    const t = this.target;
    const tAt = this.targetAt ?? cmdAt;
    if (t.kind === 'REJECT' && t.with === 'tcp-reset' && (this.proto !== 6 || this.invProto)) {
      return fail(tAt, 'kernel', EINVAL_MESSAGE, 'ipt_REJECT: TCP_RESET invalid for non-tcp (add -p tcp)');
    }
    if (t.kind === 'CT' && !t.notrack && t.helper !== null) {
      if (this.proto === 0 || this.invProto) {
        return fail(tAt, 'kernel', 'iptables: No chain/target/match by that name.', 'xt_CT: You must specify a L4 protocol and not use inversions on it');
      }
      if (!KNOWN_HELPERS.includes(t.helper)) {
        return fail(tAt, 'kernel', 'iptables: No chain/target/match by that name.', `xt_CT: No such helper "${t.helper}" (this simulator has: ${KNOWN_HELPERS.join(', ')})`);
      }
    }
    const rules: Rule[] = [];
    for (const s of this.src) {
      for (const d of this.dst) {
        const rule: Rule = {
          src: s.addr, smsk: s.mask, dst: d.addr, dmsk: d.mask, invSrc: this.invSrc, invDst: this.invDst,
          iniface: this.iniface, outiface: this.outiface, invIn: this.invIn, invOut: this.invOut,
          proto: this.proto, invProto: this.invProto,
          matches: this.matches.map((m) => m.data),
          target: this.target,
          text: '', packets: 0, bytes: 0,
        };
        rule.text = ruleText(rule);
        rules.push(rule);
      }
    }
    return ok(rules);
  }

  get protoPos(): Pos | null {
    return this.protoAt;
  }
}

function onceOnly(word: Word, flag: string): IptResult<void> {
  return fail(word, 'conflict', `multiple -${flag} flags not allowed`);
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 99;
  const dp: number[] = [];
  for (let j = 0; j <= b.length; j++) dp[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}
