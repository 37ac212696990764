/**
 * Compares a replay with a kernel recording the way ../shared/tools/compare-traces.py does:
 * `conntrack` lines compared as token lists without mark=/use=/zone=/id=/secctx=, in any
 * order, the timeout token allowed to differ by 2 s (or 1 % of long timeouts).
 */
import type { TraceExpect } from './kernelTrace';

const IGNORED = ['mark=', 'use=', 'zone=', 'id=', 'secctx='];

function tokens(line: string): string[] {
  return line.split(/\s+/).filter((t) => t !== '' && !IGNORED.some((p) => t.startsWith(p)));
}

function sameLines(a: string[], b: string[], tpos: number): boolean {
  if (a.length !== b.length) return false;
  const key = (t: string[]) => [...t.slice(0, tpos), ...t.slice(tpos + 1)].join(' ');
  const A = a.map(tokens).sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
  const B = b.map(tokens).sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
  for (let i = 0; i < A.length; i++) {
    const x = A[i];
    const y = B[i];
    if (x.length !== y.length || key(x) !== key(y)) return false;
    const tx = Number(x[tpos]);
    const ty = Number(y[tpos]);
    if (!Number.isInteger(tx) || !Number.isInteger(ty)) return false;
    if (Math.abs(tx - ty) > Math.max(2, Math.floor(ty / 100))) return false;
  }
  return true;
}

/** The differences for one packet, in the comparison tool's words (empty when they agree). */
export function comparePacket(got: TraceExpect | undefined, exp: TraceExpect): string[] {
  const why: string[] = [];
  const g: Partial<TraceExpect> = got ?? {};
  if (g.state !== exp.state) why.push(`state ${g.state} != ${exp.state}`);
  if (g.verdict !== exp.verdict) why.push(`verdict ${g.verdict} != ${exp.verdict}`);
  if (g.rule !== exp.rule) why.push(`rule ${g.rule} != ${exp.rule}`);
  if (!sameLines(g.table ?? [], exp.table, 2)) why.push('table differs');
  if (!sameLines(g.expectations ?? [], exp.expectations ?? [], 0)) why.push('expectations differ');
  return why;
}
