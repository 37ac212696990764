/**
 * tcpdump's filter expressions (pcap-filter(7)), the part a student types: `host`, `src`/`dst
 * host`, `net A/len`, `port`, `src`/`dst port`, `tcp`, `udp`, `icmp`, `ip`, `arp`, `and`/`&&`,
 * `or`/`||`, `not`/`!`, parentheses; a bare address or number after `and`/`or` takes the
 * qualifiers before it (`host a or b`). As in libpcap's grammar, `and` and `or` bind alike, left
 * to right, and `not` binds tighter. Errors are libpcap's words.
 */
import { parseIpv4, type Ipv4 } from '../../engine/ipv4';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, type Packet } from '../../engine/packet';
import { err, ok, type Result } from '../result';

export type Filter = (p: Packet) => boolean;

type Dir = 'src' | 'dst' | 'src or dst' | 'src and dst';
interface Quals {
  proto: number | null;
  dir: Dir;
  kind: 'host' | 'port' | 'net';
}

const PROTOS: Record<string, number> = { tcp: IPPROTO_TCP, udp: IPPROTO_UDP, icmp: IPPROTO_ICMP };
const SYNTAX = "can't parse filter expression: syntax error";

function tokens(text: string): string[] {
  return text.match(/&&|\|\||[()!]|[^\s()!]+/g) ?? [];
}

function both(dir: Dir, a: (p: Packet) => boolean, b: (p: Packet) => boolean): Filter {
  if (dir === 'src') return a;
  if (dir === 'dst') return b;
  if (dir === 'src and dst') return (p) => a(p) && b(p);
  return (p) => a(p) || b(p);
}

function hasPorts(p: Packet): boolean {
  return p.proto === IPPROTO_TCP || p.proto === IPPROTO_UDP;
}

/** Compiles an expression; `names` resolves host names as /etc/hosts does. */
export function compileFilter(text: string, names: (n: string) => Ipv4 | null): Result<Filter> {
  const t = tokens(text);
  if (t.length === 0) return ok(() => true);
  let i = 0;
  let last: Quals | null = null;

  const primitive = (q: Quals, id: string): Result<Filter> => {
    last = q;
    if (q.kind === 'port') {
      if (!/^\d+$/.test(id)) return err(`can't parse filter expression: syntax error`);
      const port = Number(id);
      if (port > 65535) return err(`can't parse filter expression: illegal port number ${port} > 65535`);
      const proto = q.proto;
      if (proto !== null && proto !== IPPROTO_TCP && proto !== IPPROTO_UDP) return err(`can't parse filter expression: port qualifier applied to ${proto === IPPROTO_ICMP ? 'icmp' : 'ip'}`);
      const f = both(q.dir, (p) => p.sport === port, (p) => p.dport === port);
      return ok((p) => hasPorts(p) && (proto === null || p.proto === proto) && f(p));
    }
    if (q.kind === 'net') {
      const m = /^(\d+\.\d+\.\d+\.\d+)(?:\/(\d+))?$/.exec(id);
      const a = m ? parseIpv4(m[1]) : null;
      const len = m?.[2] === undefined ? 32 : Number(m[2]);
      if (a === null || len > 32) return err(`can't parse filter expression: syntax error`);
      const mask = len === 0 ? 0 : (-1 << (32 - len)) | 0;
      if ((a & ~mask) !== 0) return err(`can't parse filter expression: non-network bits set in "${id}"`);
      return ok(both(q.dir, (p) => (p.src & mask) === a, (p) => (p.dst & mask) === a));
    }
    const a = parseIpv4(id) ?? names(id);
    if (a === null) return err(/^[A-Za-z][\w.-]*$/.test(id) ? `can't parse filter expression: unknown host '${id}'` : SYNTAX);
    const proto = q.proto;
    const f = both(q.dir, (p) => p.src === a, (p) => p.dst === a);
    return ok((p) => (proto === null || p.proto === proto) && f(p));
  };

  /** A primitive with its qualifiers: [proto] [dir] [kind] id, or a protocol alone. */
  const qualified = (): Result<Filter> => {
    let proto: number | null = null;
    let dir: Dir | null = null;
    let kind: Quals['kind'] | null = null;
    if (t[i] === 'ip') {
      i++;
      if (i >= t.length || !/^(src|dst|host|net|port)$/.test(t[i])) return ok(() => true);
    } else if (t[i] === 'arp' || t[i] === 'ip6') {
      i++;
      return ok(() => false); // the lab's packets are all IPv4 (no ARP is modelled)
    } else if (Object.hasOwn(PROTOS, t[i])) {
      proto = PROTOS[t[i++]];
      if (i >= t.length || !/^(src|dst|host|port)$/.test(t[i])) {
        const pr = proto;
        return ok((p) => p.proto === pr);
      }
    }
    if (t[i] === 'src' || t[i] === 'dst') {
      dir = t[i++] as Dir;
      if ((t[i] === 'or' || t[i] === 'and') && (t[i + 1] === 'src' || t[i + 1] === 'dst') && t[i + 1] !== dir) {
        dir = t[i] === 'or' ? 'src or dst' : 'src and dst';
        i += 2;
      }
    }
    if (t[i] === 'host' || t[i] === 'port' || t[i] === 'net') kind = t[i++] as Quals['kind'];
    if (kind === null && dir === null) return err(SYNTAX);
    const id = t[i++];
    if (id === undefined || /^(and|or|not|&&|\|\||!|\(|\))$/.test(id)) return err(SYNTAX);
    return primitive({ proto, dir: dir ?? 'src or dst', kind: kind ?? 'host' }, id);
  };

  const unary = (): Result<Filter> => {
    const tok = t[i];
    if (tok === undefined) return err(SYNTAX);
    if (tok === 'not' || tok === '!') {
      i++;
      const r = unary();
      if (!r.ok) return r;
      const f = r.value;
      return ok((p) => !f(p));
    }
    if (tok === '(') {
      i++;
      const r = expr();
      if (!r.ok) return r;
      if (t[i] !== ')') return err(SYNTAX);
      i++;
      return r;
    }
    if (/^(src|dst|host|port|net|ip|arp|ip6)$/.test(tok) || Object.hasOwn(PROTOS, tok)) return qualified();
    // a bare id after and/or: the previous primitive's qualifiers
    if (last !== null && /^[\w.:-]+$/.test(tok)) {
      i++;
      return primitive(last, tok);
    }
    return err(SYNTAX);
  };

  const expr = (): Result<Filter> => {
    let r = unary();
    if (!r.ok) return r;
    let f = r.value;
    while (i < t.length && t[i] !== ')') {
      const op = t[i];
      if (op !== 'and' && op !== '&&' && op !== 'or' && op !== '||') return err(SYNTAX);
      i++;
      r = unary();
      if (!r.ok) return r;
      const a = f;
      const b = r.value;
      f = op === 'and' || op === '&&' ? (p) => a(p) && b(p) : (p) => a(p) || b(p);
    }
    return ok(f);
  };

  const r = expr();
  if (!r.ok) return r;
  if (i < t.length) return err(SYNTAX);
  return r;
}
