/**
 * `iptables -L [chain [num]] [-v] [-n] [-x] [--line-numbers]` (iptables.c list_entries,
 * print_header, print_firewall; libxtables xtables_print_num). Column widths, the K/M/G/T
 * counter suffixes and the trailing spaces are those of the real tool. Without -n, ports and
 * protocols are shown by name; addresses stay numeric (no DNS here) except `anywhere`.
 */
import { formatAddrMaskList } from './addr';
import type { ListFlags } from './command';
import { MATCH_EXTS, targetExt } from './extensions';
import type { Chain, Rule, Table } from './model';
import { chainsInListOrder, countReferences } from './model';
import { protoText } from './rulePrint';

/** xtables_print_num: K/M/G/T in 5 columns, or exact in 8 with -x; `table` false = no padding. */
export function formatCount(n: number, exact: boolean, table = true): string {
  if (exact) return table ? String(n).padStart(8) + ' ' : `${n} `;
  if (n <= 99999) return table ? String(n).padStart(5) + ' ' : `${n} `;
  for (const suffix of ['K', 'M', 'G']) {
    n = Math.floor((n + 500) / 1000);
    if (n <= 9999) return table ? `${String(n).padStart(4)}${suffix} ` : `${n}${suffix} `;
  }
  n = Math.floor((n + 500) / 1000);
  return table ? `${String(n).padStart(4)}T ` : `${n}T `;
}

function header(table: Table, c: Chain, f: ListFlags): string {
  let s = `Chain ${c.name}`;
  if (c.policy !== null) {
    s += ` (policy ${c.policy}`;
    if (f.verbose) s += ' ' + formatCount(c.packets, f.exact, false) + 'packets, ' + formatCount(c.bytes, f.exact, false) + 'bytes';
    s += ')';
  } else {
    s += ` (${countReferences(table, c.name)} references)`;
  }
  let h = '';
  if (f.lineNumbers) h += 'num'.padEnd(4) + ' ';
  if (f.verbose) h += f.exact ? 'pkts'.padStart(8) + ' ' + 'bytes'.padStart(10) + ' ' : 'pkts'.padStart(5) + ' ' + 'bytes'.padStart(5) + ' ';
  h += 'target'.padEnd(9) + ' ' + ' prot ' + 'opt';
  if (f.verbose) h += ' ' + 'in'.padEnd(6) + ' ' + 'out'.padEnd(6) + ' ';
  h += ' ' + 'source'.padEnd(19) + ' ' + ' ' + 'destination'.padEnd(19) + ' ';
  return s + '\n' + h;
}

export function targetColumn(r: Rule): string {
  const t = r.target;
  switch (t.kind) {
    case 'none':
      return '';
    case 'jump':
      return t.chain;
    case 'NOTRACK':
      return 'CT';
    default:
      return t.kind;
  }
}

export function ruleLine(r: Rule, num: number, f: ListFlags): string {
  const numeric = f.numeric;
  let s = '';
  if (f.lineNumbers) s += String(num).padEnd(4) + ' ';
  if (f.verbose) s += formatCount(r.packets, f.exact) + formatCount(r.bytes, f.exact);
  s += targetColumn(r).padEnd(9) + ' ';
  s += (r.invProto ? '!' : ' ') + (numeric ? String(r.proto) : protoText(r.proto)).padEnd(5);
  s += '-- ';
  if (f.verbose) {
    const iface = (name: string, inv: boolean) => (inv ? '!' : '') + (name || (numeric ? '*' : 'any'));
    s += ' ' + iface(r.iniface, r.invIn).padEnd(6) + ' ' + iface(r.outiface, r.invOut).padEnd(6) + ' ';
  }
  const addr = (a: number, m: number) => (m === 0 && !numeric ? 'anywhere' : formatAddrMaskList(a, m));
  s += (r.invSrc ? '!' : ' ') + addr(r.src, r.smsk).padEnd(19) + ' ';
  s += (r.invDst ? '!' : ' ') + addr(r.dst, r.dmsk).padEnd(19) + ' ';
  if (r.target.kind === 'jump' && r.target.goto) s += '[goto] ';
  for (const m of r.matches) s += MATCH_EXTS[m.kind].print(m, numeric, r.proto);
  const te = r.target.kind !== 'jump' ? targetExt(r.target.kind) : null;
  if (te) s += te.print(r.target, numeric, r.proto);
  return s;
}

/** The text of `iptables -L`, ending with a newline. Null when `chain` does not exist. */
export function listTable(table: Table, f: ListFlags, chain = '', num = 0): string | null {
  const chains = chain ? table.chains.filter((c) => c.name === chain) : chainsInListOrder(table);
  if (chain && chains.length === 0) return null;
  if (num > 0) {
    const r = chains[0].rules[num - 1];
    return r ? ruleLine(r, num, f) + '\n' : '';
  }
  const out: string[] = [];
  chains.forEach((c, k) => {
    if (k > 0) out.push('');
    out.push(header(table, c, f));
    c.rules.forEach((r, i) => out.push(ruleLine(r, i + 1, f)));
  });
  return out.join('\n') + '\n';
}
