/**
 * "Reproduce on real Linux": a session as one bash script that builds the lab out of network
 * namespaces (the scenario's machines, addresses and routes; forwarding on the firewall), loads
 * each node's sysctls and rules (iptables-restore), starts the same services (the tool oracle's
 * services.py: HTTP, the SSH banner, FTP, DNS), types the same lines in the same terminals with
 * the real tools, and prints each terminal's output and `conntrack -L` of every node after each
 * step. See the script's own header for the choices (time, terminals, ^C and ^D).
 */
import type { NodeSpec, SharedInput, SharedSession } from '../sim/api';
import { parseRulesText } from '../engine/iptables/node';
import { saveRuleset } from '../engine/iptables/savePrint';
import { SERVICES_PY } from './servicesPy';

/** A word for bash, in single quotes. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A here-document delimiter that does not occur in `text`. */
function heredocTag(text: string, base: string): string {
  let tag = base;
  for (let n = 1; text.split('\n').includes(tag); n++) tag = `${base}_${n}`;
  return tag;
}

/** The rules as iptables-save text (filter and raw, so that iptables-restore replaces both, as the app does), or the parse error. */
export function rulesAsSave(text: string): { ok: true; text: string } | { ok: false; error: string } {
  const r = parseRulesText(text);
  if (!r.ok) return { ok: false, error: `line ${r.error.line}: ${r.error.message}` };
  return { ok: true, text: saveRuleset(r.value, { tables: ['raw', 'filter'] }) };
}

/** Seconds with milliseconds, for sleep and the step lines. */
const secs = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);

function nsVar(i: number): string {
  return `"$NS${i}"`;
}

function stepHeader(i: number, n: number, inp: SharedInput, what: string): string {
  return `step ${i + 1} ${n} ${secs(inp.at)} ${shQuote(what)}`;
}

function servicesPy(nodes: NodeSpec[]): string {
  const hosts = nodes.map((n) => `${JSON.stringify(n.name)}: ${JSON.stringify(n.ifaces[0].addr)}`).join(', ');
  return SERVICES_PY.replace(/^HOSTS = \{.*\}$/m, `HOSTS = {${hosts}}`);
}

/** A crafted packet sent with scapy (the app's crafter: IP, then TCP, UDP or ICMP, then data). */
function craftLine(f: Extract<SharedInput, { craft: unknown }>['craft']): string {
  const n = (v: number | string | undefined, d: number): number => (v === undefined || v === '' || Number.isNaN(Number(v)) ? d : Number(v));
  const ip = [`dst=${JSON.stringify(f.dst)}`, ...(f.src ? [`src=${JSON.stringify(f.src)}`] : []), `ttl=${n(f.ttl, 64)}`, ...(f.ipId ? [`id=${n(f.ipId, 0)}`] : [])];
  let l4: string;
  if (f.proto === 'tcp') {
    const flags = (f.flags ?? '').replace(/[,/ ]/g, '').replace(/SYN/gi, 'S').replace(/ACK/gi, 'A').replace(/FIN/gi, 'F').replace(/RST/gi, 'R').replace(/PSH/gi, 'P').replace(/URG/gi, 'U').replace(/ECE/gi, 'E').replace(/CWR/gi, 'C');
    const ws = n(f.wscale, -1);
    l4 = `TCP(sport=${n(f.sport, 0)}, dport=${n(f.dport, 0)}, flags=${JSON.stringify(flags)}, seq=${n(f.seq, 0)}, ack=${n(f.ack, 0)}, window=${n(f.win, 64240)}${ws >= 0 ? `, options=[("WScale", ${ws})]` : ''})`;
  } else if (f.proto === 'udp') l4 = `UDP(sport=${n(f.sport, 0)}, dport=${n(f.dport, 0)})`;
  else l4 = `ICMP(type=${n(f.icmpType, 8)}, code=${n(f.icmpCode, 0)}, id=${n(f.icmpId, 0)}, seq=${n(f.icmpSeq, 0)})`;
  const data = f.payload ? `/Raw(load=${JSON.stringify(f.payload)})` : f.proto === 'icmp' ? '/Raw(load=bytes(range(56)))' : '';
  return `from scapy.all import IP, TCP, UDP, ICMP, Raw, send; send(IP(${ip.join(', ')})/${l4}${data}, verbose=0)`;
}

const HEADER = `#!/usr/bin/env bash
# Reproduce on real Linux — exported from Conntrack Lab.
#
# What it does (as root, in network namespaces of its own; nothing else on this machine is
# touched, and no packet leaves the namespaces):
#   - builds the scenario's machines as namespaces named cl<pid>-<node> (unique per run) wired
#     by veth pairs with the scenario's addresses; the hosts route through the firewall, which
#     forwards (net.ipv4.ip_forward=1); IPv6 off;
#   - makes every machine track connections as the app's do (a real kernel tracks in a namespace
#     only once a ruleset needs it: an nft table of its own, "inet cl_track", which
#     iptables-save does not show, does that);
#   - sets each node's sysctls, resolves ARP (the app does not model it) and forgets what that
#     left in the tables, then loads each node's rules with iptables-restore;
#   - starts the app's services with the tool oracle's services.py (HTTP, the SSH banner, FTP,
#     DNS; they answer byte for byte as the app's do);
#   - then plays the session's steps in order: a line typed in a terminal of a node, a new rules
#     text (iptables-restore), a crafted packet (scapy).
#
# Time: the app's virtual time between two steps is the real time this script waits between
# them (so a program that runs on, e.g. ping without -c or nc waiting for its input, runs as
# long as it did in the app, and conntrack's timeouts run as in the app), and after the last
# step the time from it to the moment the session was exported. After each step's wait it
# prints what the terminals wrote and \`conntrack -L\` of every node. At the end every program
# still running gets SIGINT (^C), as if the terminals were closed. The links take no time here
# (the app's links have a delay; timings and the seconds conntrack prints differ a little).
#
# Terminals: each terminal of the app is a bash reading its lines from a FIFO (started with
# SIGINT at its default: a script's background jobs would otherwise ignore it); a program it runs
# reads its standard input from there too, as in a terminal: a line typed while nc runs goes to
# nc. A line ending in ^C sends SIGINT to what the terminal runs; ^D ends the terminal's input
# (its next line opens a new one). These bashes have no job control: & works, fg does not.
#
# Needs: iproute2, iptables (1.8, nft or legacy), conntrack, nftables, python3, and the tools
# the lines use (ncat, curl, dig, ping, nmap, hping3).
set -u
if [ "$(id -u)" != 0 ]; then
  echo "$0: must run as root (it creates network namespaces and loads iptables rules): sudo bash $0" >&2
  exit 1
fi
for tool in ip iptables-restore conntrack nft python3 mkfifo unshare; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$0: $tool is missing (Debian: apt-get install iproute2 iptables conntrack nftables python3)" >&2; exit 1; }
done
ID="cl$$"
while ip netns list | grep -q "^$ID-"; do ID="cl$$r$RANDOM"; done
DIR="$(mktemp -d /tmp/conntrack-lab.XXXXXX)"
declare -A TERM_PID TERM_FD TERM_SEEN
SVC_PIDS=()
NSS=()

cleanup() {
  trap - EXIT INT TERM
  for k in "\${!TERM_PID[@]}"; do
    pkill -KILL -P "\${TERM_PID[$k]}" 2>/dev/null
    kill -KILL "\${TERM_PID[$k]}" 2>/dev/null
  done
  for p in "\${SVC_PIDS[@]}"; do kill -KILL -- "-$p" 2>/dev/null; done
  for n in "\${NSS[@]}"; do
    ip netns del "$n" 2>/dev/null
    rm -rf "/etc/netns/$n"
  done
  rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# in NODE-NAMESPACE COMMAND...
in_ns() { local ns="$1"; shift; ip netns exec "$ns" "$@"; }

# A terminal: key, namespace, host name. Its bash reads the FIFO; the script keeps it open for writing.
term_open() {
  local key="$1" ns="$2" host="$3" fd
  rm -f "$DIR/$key.in"
  mkfifo "$DIR/$key.in"
  : >>"$DIR/$key.out"
  ip netns exec "$ns" unshare --uts env --default-signal=INT -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=dumb LANG=C.UTF-8 \\
    bash -c 'hostname "$0"; exec bash -s' "$host" <"$DIR/$key.in" >>"$DIR/$key.out" 2>&1 &
  TERM_PID[$key]=$!
  disown
  exec {fd}>"$DIR/$key.in"
  TERM_FD[$key]=$fd
  TERM_SEEN[$key]=\${TERM_SEEN[$key]:-0}
}

# type KEY NAMESPACE HOST LINE: a line typed at a terminal.
type_line() {
  local key="$1" ns="$2" host="$3" line="$4"
  if [ -n "\${TERM_PID[$key]:-}" ] && ! kill -0 "\${TERM_PID[$key]}" 2>/dev/null; then unset "TERM_PID[$key]"; fi
  [ -n "\${TERM_PID[$key]:-}" ] || term_open "$key" "$ns" "$host"
  case "$line" in
    *^C) pkill -INT -P "\${TERM_PID[$key]}" 2>/dev/null ;;
    ^D) exec {TERM_FD[$key]}>&-; unset "TERM_PID[$key]" ;;
    *) printf '%s\\n' "$line" >&"\${TERM_FD[$key]}" ;;
  esac
}

# What the terminals wrote since the last look.
show_terminals() {
  local key size
  for key in $(printf '%s\\n' "\${!TERM_SEEN[@]}" | sort); do
    size=$(stat -c %s "$DIR/$key.out")
    if [ "$size" -gt "\${TERM_SEEN[$key]}" ]; then
      echo "--- terminal $key"
      tail -c +"$((TERM_SEEN[$key] + 1))" "$DIR/$key.out"
      TERM_SEEN[$key]=$size
    fi
  done
}

# conntrack -L of every node, in the scenario's order.
show_tables() {
  local i
  for i in "\${!NODE_IDS[@]}"; do
    echo "--- conntrack -L \${NODE_IDS[$i]}"
    in_ns "\${NSS[$i]}" conntrack -L 2>&1
  done
}

# step N OF AT WHAT: announces a step.
step() { echo "=== step $1/$2 at $3 s: $4"; }
# end of a step: wait its time, then show what happened.
done_step() {
  sleep "$1"
  show_terminals
  show_tables
}
`;

export function reproduceScript(session: SharedSession): string {
  const { scenario, end } = session;
  // the scenario's own scheduled commands are typed like the rest, at their time (first terminal)
  const inputs: SharedInput[] = [...scenario.commands.map((c) => ({ at: c.at, steps: 0, node: c.node, command: c.command })), ...session.inputs]
    .map((inp, order) => ({ inp, order }))
    .sort((a, b) => a.inp.at - b.inp.at || a.order - b.order)
    .map((x) => x.inp);
  const nodes = scenario.nodes;
  const out: string[] = [HEADER];
  const ids = nodes.map((n) => shQuote(n.id)).join(' ');
  out.push(`# ---------------------------------------------------------------- the scenario: ${scenario.title.replace(/\n/g, ' ')}`);
  out.push(`NODE_IDS=(${ids})`);
  nodes.forEach((n, i) => out.push(`NS${i}="$ID-${n.id.replace(/[^A-Za-z0-9-]/g, '_')}"; NSS+=("$NS${i}")`));
  out.push(`SVC=$DIR/services.py`);
  out.push(`cat >"$SVC" <<'${heredocTag(SERVICES_PY, 'SERVICES_PY')}'`, servicesPy(nodes).replace(/\n$/, ''), heredocTag(SERVICES_PY, 'SERVICES_PY'));
  const hosts = ['127.0.0.1\tlocalhost', ...nodes.map((n) => `${n.ifaces[0].addr}\t${n.name}`)].map(shQuote).join(' ');
  // dig's default server in the app (dig.ts): the right-hand host
  const dnsServer = nodes[2].ifaces[0].addr;
  out.push('');
  out.push('echo "# building the lab: namespaces $NS0 $NS1 $NS2"');
  nodes.forEach((_, i) => {
    out.push(`ip netns add $NS${i} || exit 1`);
    out.push(`mkdir -p "/etc/netns/$NS${i}"; printf '%s\\n' ${hosts} >"/etc/netns/$NS${i}/hosts"; echo "nameserver ${dnsServer}" >"/etc/netns/$NS${i}/resolv.conf"`);
  });
  const [left, fw, right] = nodes;
  out.push(`ip link add ${shQuote(fw.ifaces[0].name)} netns $NS1 type veth peer name ${shQuote(left.ifaces[0].name)} netns $NS0 || exit 1`);
  out.push(`ip link add ${shQuote(fw.ifaces[1].name)} netns $NS1 type veth peer name ${shQuote(right.ifaces[0].name)} netns $NS2 || exit 1`);
  nodes.forEach((n, i) => {
    out.push(`ip -n $NS${i} link set lo up`);
    for (const f of n.ifaces) out.push(`ip -n $NS${i} addr add ${f.addr}/${f.prefix} dev ${shQuote(f.name)} && ip -n $NS${i} link set ${shQuote(f.name)} up`);
    out.push(`in_ns $NS${i} sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1`);
  });
  out.push(`ip -n $NS0 route add default via ${fw.ifaces[0].addr}`);
  out.push(`ip -n $NS2 route add default via ${fw.ifaces[1].addr}`);
  out.push(`in_ns $NS1 sysctl -q -w net.ipv4.ip_forward=1`);
  const needsHelper = [...nodes.map((n) => n.rules), ...inputs.map((i) => ('rules' in i ? i.rules : 'command' in i ? i.command : ''))].some((t) => /--helper|nf_conntrack_ftp/.test(t));
  if (needsHelper) out.push('modprobe nf_conntrack_ftp 2>/dev/null || true');
  nodes.forEach((_, i) =>
    out.push(`in_ns $NS${i} nft 'add table inet cl_track; add chain inet cl_track track { type filter hook prerouting priority 0; policy accept; }; add rule inet cl_track track ct state new counter' || exit 1`),
  );
  nodes.forEach((n, i) => {
    for (const [k, v] of Object.entries(n.sysctl)) out.push(`in_ns $NS${i} sysctl -q -w ${shQuote(`${k}=${v}`)}`);
  });
  out.push('# ARP first (the app does not model it), then forget what it left');
  out.push(`in_ns $NS0 ping -c 1 -W 1 ${fw.ifaces[0].addr} >/dev/null 2>&1`);
  out.push(`in_ns $NS2 ping -c 1 -W 1 ${fw.ifaces[1].addr} >/dev/null 2>&1`);
  nodes.forEach((_, i) => out.push(`in_ns $NS${i} conntrack -F 2>/dev/null`));
  nodes.forEach((n, i) => {
    const save = rulesAsSave(n.rules);
    if (!save.ok) {
      out.push(`echo ${shQuote(`# ${n.id}: the app refused its rules (${save.error}); none loaded`)}`);
      return;
    }
    const tag = heredocTag(save.text, 'RULES');
    out.push(`in_ns $NS${i} iptables-restore <<'${tag}' || echo ${shQuote(`# ${n.id}: iptables-restore failed`)}`, save.text.replace(/\n$/, ''), tag);
  });
  nodes.forEach((n, i) => {
    const svcs = n.services.map((s) => `${s.name}:${s.port}`);
    if (!svcs.length) return;
    out.push(`setsid ip netns exec $NS${i} python3 "$SVC" ${shQuote(n.name)} ${svcs.join(' ')} >"$DIR/svc${i}.log" 2>&1 &`);
    out.push(`SVC_PIDS+=($!); disown`);
  });
  out.push(`for i in $(seq 50); do [ "$(cat "$DIR"/svc*.log 2>/dev/null | grep -c ready)" = ${nodes.filter((n) => n.services.length).length} ] && break; sleep 0.1; done`);
  out.push('echo "# the lab is ready"');
  out.push('show_tables');
  out.push('');
  out.push('# ---------------------------------------------------------------- the steps');
  const count = inputs.length;
  inputs.forEach((inp, k) => {
    const i = nodes.findIndex((n) => n.id === inp.node);
    const next = k + 1 < count ? inputs[k + 1].at : end.at;
    const ns = `$NS${i}`;
    if ('command' in inp) {
      const tty = inp.tty ?? 1;
      out.push(stepHeader(k, count, inp, `${inp.node} terminal ${tty}: ${inp.command}`));
      out.push(`type_line ${shQuote(`${inp.node}.${tty}`)} "${ns}" ${shQuote(nodes[i].name)} ${shQuote(inp.command)}`);
    } else if ('rules' in inp) {
      out.push(stepHeader(k, count, inp, `${inp.node}: new rules`));
      const save = rulesAsSave(inp.rules);
      if (save.ok) {
        const tag = heredocTag(save.text, 'RULES');
        out.push(`in_ns ${nsVar(i)} iptables-restore <<'${tag}' || echo ${shQuote(`# ${inp.node}: iptables-restore failed`)}`, save.text.replace(/\n$/, ''), tag);
      } else out.push(`echo ${shQuote(`# the app refused these rules (${save.error}): the old ones stay`)}`);
    } else {
      out.push(stepHeader(k, count, inp, `${inp.node}: a crafted ${inp.craft.proto} packet to ${inp.craft.dst}`));
      out.push(`in_ns ${nsVar(i)} python3 -c ${shQuote(craftLine(inp.craft))}`);
    }
    out.push(`done_step ${secs(next - inp.at)}`);
  });
  out.push('');
  out.push('echo "=== end: ^C to what still runs"');
  out.push('for k in "${!TERM_PID[@]}"; do pkill -INT -P "${TERM_PID[$k]}" 2>/dev/null; done');
  out.push('sleep 0.5');
  out.push('show_terminals');
  return out.join('\n') + '\n';
}
