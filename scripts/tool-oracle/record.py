#!/usr/bin/python3
"""Record transcripts of the real tools: the app's default scenario (labos-1 — fw — labos-2, the
seed's rules on labos-1, the services on their ports) built in network namespaces, a corpus of
console lines run with the real ncat, ping, curl, dig, nmap, hping3, traceroute, tcpdump, ss, ip,
iptables, conntrack, sysctl, and for each line its stdout, stderr, exit code, duration, the packets seen at the
firewall and `conntrack -L` on the firewall afterwards.

usage: record.py CORPUS.json --out TRANSCRIPT.json [--only REGEX] [--settle SECONDS]
"""
import argparse
import json
import os
import pty
import re
import select
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
import tty

HERE = os.path.dirname(os.path.abspath(__file__))
SERVICES = os.path.join(HERE, "services.py")

# src/sim/defaultScenario.ts
NODES = ["labos-1", "fw", "labos-2"]
ADDR = {"labos-1": "192.168.1.1", "labos-2": "192.168.3.1"}
FW_ADDR = {"eth0": "192.168.1.254", "eth1": "192.168.3.254"}
SEED_RULES_LABOS1 = [
    "iptables -A OUTPUT -j ACCEPT",
    "iptables -A INPUT -m state --state established,related -j ACCEPT",
    "iptables -A INPUT -j DROP",
]
NODE_SERVICES = {"labos-1": ["http:80"], "labos-2": ["http:80", "ssh:22", "ftp:21", "dns:53"]}
# what /etc/hosts says on every machine (World.hostNames: each machine's first address)
HOSTS = "127.0.0.1\tlocalhost\n192.168.1.1\tlabos-1\n192.168.1.254\tfw\n192.168.3.1\tlabos-2\n"
# dig without @server asks the resolver of /etc/resolv.conf (dig.ts: DEFAULT_SERVER)
RESOLV = "nameserver 192.168.3.1\n"
# a terminal's environment
ENV = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/root",
       "TERM": "xterm-256color", "LANG": "C.UTF-8", "USER": "root", "LOGNAME": "root", "SHELL": "/bin/bash"}
HARD_LIMIT_S = 90
# between two lines typed at a program's stdin, and between the last one and ^D
STDIN_GAP_S = 0.1
# a scan of 1000 ports: keep the first packets and the count
MAX_PACKETS = 200


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def run(cmd, check=True, input=None):
    r = subprocess.run(cmd, input=input, capture_output=True, text=True)
    if check and r.returncode != 0:
        raise RuntimeError(f"command failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr.strip()}")
    return r


def pid_alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def clean_stale(prefix):
    """Deletes namespaces (and /etc/netns files) of this prefix left by recorders that died."""
    pat = re.compile(r"^" + re.escape(prefix) + r"-(\d+)-(labos-1|fw|labos-2)$")
    for d in ("/run/netns", "/etc/netns"):
        try:
            names = os.listdir(d)
        except FileNotFoundError:
            continue
        for n in names:
            m = pat.match(n)
            if m and not pid_alive(int(m.group(1))):
                if d == "/run/netns":
                    run(["ip", "netns", "del", n], check=False)
                else:
                    run(["rm", "-rf", os.path.join(d, n)], check=False)


def tool_versions():
    def first(cmd, lines=1):
        r = subprocess.run(cmd, capture_output=True, text=True)
        return "\n".join((r.stdout + r.stderr).strip().splitlines()[:lines])
    return {
        "kernel": os.uname().release,
        "debian": open("/etc/debian_version").read().strip(),
        "ncat": first(["ncat", "--version"]),
        "nmap": first(["nmap", "--version"]),
        "curl": first(["curl", "--version"]),
        "dig": first(["dig", "-v"]),
        "ping": first(["ping", "-V"]),
        "hping3": first(["hping3", "--version"]),
        "ss": first(["ss", "--version"]),
        "iptables": first(["iptables", "--version"]),
        "conntrack": first(["conntrack", "--version"]),
        "sysctl": first(["sysctl", "--version"]),
        "tcpdump": first(["tcpdump", "--version"]),
        "traceroute": first(["traceroute", "--version"]),
        "ip": first(["ip", "-V"]),
        "bash": first(["bash", "--version"]),
    }


class Lab:
    """Three namespaces wired as src/sim/topology.ts, the seed's rules, the services."""

    def __init__(self, prefix):
        base = f"{prefix}-{os.getpid()}"
        self.ns = {n: f"{base}-{n}" for n in NODES}
        self.created = []
        self.daemons = []
        try:
            self._build()
        except BaseException:
            self.destroy()
            raise

    def exec_(self, node, cmd, **kw):
        return run(["ip", "netns", "exec", self.ns[node]] + cmd, **kw)

    def _build(self):
        ns = self.ns
        for node, n in ns.items():
            run(["ip", "netns", "del", n], check=False)
            run(["ip", "netns", "add", n])
            self.created.append(n)
            os.makedirs(f"/etc/netns/{n}", exist_ok=True)
            with open(f"/etc/netns/{n}/hosts", "w") as f:
                f.write(HOSTS)
            with open(f"/etc/netns/{n}/resolv.conf", "w") as f:
                f.write(RESOLV)
        fw, a, b = ns["fw"], ns["labos-1"], ns["labos-2"]
        run(["sh", "-ec", f"""
ip link add eth0 netns {fw} type veth peer name eth0 netns {a}
ip link add eth1 netns {fw} type veth peer name eth0 netns {b}
ip -n {fw} addr add {FW_ADDR['eth0']}/24 dev eth0
ip -n {fw} addr add {FW_ADDR['eth1']}/24 dev eth1
ip -n {a} addr add {ADDR['labos-1']}/24 dev eth0
ip -n {b} addr add {ADDR['labos-2']}/24 dev eth0
for n in {fw} {a} {b}; do ip -n $n link set lo up; ip -n $n link set eth0 up; done
ip -n {fw} link set eth1 up
ip -n {a} route add default via {FW_ADDR['eth0']}
ip -n {b} route add default via {FW_ADDR['eth1']}
"""])
        common = ["net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1"]
        for node in NODES:
            self.exec_(node, ["sysctl", "-q", "-w"] + common)
        self.exec_("fw", ["sysctl", "-q", "-w", "net.ipv4.ip_forward=1"])
        # The app's firewall tracks every packet. A real kernel registers conntrack's hooks in a
        # namespace only once a ruleset needs them; an nft table of its own (family inet, which
        # iptables-nft does not list) does that without a line in `iptables -S`.
        self.exec_("fw", ["nft", "add table inet oracle; add chain inet oracle track "
                                 "{ type filter hook prerouting priority 0; policy accept; }; "
                                 "add rule inet oracle track ct state new counter"])
        for line in SEED_RULES_LABOS1:
            self.exec_("labos-1", shlex.split(line))
        for node, svcs in NODE_SERVICES.items():
            p = subprocess.Popen(["ip", "netns", "exec", ns[node], "/usr/bin/python3", SERVICES, node] + svcs,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                 start_new_session=True)
            self.daemons.append(p)
            if p.stdout.readline().strip() != "ready":
                raise RuntimeError(f"services on {node} did not start")
        self.ifnames = {}
        for l in json.loads(self.exec_("fw", ["ip", "-j", "link"]).stdout):
            self.ifnames[l["ifindex"]] = l["ifname"]
        # ARP first, so that no line's packets begin with a resolution the app does not model
        self.exec_("labos-1", ["ping", "-c", "1", "-W", "1", FW_ADDR["eth0"]])
        self.exec_("labos-2", ["ping", "-c", "1", "-W", "1", FW_ADDR["eth1"]])
        # ... and forget it: no entry, no rule counter of labos-1 shows it
        for node in NODES:
            self.exec_(node, ["conntrack", "-F"], check=False)
        self.exec_("labos-1", ["iptables", "-Z"])

    def destroy(self):
        for p in self.daemons:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait()
        self.daemons = []
        for n in reversed(self.created):
            run(["ip", "netns", "del", n], check=False)
            run(["rm", "-rf", f"/etc/netns/{n}"], check=False)
        self.created = []


# ---------------------------------------------------------------- capture at the firewall

class Capture:
    def __init__(self, lab, path):
        self.path = path
        self.p = subprocess.Popen(["ip", "netns", "exec", lab.ns["fw"], "tcpdump", "-i", "any", "-y", "LINUX_SLL2",
                                   "-nn", "-U", "-w", path, "ip"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        line = "?"
        while line and "listening on" not in line:
            line = self.p.stderr.readline()
        if not line:
            raise RuntimeError("tcpdump did not start")

    def stop(self):
        self.p.send_signal(signal.SIGINT)
        self.p.communicate(timeout=10)


TCP_FLAG_ORDER = "FSRPAUEC"


def tcp_flags(f):
    return "".join(c for i, c in enumerate(TCP_FLAG_ORDER) if int(f) & (1 << i))


def tcp_options(opts):
    out = []
    for name, val in opts:
        if name == "MSS":
            out.append(f"mss {val}")
        elif name == "WScale":
            out.append(f"wscale {val}")
        elif name == "SAckOK":
            out.append("sackOK")
        elif name == "Timestamp":
            out.append("TS")
        elif name == "NOP":
            out.append("nop")
        elif name == "SAck":
            out.append("sack")
        elif name == "EOL":
            out.append("eol")
        else:
            out.append(str(name))
    return out


def describe_l4(ip):
    from scapy.layers.inet import ICMP, IPerror, TCP, TCPerror, UDP, UDPerror  # noqa: F401
    d = {"src": ip.src, "dst": ip.dst, "len": ip.len, "ttl": ip.ttl, "ipId": ip.id,
         "df": bool(int(ip.flags) & 2)}
    if ip.proto == 6 and ip.haslayer(TCP):
        t = ip[TCP]
        d.update(proto="tcp", sport=t.sport, dport=t.dport, flags=tcp_flags(t.flags), seq=t.seq, ack=t.ack,
                 win=t.window, options=tcp_options(t.options), payload=len(t.payload))
    elif ip.proto == 17 and ip.haslayer(UDP):
        u = ip[UDP]
        d.update(proto="udp", sport=u.sport, dport=u.dport, payload=len(u.payload))
    elif ip.proto == 1 and ip.haslayer(ICMP):
        c = ip[ICMP]
        d.update(proto="icmp", type=c.type, code=c.code)
        if c.type in (0, 8, 13, 14):
            d.update(id=c.id, icmpseq=c.seq)
        if c.type in (3, 4, 5, 11, 12) and ip.haslayer(IPerror):
            e = ip[IPerror]
            inner = {"src": e.src, "dst": e.dst, "proto": {6: "tcp", 17: "udp", 1: "icmp"}.get(e.proto, e.proto)}
            if e.haslayer(TCPerror):
                inner.update(sport=e[TCPerror].sport, dport=e[TCPerror].dport)
            elif e.haslayer(UDPerror):
                inner.update(sport=e[UDPerror].sport, dport=e[UDPerror].dport)
            d["inner"] = inner
        d["payload"] = ip.len - 20 - 8
    else:
        d.update(proto=str(ip.proto))
    return d


def read_packets(path, ifnames, t0):
    from scapy.layers.inet import IP
    from scapy.utils import rdpcap
    out = []
    for pkt in rdpcap(path):
        if not pkt.haslayer(IP):
            continue
        ifname = ifnames.get(int(pkt.ifindex), "?")
        outgoing = int(pkt.pkttype) == 4
        peer = {"eth0": "labos-1", "eth1": "labos-2"}.get(ifname, "?")
        d = {"t": round((float(pkt.time) - t0) * 1000, 1),
             "dir": f"fw>{peer}" if outgoing else f"{peer}>fw", "iface": ifname}
        d.update(describe_l4(pkt[IP]))
        out.append(d)
    return out


# ---------------------------------------------------------------- one console line

def raw_pty():
    m, s = pty.openpty()
    tty.setraw(s)
    return m, s


def default_signals():
    """A shell's foreground job gets SIGINT and SIGQUIT at their defaults, even when the recorder
    itself was started in the background (where bash ignores them, and exec keeps that)."""
    for sig in (signal.SIGINT, signal.SIGQUIT, signal.SIGPIPE):
        signal.signal(sig, signal.SIG_DFL)


def run_step(lab, step, settle, tmp):
    node, line = step["node"], step["line"]
    cap = Capture(lab, os.path.join(tmp, "cap.pcap"))
    out_m, out_s = raw_pty()
    err_m, err_s = raw_pty()
    t0 = time.time()
    start = time.monotonic()
    p = subprocess.Popen(["ip", "netns", "exec", lab.ns[node], "unshare", "--uts", "bash", "-c",
                          f"hostname {node}; {line}"],
                         stdin=subprocess.PIPE, stdout=out_s, stderr=err_s, env=ENV, cwd="/",
                         start_new_session=True, preexec_fn=default_signals)
    os.close(out_s)
    os.close(err_s)
    bufs = {out_m: b"", err_m: b""}

    def reader():
        fds = [out_m, err_m]
        while fds:
            r, _, _ = select.select(fds, [], [], 0.2)
            for fd in r:
                try:
                    d = os.read(fd, 65536)
                except OSError:
                    d = b""
                if not d:
                    fds.remove(fd)
                else:
                    bufs[fd] += d
            if p.poll() is not None and not r:
                break
    th = threading.Thread(target=reader, daemon=True)
    th.start()

    try:
        return finish_step(lab, step, settle, cap, p, th, bufs, out_m, err_m, t0, start)
    finally:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if cap.p.poll() is None:
            cap.p.kill()
            cap.p.wait()


def finish_step(lab, step, settle, cap, p, th, bufs, out_m, err_m, t0, start):
    stdin = step.get("stdin")
    stdin_at = step.get("stdinAfterMs", 500) / 1000
    interrupt_at = step.get("interruptAfterMs")
    interrupt_at = None if interrupt_at is None else interrupt_at / 1000
    stdin_done = stdin is None
    stdin_lines = [] if stdin is None else stdin.splitlines(keepends=True)
    typed = 0
    interrupted = killed = False
    # other lines typed meanwhile in a second terminal (traffic for tcpdump, a socket for ss); their
    # stdin is a pipe left open, as a terminal where nothing is typed
    also = [dict(a) for a in step.get("also", [])]
    while p.poll() is None:
        el = time.monotonic() - start
        for a in also:
            if "proc" not in a and el >= a.get("afterMs", 0) / 1000:
                a["proc"] = subprocess.Popen(["ip", "netns", "exec", lab.ns[a["node"]], "unshare", "--uts", "bash", "-c",
                                              f"hostname {a['node']}; {a['line']}"],
                                             stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                             env=ENV, cwd="/", start_new_session=True, preexec_fn=default_signals)
        if not stdin_done and el >= stdin_at + typed * STDIN_GAP_S:
            # a terminal hands a program one line at a time; ^D (EOF) one gap after the last
            try:
                if typed < len(stdin_lines):
                    p.stdin.write(stdin_lines[typed].encode())
                    p.stdin.flush()
                    typed += 1
                else:
                    p.stdin.close()
                    stdin_done = True
            except BrokenPipeError:
                stdin_done = True
        if interrupt_at is not None and not interrupted and el >= interrupt_at:
            os.killpg(p.pid, signal.SIGINT)
            interrupted = True
        if el >= HARD_LIMIT_S:
            os.killpg(p.pid, signal.SIGKILL)
            killed = True
            break
        time.sleep(0.005)
    rc = p.wait()
    duration = (time.monotonic() - start) * 1000
    for a in also:
        # what still runs in the second terminal gets ^C when the line ends
        if "proc" in a and a["proc"].poll() is None:
            os.killpg(a["proc"].pid, signal.SIGINT)
            try:
                a["proc"].wait(timeout=3)
            except subprocess.TimeoutExpired:
                os.killpg(a["proc"].pid, signal.SIGKILL)
                a["proc"].wait()
    try:
        os.killpg(p.pid, signal.SIGKILL)   # leftovers of the line (none expected)
    except ProcessLookupError:
        pass
    th.join(timeout=5)
    for fd in (out_m, err_m):
        os.close(fd)
    time.sleep(settle)
    cap.stop()
    ct = lab.exec_("fw", ["conntrack", "-L"], check=False)
    packets = read_packets(cap.path, lab.ifnames, t0)
    res = dict(step)
    if len(packets) > MAX_PACKETS:
        res["packetCount"] = len(packets)
        packets = packets[:MAX_PACKETS]
    res.update(
        stdout=bufs[out_m].decode("utf-8", "replace"),
        stderr=bufs[err_m].decode("utf-8", "replace"),
        exit=128 - rc if rc < 0 else rc,
        durationMs=round(duration),
        packets=packets,
        conntrack=sorted(ct.stdout.splitlines()),
    )
    if interrupted:
        res["interrupted"] = True
    if killed:
        res["killed"] = True
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("--out", required=True)
    ap.add_argument("--only", help="record only the cases whose name matches this regular expression (others are kept from --out)")
    ap.add_argument("--settle", type=float, default=1.0,
                    help="seconds to go on capturing after a line ends (default 1)")
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("record.py: must run as root")
    prefix = os.environ.get("TO_PREFIX", "tr")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    clean_stale(prefix)
    corpus = json.load(open(args.corpus))
    old = {}
    if args.only and os.path.exists(args.out):
        old = {c["name"]: c for c in json.load(open(args.out))["cases"]}
    cases = []
    with tempfile.TemporaryDirectory(prefix="tool-oracle-") as tmp:
        for case in corpus["cases"]:
            if args.only and not re.search(args.only, case["name"]):
                if case["name"] in old:
                    cases.append(old[case["name"]])
                continue
            lab = Lab(prefix)
            try:
                steps = []
                for step in case["steps"]:
                    r = run_step(lab, step, args.settle, tmp)
                    log(f"{case['name']}: {step['node']}# {step['line']} -> {r['exit']} "
                        f"({r['durationMs']} ms, {len(r['packets'])} packets)")
                    steps.append(r)
            finally:
                lab.destroy()
            cases.append({"name": case["name"], "steps": steps})
    out = {"recordedWith": tool_versions(), "settleMs": round(args.settle * 1000), "cases": cases}
    with open(args.out + ".tmp", "w") as f:
        f.write(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    os.replace(args.out + ".tmp", args.out)
    log(f"written {args.out}: {sum(len(c['steps']) for c in cases)} lines")


if __name__ == "__main__":
    main()
