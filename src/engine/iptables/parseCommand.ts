/**
 * Parses iptables command lines (iptables.c do_command4 / xshared.c do_parse): one command
 * per line, `#` comments, a leading `sudo`/`iptables` and shell prompt tolerated. Options are
 * read as getopt_long reads them (clustered short flags, `--opt=value`, unique prefixes of
 * long names), extension options become available once `-m NAME`/`-j NAME` loaded them, and
 * `-p tcp|udp|icmp` loads its match implicitly at the first option only it knows.
 *
 * What needs the ruleset (does the chain exist, may a target be used there) is left to
 * `applyCommand`; everything else is checked here, in the order iptables checks it.
 */
import type { IptCommand, ListFlags } from './command';
import type { IptResult, Pos } from './errors';
import { fail, ok, OK } from './errors';
import type { Word } from './tokenize';
import { tokenize } from './tokenize';
import type { CommandOp } from './command';
import type { TableName } from './model';
import { GLOBAL_OPTS, resolveLong, shortOpt } from './options';
import type { GlobalOpt, LongCandidate } from './options';
import { RuleBuilder } from './ruleBuilder';
import { parseCNumber } from './ports';

const OP_BY_LETTER: ReadonlyMap<string, CommandOp> = new Map(Object.entries({
  A: 'append', D: 'delete', I: 'insert', R: 'replace', C: 'check', L: 'list', S: 'list-rules',
  F: 'flush', Z: 'zero', N: 'new-chain', X: 'delete-chain', E: 'rename-chain', P: 'policy', V: 'version',
} as const));

/** Options each command refuses (iptables' commands_v_options, for the options modelled). */
const RULE_OPTS = new Set(['s', 'd', 'p', 'i', 'o', 'j', 'g', 'm', 'f', 'ext']);
function illegalWith(letter: string, deleteNum: boolean, id: string): boolean {
  const ruleCmd = letter === 'A' || letter === 'I' || letter === 'R' || letter === 'C' || (letter === 'D' && !deleteNum);
  if (RULE_OPTS.has(id)) return !ruleCmd;
  if (id === 'n' || id === 'line-numbers') return letter !== 'L';
  if (id === 'x') return letter !== 'L';
  if (id === 'c') return !(letter === 'A' || letter === 'I' || letter === 'R' || letter === 'P');
  return false;
}

/** Parses every command of `text`; stops at the first error. */
export function parseCommands(text: string): IptResult<IptCommand[]> {
  const t = tokenize(text);
  if (!t.ok) return t;
  const lines = text.split('\n');
  const out: IptCommand[] = [];
  for (const cw of t.value) {
    const r = parseWords(cw.words, lines);
    if (!r.ok) return r;
    if (r.value) out.push(r.value);
  }
  return ok(out);
}

/** Parses one command line (convenience for a console). */
export function parseCommand(text: string): IptResult<IptCommand | null> {
  const r = parseCommands(text);
  if (!r.ok) return r;
  return ok(r.value[0] ?? null);
}

const PROGRAMS = ['iptables', 'iptables-legacy', 'iptables-nft'];

/** -L and -S list (and go with -Z). */
function listing(letter: string): boolean {
  return letter === 'L' || letter === 'S';
}
const GLOBAL_CANDIDATES: readonly LongCandidate[] = GLOBAL_OPTS.map((opt) => ({ kind: 'global', opt }));

/**
 * Parses the words of one command. With `restoreTable` (iptables-restore lines) there is no
 * program name, the table is fixed and -t is refused.
 */
export function parseWords(all: Word[], lines: string[], restoreTable?: TableName): IptResult<IptCommand | null> {
  if (restoreTable) {
    if (all.length === 0) return ok(null);
    const p = new CommandParser(all, all[0], sourceText(lines, all[0], all[all.length - 1]));
    p.restoreTable = restoreTable;
    return p.run();
  }
  let k = 0;
  if (all[k]?.text === 'sudo') k++;
  const prog = all[k];
  if (!prog) return ok(null);
  const base = prog.text.slice(prog.text.lastIndexOf('/') + 1);
  if (PROGRAMS.includes(base)) k++;
  else if (/^(ip6tables|iptables-save|iptables-restore|iptables-apply|nft|ebtables|arptables)/.test(base)) {
    return fail(prog, 'unsupported', `${base}: not available in this console`, 'type iptables commands here; paste iptables-save output into the ruleset editor');
  } else if (!prog.text.startsWith('-')) {
    return fail(prog, 'syntax', `${prog.text}: command not found`, 'expected an iptables command, e.g. iptables -A INPUT -p tcp --dport 22 -j ACCEPT');
  }
  const words = all.slice(k);
  const first = all[0];
  const last = all[all.length - 1];
  const src = sourceText(lines, first, last);
  return new CommandParser(words, first, src).run();
}

function sourceText(lines: string[], first: Word, last: Word): string {
  if (first.line === last.line) return (lines[first.line - 1] ?? '').trim();
  return lines.slice(first.line - 1, last.line).join('\n').trim();
}

class CommandParser {
  private i = 0;
  private letter = '';
  private cmdWord: Pos;
  private chain = '';
  private chainAt: Pos;
  private num = 0;
  private numAt: Pos;
  private arg = '';
  private argAt: Pos;
  private table: TableName = 'filter';
  private flags: ListFlags = { verbose: false, numeric: false, exact: false, lineNumbers: false, zero: false };
  private counters: { packets: number; bytes: number } | null = null;
  private invert: Pos | null = null;
  private rb: RuleBuilder;
  private restore: TableName | null = null;

  set restoreTable(t: TableName) {
    this.restore = t;
    this.table = t;
    this.rb.table = t;
  }

  constructor(
    private words: Word[],
    private start: Pos,
    private source: string,
  ) {
    this.cmdWord = start;
    this.chainAt = start;
    this.numAt = start;
    this.argAt = start;
    this.rb = new RuleBuilder();
  }

  run(): IptResult<IptCommand | null> {
    const w = this.words;
    while (this.i < w.length) {
      const word = w[this.i++];
      const t = word.text;
      let r: IptResult<void>;
      if (t === '!') {
        if (this.invert) return fail(word, 'syntax', 'multiple consecutive ! not allowed');
        this.invert = word;
        continue;
      } else if (t.startsWith('--') && t.length > 2) {
        r = this.longOption(word);
      } else if (t.startsWith('-') && t.length > 1) {
        r = this.shortOptions(word);
      } else {
        return fail(word, 'bad-argument', `Bad argument \`${t}'`, this.badArgumentHint());
      }
      if (!r.ok) return r;
    }
    if (this.invert) return fail(this.invert, 'syntax', 'Bad argument `!\'', 'a "!" must be followed by the option it negates');
    return this.finish();
  }

  private badArgumentHint(): string {
    if (!this.letter) return 'a command such as -A CHAIN, -I CHAIN, -D CHAIN, -P CHAIN POLICY or -L must come first';
    return 'every value must follow the option it belongs to (is an option misspelt or a quote missing?)';
  }

  // ---------------------------------------------------------------- option dispatch

  private longOption(word: Word): IptResult<void> {
    const eq = word.text.indexOf('=');
    const name = word.text.slice(2, eq >= 0 ? eq : undefined);
    const inline = eq >= 0 ? word.text.slice(eq + 1) : null;
    let cand = resolveLong(name, GLOBAL_CANDIDATES, this.rb.extCandidates());
    if (!cand && this.rb.loadImplicitProto(word)) cand = resolveLong(name, GLOBAL_CANDIDATES, this.rb.extCandidates());
    if (!cand) return fail(word, 'unknown-option', `unknown option "${word.text}"`, this.rb.unknownOptionHint(name));
    if (cand.kind === 'global') return this.globalOption(cand.opt, word, inline);
    const args = this.takeArgs(word, cand.opt.args, inline, word.text);
    if (!args.ok) return args;
    const inv = this.takeInvert();
    if (inv && !cand.opt.invertible) {
      return fail(inv, 'syntax', `${this.rb.extName(cand.owner)}: option "--${cand.opt.name}" cannot be inverted.`);
    }
    if (illegalWith(this.letter, this.isDeleteNum(), 'ext')) return this.illegal(word);
    return this.rb.extOption(cand.owner, cand.opt, word, args.value, inv !== null, this.argWords);
  }

  private shortOptions(word: Word): IptResult<void> {
    const t = word.text;
    for (let c = 1; c < t.length; c++) {
      const opt = shortOpt(t[c]);
      const at: Pos = { line: word.line, column: word.column + c };
      if (!opt) return fail(at, 'unknown-option', `unknown option "-${t[c]}"`, 'see iptables -h for the options');
      if (opt.args === 0) {
        const r = this.globalOption(opt, { ...at, text: '-' + t[c] }, null);
        if (!r.ok) return r;
        continue;
      }
      const rest = t.slice(c + 1);
      return this.globalOption(opt, { ...word, text: '-' + t[c] }, rest !== '' ? rest : null, rest !== '' ? { line: word.line, column: word.column + c + 1 } : null);
    }
    return OK;
  }

  private takeInvert(): Pos | null {
    const inv = this.invert;
    this.invert = null;
    return inv;
  }

  /** Words of the last option's arguments (for error positions). */
  private argWords: Word[] = [];

  /** Takes `n` arguments (the inline one first), as getopt does for required arguments. */
  private takeArgs(optWord: Word, n: 0 | 1 | 2, inline: string | null, typed: string, inlineAt: Pos | null = null): IptResult<string[]> {
    this.argWords = [];
    if (n === 0) {
      if (inline !== null && !inlineAt) return fail(optWord, 'syntax', `option "${typed.split('=')[0]}" doesn't allow an argument`);
      return ok([]);
    }
    const out: string[] = [];
    if (inline !== null) {
      out.push(inline);
      this.argWords.push({ text: inline, ...(inlineAt ?? optWord) });
    } else {
      const a = this.words[this.i];
      if (!a) return fail(optWord, 'missing-argument', `option "${typed}" requires an argument`);
      this.i++;
      out.push(a.text);
      this.argWords.push(a);
    }
    if (n === 2) {
      const b = this.words[this.i];
      if (!b || b.text.startsWith('-') || b.text === '!') {
        if (typed === '-c' || typed.startsWith('--set')) return fail(optWord, 'missing-argument', '-c requires packet and byte counter');
        return fail(optWord, 'missing-argument', `${typed} requires two args.`);
      }
      this.i++;
      out.push(b.text);
      this.argWords.push(b);
    }
    return ok(out);
  }

  /** An optional positional argument: the next word unless it looks like an option. */
  private optionalWord(): Word | null {
    const a = this.words[this.i];
    if (a && !a.text.startsWith('-') && a.text !== '!') {
      this.i++;
      return a;
    }
    return null;
  }

  private isDeleteNum(): boolean {
    return this.letter === 'D' && this.num > 0;
  }

  private illegal(word: Word): IptResult<void> {
    return fail(word, 'conflict', `Illegal option \`${word.text.split('=')[0]}' with this command`);
  }

  private globalOption(opt: GlobalOpt, word: Word, inline: string | null, inlineAt: Pos | null = null): IptResult<void> {
    const id = opt.id;
    const inv = this.takeInvert();
    if (inv && !opt.invertible) return fail(inv, 'syntax', `cannot have ! before ${opt.short ? '-' + opt.short : '--' + opt.name}`);

    // commands
    if (OP_BY_LETTER.has(id)) {
      // -Z goes with -L and -S (list, then zero)
      if ((id === 'Z' && listing(this.letter)) || (listing(id) && this.letter === 'Z')) {
        this.flags.zero = true;
        if (id === 'Z') return OK;
        this.letter = '';
      }
      if (this.letter) {
        return fail(word, 'conflict', `Cannot use -${id} with -${this.letter}`, 'one command per line');
      }
      this.letter = id;
      this.cmdWord = word;
      return this.commandArgs(opt, word, inline, inlineAt);
    }
    if (this.letter && illegalWith(this.letter, this.isDeleteNum(), id)) return this.illegal(word);

    switch (id) {
      case 't': {
        if (this.restore) {
          return fail(word, 'syntax', `The -t option (seen in line ${word.line}) cannot be used in iptables-restore.`, 'the table is given by the *table line');
        }
        const a = this.takeArgs(word, 1, inline, word.text, inlineAt);
        if (!a.ok) return a;
        const name = a.value[0];
        if (name !== 'filter' && name !== 'raw') {
          const known = ['nat', 'mangle', 'security'].includes(name);
          return fail(this.argWords[0], known ? 'unsupported' : 'bad-value',
            `can't initialize iptables table \`${name}': Table does not exist (do you need to insmod?)`,
            known ? 'this simulator has only the raw and filter tables' : 'the tables are raw and filter');
        }
        this.table = name;
        this.rb.table = name;
        return OK;
      }
      case 'v':
        this.flags.verbose = true;
        return OK;
      case 'n':
        this.flags.numeric = true;
        return OK;
      case 'x':
        this.flags.exact = true;
        return OK;
      case 'line-numbers':
        this.flags.lineNumbers = true;
        return OK;
      case 'w':
        this.optionalWord();
        return OK;
      case 'W':
      case 'modprobe': {
        const a = this.takeArgs(word, 1, inline, word.text, inlineAt);
        return a.ok ? OK : a;
      }
      case '4':
        return OK;
      case 'c': {
        const a = this.takeArgs(word, 2, inline, word.text, inlineAt);
        if (!a.ok) return a;
        const p = parseCNumber(a.value[0]);
        if (p === null) return fail(this.argWords[0], 'bad-value', '-c packet counter not numeric');
        const b = parseCNumber(a.value[1]);
        if (b === null) return fail(this.argWords[1], 'bad-value', '-c byte counter not numeric');
        this.counters = { packets: p, bytes: b };
        return OK;
      }
      case 'f':
      case '6':
      case 'h':
        return fail(word, 'unsupported', `option "${word.text}" is not available in this simulator`,
          id === 'f' ? 'fragments are not simulated' : undefined);
      default: {
        const a = this.takeArgs(word, opt.args === 2 ? 2 : 1, inline, word.text, inlineAt);
        if (!a.ok) return a;
        return this.rb.ipOption(id, word, a.value[0], this.argWords[0], inv !== null);
      }
    }
  }

  private commandArgs(opt: GlobalOpt, word: Word, inline: string | null, inlineAt: Pos | null): IptResult<void> {
    const L = this.letter;
    if (L === 'V') return OK;
    let chainWord: Word | null;
    if (opt.args === 1) {
      const a = this.takeArgs(word, 1, inline, word.text, inlineAt);
      if (!a.ok) return a;
      chainWord = this.argWords[0];
    } else if (inline !== null) {
      chainWord = { text: inline, ...(inlineAt ?? word) };
    } else {
      chainWord = this.optionalWord();
    }
    if (chainWord) {
      this.chain = chainWord.text;
      this.chainAt = chainWord;
    } else {
      this.chainAt = word;
    }
    if (L === 'N' || L === 'E') {
      const bad = checkChainName(chainWord!);
      if (bad) return bad;
    }
    if (L === 'I' || L === 'D' || L === 'L' || L === 'S' || L === 'Z' || L === 'R') {
      const nw = this.words[this.i];
      if (L === 'R') {
        if (!nw || nw.text.startsWith('-') || nw.text === '!') {
          return fail(word, 'missing-argument', '-R requires a rule number', 'e.g. iptables -R INPUT 2 -p tcp --dport 22 -j ACCEPT');
        }
      }
      if (nw && chainWord && (L === 'R' || /^\d+$/.test(nw.text) || ((L === 'L' || L === 'S' || L === 'Z') && !nw.text.startsWith('-') && nw.text !== '!'))) {
        this.i++;
        const n = /^\d+$/.test(nw.text) ? Number(nw.text) : 0;
        if (n <= 0) return fail(nw, 'bad-index', `Invalid rule number \`${nw.text}'`, 'rules are numbered from 1');
        this.num = n;
        this.numAt = nw;
      }
    }
    if (L === 'P' || L === 'E') {
      const nw = this.words[this.i];
      if (!nw || nw.text.startsWith('-')) {
        return fail(word, 'missing-argument', L === 'P' ? '-P requires a chain and a policy' : '-E requires old-chain-name and new-chain-name');
      }
      this.i++;
      this.arg = nw.text;
      this.argAt = nw;
      if (L === 'E') {
        const bad = checkChainName(nw);
        if (bad) return bad;
      }
    }
    return OK;
  }

  private finish(): IptResult<IptCommand | null> {
    if (!this.letter) {
      if (this.words.length === 0) return ok(null);
      return fail(this.start, 'syntax', 'no command specified', 'e.g. -A INPUT ..., -P FORWARD DROP, -L -n -v');
    }
    const L = this.letter;
    const op = OP_BY_LETTER.get(L)!;
    const isRuleCmd = L === 'A' || L === 'I' || L === 'R' || L === 'C' || (L === 'D' && this.num === 0);
    let rules: IptCommand['rules'] = [];
    if (isRuleCmd) {
      const built = this.rb.finish(this.chain, this.cmdWord);
      if (!built.ok) return built;
      rules = built.value;
      if (this.counters) for (const r of rules) Object.assign(r, this.counters);
      if (L === 'R' && rules.length > 1) {
        return fail(this.cmdWord, 'conflict', 'Replacement rule does not specify a unique address');
      }
    }
    const cmd: IptCommand = {
      op,
      table: this.table,
      chain: this.chain,
      num: this.num,
      arg: this.arg,
      rules,
      flags: this.flags,
      line: this.start.line,
      source: this.source,
      at: {
        command: this.cmdWord,
        chain: this.chainAt,
        num: this.numAt,
        arg: this.argAt,
        target: this.rb.targetAt ?? this.cmdWord,
      },
    };
    return ok(cmd);
  }
}

/** -N/-E name checks (xshared.c): length, leading '-' or '!', clash with a target name. */
function checkChainName(w: Word): IptResult<void> | null {
  const n = w.text;
  if (n.length >= 29) return fail(w, 'bad-value', `chain name \`${n}' too long (must be under 29 chars)`);
  if (n.startsWith('-') || n.startsWith('!')) return fail(w, 'bad-value', `chain name not allowed to start with \`${n[0]}'`);
  if (['ACCEPT', 'DROP', 'RETURN', 'QUEUE', 'REJECT', 'LOG', 'CT', 'NOTRACK'].includes(n)) {
    return fail(w, 'bad-value', 'chain name may not clash with target name');
  }
  return null;
}
