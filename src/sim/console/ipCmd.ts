/**
 * `ip` (iproute2 6.1, Debian 12) for the lab's fixed network, as recorded in the namespaces
 * (traces/tools): `ip addr`/`ip a` [`show` [`dev`] IF], `ip link` [`-s`], `ip route`/`ip r`
 * [`show`], `ip route get ADDR`, `ip -V`. The veths are numbered as the recorder creates them
 * (lo 1, then eth0 2, eth1 3 in each namespace) and named after their peer (`eth0@if2`).
 */
import { formatIpv4, parseIpv4 } from '../../engine/ipv4';
import { macOf } from '../host/mac';
import { IP_USAGE } from './referenceTexts';
import type { Command, ProcCtx } from './shell';

const LO_ADDR = '\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00';

function fail(ctx: ProcCtx, text: string, code: number): null {
  ctx.err(text);
  ctx.exit(code);
  return null;
}

/** An abbreviation iproute2 accepts for `word` (`a`, `ad`, `addr` … for address). */
const abbrev = (typed: string, word: string, min = 1): boolean => typed.length >= min && word.startsWith(typed);

interface Link {
  index: number;
  name: string;
  peerIndex: number;
  peerNs: string;
  mac: string;
  addr: string;
  prefix: number;
}

function links(ctx: ProcCtx): Link[] {
  const topo = ctx.world.topo;
  const me = ctx.node.index;
  return topo.ifaces[me].map((f, k) => {
    const peerIfaces = topo.ifaces[f.peer];
    const pk = peerIfaces.findIndex((g) => g.peer === me);
    return {
      index: k + 2,
      name: f.name,
      peerIndex: pk + 2,
      peerNs: ctx.world.nodes[f.peer].spec.id,
      mac: macOf(me, k),
      addr: formatIpv4(f.addr),
      prefix: f.prefix,
    };
  });
}

function linkHead(l: Link | null, mode: boolean): string {
  const m = mode ? ' mode DEFAULT' : '';
  if (l === null) return `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN${m} group default qlen 1000${LO_ADDR}`;
  return `${l.index}: ${l.name}@if${l.peerIndex}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP${m} group default qlen 1000\n    link/ether ${l.mac} brd ff:ff:ff:ff:ff:ff link-netns ${l.peerNs}`;
}

function addrLines(l: Link | null): string {
  if (l === null) return `${linkHead(null, false)}\n    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever`;
  return `${linkHead(l, false)}\n    inet ${l.addr}/${l.prefix} scope global ${l.name}\n       valid_lft forever preferred_lft forever`;
}

function stats(rx: { bytes: number; packets: number }, tx: { bytes: number; packets: number }): string {
  const row = (v: number[]) => `    ${v.map((x, i) => String(x).padStart([10, 7, 6, 7, 7, 7][i])).join(' ')} `;
  return [
    '    RX:  bytes packets errors dropped  missed   mcast           ',
    row([rx.bytes, rx.packets, 0, 0, 0, 0]),
    '    TX:  bytes packets errors dropped carrier collsns           ',
    row([tx.bytes, tx.packets, 0, 0, 0, 0]),
  ].join('\n');
}

export const ip: Command = (argv, ctx) => {
  let statsFlag = false;
  let i = 1;
  for (; i < argv.length && argv[i].startsWith('-'); i++) {
    const o = argv[i].replace(/^--?/, '');
    if (abbrev(o, 'Version')) {
      ctx.out('ip utility, iproute2-6.1.0, libbpf 1.1.2');
      ctx.exit(0);
      return null;
    }
    if (abbrev(o, 'statistics') || o === 'ss') statsFlag = true;
    else if (o === '4' || abbrev(o, 'numeric', 1) || abbrev(o, 'details') || abbrev(o, 'color')) continue;
    else if (abbrev(o, 'help')) return fail(ctx, IP_USAGE, 255);
    else return fail(ctx, `Option "${argv[i]}" is unknown, try "ip -help".`, 255);
  }
  const object = argv[i];
  const rest = argv.slice(i + 1);
  if (object === undefined) return fail(ctx, IP_USAGE, 255);
  const all = links(ctx);
  const pickDev = (words: string[]): { ok: true; dev: string | null } | { ok: false } => {
    const w = words[0] === undefined || abbrev(words[0], 'show') || abbrev(words[0], 'list') ? words.slice(1) : null;
    if (w === null) return { ok: false };
    const dev = w[0] === 'dev' ? w[1] : w[0];
    return { ok: true, dev: dev ?? null };
  };
  const select = (words: string[], cmdName: string): (Link | null)[] | null => {
    const d = pickDev(words);
    if (!d.ok) {
      fail(ctx, `Command "${words[0]}" is unknown, try "ip ${cmdName} help".`, 255);
      return null;
    }
    if (d.dev === null) return [null, ...all];
    if (d.dev === 'lo') return [null];
    const l = all.find((x) => x.name === d.dev);
    if (!l) {
      fail(ctx, `Device "${d.dev}" does not exist.`, 1);
      return null;
    }
    return [l];
  };
  if (abbrev(object, 'address')) {
    const sel = select(rest, 'address');
    if (!sel) return null;
    ctx.out(sel.map(addrLines).join('\n'));
  } else if (abbrev(object, 'link')) {
    const sel = select(rest, 'link');
    if (!sel) return null;
    const counters = ctx.stack.counters;
    ctx.out(
      sel
        .map((l) => {
          const head = linkHead(l, true);
          if (!statsFlag) return head;
          const c = l === null ? null : counters.get(l.name);
          return `${head}\n${stats(c?.rx ?? { bytes: 0, packets: 0 }, c?.tx ?? { bytes: 0, packets: 0 })}`;
        })
        .join('\n'),
    );
  } else if (abbrev(object, 'route')) {
    if (rest[0] !== undefined && abbrev(rest[0], 'get')) return routeGet(ctx, all, rest[1]);
    if (rest[0] !== undefined && !abbrev(rest[0], 'show') && !abbrev(rest[0], 'list')) return fail(ctx, `Command "${rest[0]}" is unknown, try "ip route help".`, 255);
    const lines: string[] = [];
    const gw = gateway(ctx);
    if (gw) lines.push(`default via ${gw} dev ${all[0].name} `);
    for (const l of all) {
      const net = parseIpv4(l.addr)! & (l.prefix === 0 ? 0 : -1 << (32 - l.prefix));
      lines.push(`${formatIpv4(net)}/${l.prefix} dev ${l.name} proto kernel scope link src ${l.addr} `);
    }
    ctx.out(lines.join('\n'));
  } else return fail(ctx, `Object "${object}" is unknown, try "ip help".`, 1);
  ctx.exit(0);
  return null;
};

/** A host's default route: the firewall's address on its link (the firewall has none). */
function gateway(ctx: ProcCtx): string | null {
  if (ctx.node.spec.kind === 'firewall') return null;
  const topo = ctx.world.topo;
  const f = topo.ifaces[ctx.node.index][0];
  const g = f ? topo.ifaceToward(f.peer, ctx.node.index) : undefined;
  return g ? formatIpv4(g.addr) : null;
}

function routeGet(ctx: ProcCtx, all: Link[], target: string | undefined): null {
  const a = target === undefined ? null : parseIpv4(target);
  if (a === null) return fail(ctx, target === undefined ? 'need at least a destination address' : `Error: inet prefix is expected rather than "${target}".`, 1);
  const ip4 = formatIpv4(a);
  if (all.some((l) => l.addr === ip4)) {
    ctx.out(`local ${ip4} dev lo src ${ip4} uid 0 \n    cache <local> `);
    ctx.exit(0);
    return null;
  }
  const r = ctx.world.topo.route(ctx.node.index, a);
  if (!r) return fail(ctx, 'RTNETLINK answers: Network is unreachable', 2);
  const l = all.find((x) => x.name === r.iface)!;
  const onLink = ((parseIpv4(l.addr)! ^ a) & (-1 << (32 - l.prefix))) === 0;
  ctx.out(`${ip4} ${onLink ? '' : `via ${gateway(ctx)} `}dev ${l.name} src ${l.addr} uid 0 \n    cache `);
  ctx.exit(0);
  return null;
}
