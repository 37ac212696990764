/**
 * A rule as `iptables -S` / iptables-save print it (iptables.c print_rule4 / save_ipv4_addr):
 * -s, -d, -i, -o, -p, then each match as "-m NAME OPTIONS", then the target.
 */
import { formatAddrMaskSave } from './addr';
import { MATCH_EXTS, targetExt } from './extensions';
import type { Rule, Target } from './model';
import { PROTO_NAMES } from './names';

type RuleBody = Pick<
  Rule,
  'src' | 'smsk' | 'dst' | 'dmsk' | 'invSrc' | 'invDst' | 'iniface' | 'outiface' | 'invIn' | 'invOut' | 'proto' | 'invProto' | 'matches' | 'target'
>;

export function protoText(proto: number): string {
  if (proto === 0) return 'all';
  return PROTO_NAMES[proto] ?? String(proto);
}

/** The rule without its target: "-s 10.0.0.0/8 -p tcp -m tcp --dport 22". */
export function ruleMatchText(r: RuleBody): string {
  let s = '';
  if (r.smsk !== 0 || r.invSrc) s += `${r.invSrc ? ' !' : ''} -s ${formatAddrMaskSave(r.src, r.smsk)}`;
  if (r.dmsk !== 0 || r.invDst) s += `${r.invDst ? ' !' : ''} -d ${formatAddrMaskSave(r.dst, r.dmsk)}`;
  if (r.iniface || r.invIn) s += `${r.invIn ? ' !' : ''} -i ${r.iniface}`;
  if (r.outiface || r.invOut) s += `${r.invOut ? ' !' : ''} -o ${r.outiface}`;
  if (r.proto || r.invProto) s += `${r.invProto ? ' !' : ''} -p ${protoText(r.proto)}`;
  for (const m of r.matches) s += ` -m ${m.kind}` + MATCH_EXTS[m.kind].save(m);
  return s.slice(1);
}

export function targetText(t: Target): string {
  switch (t.kind) {
    case 'none':
      return '';
    case 'ACCEPT':
    case 'DROP':
    case 'RETURN':
      return `-j ${t.kind}`;
    case 'jump':
      return `${t.goto ? '-g' : '-j'} ${t.chain}`;
    default:
      return `-j ${t.kind}` + (targetExt(t.kind)?.save(t) ?? '');
  }
}

/** The rule after "-A CHAIN"; with counters, "-c P B" goes between matches and target as -S -v prints. */
export function ruleText(r: RuleBody, counters?: { packets: number; bytes: number }): string {
  let s = ruleMatchText(r);
  if (counters) s += `${s === '' ? '' : ' '}-c ${counters.packets} ${counters.bytes}`;
  const target = targetText(r.target);
  if (target !== '') s += `${s === '' ? '' : ' '}${target}`;
  return s;
}
