#!/usr/bin/python3
"""Record kernel traces: replay a scenario's packets through a real Linux firewall namespace
and write down what conntrack / iptables said about each one.

usage: record.py SCENARIO.json... --out DIR [--settle SECONDS] [--keep-going]

A scenario is a trace (see /work/shared/kernel-traces/README.md) without the `expect` fields.
For each scenario a fresh set of network namespaces is built (firewall, A, B), the packets are
crafted with scapy and sent from raw sockets inside A and B, and after each packet the recorder
reads the mangle/filter counters, `conntrack -L` and `conntrack -L expect` in the firewall.
DIR/<name>.json receives the scenario with every packet's `expect` filled in.

Must run as root, with Debian's python3 (it has scapy): /usr/bin/python3.
Env: KO_PREFIX (default "ko") prefixes the namespace names, so two recorders can run at once.
See README.md beside this file.
"""
import argparse
import ctypes
import json
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import time

import logging
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import IP, TCP, UDP, Raw  # noqa: E402

ADDR = {"A": "10.99.1.1", "B": "10.99.3.1"}
OTHER = {"A": "B", "B": "A"}
FW_ADDR = {"eth0": "10.99.1.254", "eth1": "10.99.3.254"}
# the interface of the firewall that faces each side
SIDE_IF = {"A": "eth0", "B": "eth1"}
STATES = ["NEW", "ESTABLISHED", "RELATED", "INVALID", "UNTRACKED"]
TCP_FLAG_BITS = {"F": 0x01, "S": 0x02, "R": 0x04, "P": 0x08, "A": 0x10, "U": 0x20, "E": 0x40, "C": 0x80}
CLONE_NEWNET = 0x40000000

PACKET_KEYS = {"from", "src", "dst", "ttl", "wait", "proto", "sport", "dport", "flags", "seq", "ack",
               "win", "wscale", "len", "payload", "type", "code", "id", "icmpseq", "inner", "expect"}

libc = ctypes.CDLL(None, use_errno=True)


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- namespaces

def setns_fd(fd):
    if libc.setns(fd, CLONE_NEWNET) != 0:
        e = ctypes.get_errno()
        raise OSError(e, "setns: " + os.strerror(e))


def setns_name(name):
    fd = os.open("/run/netns/" + name, os.O_RDONLY)
    try:
        setns_fd(fd)
    finally:
        os.close(fd)


def run(cmd, check=True, input=None):
    r = subprocess.run(cmd, input=input, capture_output=True, text=True)
    if check and r.returncode != 0:
        raise RuntimeError(f"command failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr.strip()}")
    return r


def sh(script):
    """Runs a shell script (set -e) in the current namespace."""
    return run(["sh", "-ec", script])


def pid_alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def clean_stale(prefix):
    """Deletes namespaces of this prefix left by recorders that died (their pid is gone)."""
    pat = re.compile(r"^" + re.escape(prefix) + r"-(\d+)-(fw|a|b)$")
    try:
        names = os.listdir("/run/netns")
    except FileNotFoundError:
        return
    for n in names:
        m = pat.match(n)
        if m and not pid_alive(int(m.group(1))):
            run(["ip", "netns", "del", n], check=False)


class Lab:
    """The three namespaces of one scenario."""

    def __init__(self, prefix, sysctls, rules, helper_needed):
        base = f"{prefix}-{os.getpid()}"
        self.fw, self.a, self.b = base + "-fw", base + "-a", base + "-b"
        self.created = []
        try:
            self._build(sysctls, rules, helper_needed)
        except BaseException:
            self.destroy()
            raise

    def _build(self, sysctls, rules, helper_needed):
        fw, a, b = self.fw, self.a, self.b
        for n in (fw, a, b):
            run(["ip", "netns", "del", n], check=False)
            run(["ip", "netns", "add", n])
            self.created.append(n)
        sh(f"""
ip link add eth0 netns {fw} type veth peer name eth0 netns {a}
ip link add eth1 netns {fw} type veth peer name eth0 netns {b}
ip -n {fw} addr add {FW_ADDR['eth0']}/32 dev eth0
ip -n {fw} addr add {FW_ADDR['eth1']}/32 dev eth1
ip -n {a} addr add {ADDR['A']}/24 dev eth0
ip -n {b} addr add {ADDR['B']}/24 dev eth0
for n in {fw} {a} {b}; do ip -n $n link set lo up; done
ip -n {fw} link set eth0 up
ip -n {fw} link set eth1 up
ip -n {a} link set eth0 up
ip -n {b} link set eth0 up
ip -n {a} route add default via {FW_ADDR['eth0']}
ip -n {b} route add default via {FW_ADDR['eth1']}
ip -n {fw} route add {ADDR['A']}/32 dev eth0
ip -n {fw} route add {ADDR['B']}/32 dev eth1
ip -n {fw} route add 10.99.0.0/23 via {ADDR['A']}
ip -n {fw} route add 10.99.2.0/23 via {ADDR['B']}
ip -n {fw} route add default via {ADDR['B']}
ip -n {a} route add local 10.99.0.0/23 dev lo
ip -n {b} route add local 10.99.2.0/23 dev lo
""")
        common = ["net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1",
                  "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0",
                  "net.ipv4.conf.eth0.rp_filter=0"]
        fw_sysctl = common + [
            "net.ipv4.conf.eth1.rp_filter=0",
            "net.ipv4.ip_forward=1",
            "net.ipv4.conf.all.send_redirects=0", "net.ipv4.conf.eth0.send_redirects=0",
            "net.ipv4.conf.eth1.send_redirects=0",
            "net.netfilter.nf_conntrack_tcp_loose=1",
            "net.netfilter.nf_conntrack_tcp_be_liberal=0",
        ]
        for k, v in (sysctls or {}).items():
            fw_sysctl.append(f"{k}={v}")
        run(["ip", "netns", "exec", fw, "sysctl", "-q", "-w"] + fw_sysctl)
        for n in (a, b):
            run(["ip", "netns", "exec", n, "sysctl", "-q", "-w"] + common)
            # A and B never answer: everything that reaches their own stack is dropped
            run(["ip", "netns", "exec", n, "iptables", "-P", "INPUT", "DROP"])
        # helpers: modern kernels attach them only by the CT target (no automatic assignment)
        helper_sysctl = "net.netfilter.nf_conntrack_helper"
        r = run(["ip", "netns", "exec", fw, "sysctl", "-n", helper_sysctl], check=False)
        if r.returncode == 0 and r.stdout.strip() != "0":
            run(["ip", "netns", "exec", fw, "sysctl", "-q", "-w", helper_sysctl + "=0"])
        if helper_needed and not os.path.isdir("/sys/module/nf_conntrack_ftp"):
            run(["modprobe", "nf_conntrack_ftp"])
        # the trace's rules (filter, raw), then the observation rules (mangle only)
        if rules:
            run(["ip", "netns", "exec", fw, "iptables-restore"], input=rules)
        run(["ip", "netns", "exec", fw, "iptables-restore", "--noflush"], input=observation_rules())
        # check the sysctls took (e.g. a misspelt name fails above; a clamped value shows here)
        final = dict(kv.split("=", 1) for kv in fw_sysctl)   # the scenario's value wins
        for k, v in final.items():
            got = run(["ip", "netns", "exec", fw, "sysctl", "-n", k]).stdout.strip()
            if got != str(v):
                raise RuntimeError(f"sysctl {k}: wanted {v}, kernel has {got}")

    def destroy(self):
        for n in reversed(self.created):
            run(["ip", "netns", "del", n], check=False)
        self.created = []


def observation_rules():
    out = ["*mangle"]
    for st in STATES:
        out.append(f"-A PREROUTING -m state --state {st}")
    for st in STATES:
        out.append(f"-A FORWARD -m state --state {st}")
    out.append("-A POSTROUTING -o eth0")
    out.append("-A POSTROUTING -o eth1")
    out.append("COMMIT")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- packets

def tcp_flags(s):
    v = 0
    for c in s:
        if c not in TCP_FLAG_BITS:
            raise ValueError(f"unknown TCP flag {c!r}")
        v |= TCP_FLAG_BITS[c]
    return v


def payload_of(p):
    if "payload" in p:
        return p["payload"].encode("latin-1")
    return b"x" * int(p.get("len", 0))


def icmp_checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


ICMP_ERRORS = {3, 4, 5, 11, 12}


def build_icmp(p, src, dst):
    t = int(p["type"])
    code = int(p.get("code", 0))
    if t in ICMP_ERRORS:
        rest = b"\0\0\0\0"
        if "mtu" in p:
            rest = struct.pack("!HH", 0, int(p["mtu"]))
        if "inner" in p:
            body = build_ip(p["inner"], default_src=dst, default_dst=src)
        else:
            body = b""
        body += payload_of(p)
    else:
        rest = struct.pack("!HH", int(p.get("id", 0)), int(p.get("icmpseq", 0)))
        body = b""
        if t in (13, 14):      # timestamp request / reply: 3 timestamps
            body = b"\0" * 12
        elif t in (17, 18):    # address mask request / reply: the mask
            body = b"\0" * 4
        body += payload_of(p)
    hdr = struct.pack("!BBH", t, code, 0) + rest
    ck = icmp_checksum(hdr + body)
    return struct.pack("!BBH", t, code, ck) + rest + body


def build_ip(p, default_src, default_dst):
    """The bytes of the IP packet described by p (a trace packet or an ICMP error's `inner`)."""
    for k in p:
        if k not in PACKET_KEYS and k != "mtu":
            raise ValueError(f"unknown packet field {k!r}")
    src = p.get("src", default_src)
    dst = p.get("dst", default_dst)
    ttl = int(p.get("ttl", 64))
    proto = p["proto"]
    if proto == "tcp":
        opts = [("WScale", int(p["wscale"]))] if "wscale" in p else []
        l4 = TCP(sport=int(p["sport"]), dport=int(p["dport"]), flags=tcp_flags(p.get("flags", "")),
                 seq=int(p.get("seq", 0)) & 0xFFFFFFFF, ack=int(p.get("ack", 0)) & 0xFFFFFFFF,
                 window=int(p.get("win", 64240)), options=opts)
        pl = payload_of(p)
        pkt = IP(src=src, dst=dst, ttl=ttl) / l4
        if pl:
            pkt = pkt / Raw(pl)
        return bytes(pkt)
    if proto == "udp":
        pkt = IP(src=src, dst=dst, ttl=ttl) / UDP(sport=int(p["sport"]), dport=int(p["dport"]))
        pl = payload_of(p)
        if pl:
            pkt = pkt / Raw(pl)
        return bytes(pkt)
    if proto == "icmp":
        return bytes(IP(src=src, dst=dst, ttl=ttl, proto=1) / Raw(build_icmp(p, src, dst)))
    num = int(proto)
    return bytes(IP(src=src, dst=dst, ttl=ttl, proto=num) / Raw(payload_of(p)))


def build_packet(p):
    sender = p["from"]
    return build_ip(p, ADDR[sender], ADDR[OTHER[sender]])


# ---------------------------------------------------------------- observation

# a rule may be empty (`-A FORWARD`: no match, no target; it still counts packets)
COUNTER_RE = re.compile(r"^\[(\d+):(\d+)\] -A (\S+)(?: (.*))?$")


def read_counters(text):
    """{(table, chain): [packet counts of its rules in order]} from `iptables-save -c`."""
    res = {}
    table = None
    for line in text.splitlines():
        if line.startswith("*"):
            table = line[1:].strip()
        m = COUNTER_RE.match(line)
        if m and table:
            res.setdefault((table, m.group(3)), []).append(int(m.group(1)))
    return res


def moved(before, after, key):
    b = before.get(key, [])
    a = after.get(key, [])
    return [i for i in range(len(a)) if a[i] > (b[i] if i < len(b) else 0)]


def snapshot():
    procs = {
        "ipt": subprocess.Popen(["iptables-save", "-c"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True),
        "ct": subprocess.Popen(["conntrack", "-L"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
        "exp": subprocess.Popen(["conntrack", "-L", "expect"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True),
    }
    out = {}
    for k, pr in procs.items():
        so, se = pr.communicate()
        if pr.returncode != 0:
            raise RuntimeError(f"{k} failed: {se.strip()}")
        out[k] = so
    lines = lambda s: sorted(x.rstrip() for x in s.splitlines() if x.strip())  # noqa: E731
    return read_counters(out["ipt"]), lines(out["ct"]), lines(out["exp"])


def observe(sender, before, after):
    """state, verdict, rule of the packet just sent, from the counter deltas."""
    st = moved(before, after, ("mangle", "FORWARD"))
    if not st:   # never reached FORWARD (dropped in routing, TTL, ...): the state it had in PREROUTING
        st = moved(before, after, ("mangle", "PREROUTING"))
    if len(st) != 1:
        raise RuntimeError(f"expected exactly one state counter to move, got {[STATES[i] for i in st]}")
    state = STATES[st[0]]
    post = after.get(("mangle", "POSTROUTING"), [])
    post_before = before.get(("mangle", "POSTROUTING"), [])
    idx = 1 if SIDE_IF[OTHER[sender]] == "eth1" else 0   # -o eth0 is rule 1, -o eth1 rule 2
    verdict = "ACCEPT" if post[idx] > post_before[idx] else "DROP"
    fr = moved(before, after, ("filter", "FORWARD"))
    rule = fr[0] + 1 if fr else None
    return state, verdict, rule


# ---------------------------------------------------------------- one scenario

def needs_ftp_helper(rules):
    return bool(rules) and "--helper ftp" in rules


def open_raw_socket(ns, orig_fd):
    setns_name(ns)
    try:
        s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    finally:
        setns_fd(orig_fd)
    return s


def record(scn, prefix, settle):
    rules = scn.get("rules")
    pkts = scn["packets"]
    wire = [build_packet(p) for p in pkts]   # build first: a malformed scenario fails before any netns
    orig_fd = os.open("/proc/self/ns/net", os.O_RDONLY)
    lab = Lab(prefix, scn.get("sysctl"), rules, needs_ftp_helper(rules))
    socks = {}
    try:
        socks["A"] = open_raw_socket(lab.a, orig_fd)
        socks["B"] = open_raw_socket(lab.b, orig_fd)
        setns_name(lab.fw)   # iptables-save / conntrack run as children, in the firewall
        try:
            before, table, exps = snapshot()
            if table or exps:
                raise RuntimeError(f"firewall not clean at start: {table} {exps}")
            results = []
            t0 = time.monotonic()
            clock = 0.0
            for i, (p, data) in enumerate(zip(pkts, wire)):
                w = float(p.get("wait", 0))
                clock += w
                if w > 0:
                    # the trace's time is the sum of the waits: sleep until t0 + that sum, so the
                    # recorder's own per-packet overhead does not accumulate across waits
                    delay = t0 + clock - time.monotonic()
                    if delay > 0:
                        time.sleep(delay)
                dst = p.get("dst", ADDR[OTHER[p["from"]]])
                socks[p["from"]].sendto(data, (dst, 0))
                time.sleep(settle)
                after, table, exps = snapshot()
                state, verdict, rule = observe(p["from"], before, after)
                before = after
                results.append({"expectations": exps, "state": state, "verdict": verdict, "rule": rule,
                                "table": table})
                # a rough per-packet ledger on stderr, handy when writing scenarios
                log(f"  #{i + 1} {p['from']} {p['proto']} {p.get('flags', p.get('type', ''))}: "
                    f"{state} {verdict} rule={rule} | " + " || ".join(table + exps))
        finally:
            setns_fd(orig_fd)
    finally:
        for s in socks.values():
            s.close()
        lab.destroy()
        os.close(orig_fd)
    out = {k: v for k, v in scn.items()}
    out["packets"] = []
    for p, r in zip(pkts, results):
        q = {k: v for k, v in p.items() if k != "expect"}
        q["expect"] = r
        out["packets"].append(q)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("scenarios", nargs="+")
    ap.add_argument("--out", required=True)
    ap.add_argument("--settle", type=float, default=0.03,
                    help="seconds to wait after sending a packet before reading (default 0.03)")
    ap.add_argument("--keep-going", action="store_true", help="go on with the next scenario after a failure")
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("record.py: must run as root")
    prefix = os.environ.get("KO_PREFIX", "ko")
    # a SIGTERM must still tear the namespaces down (finally blocks)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    clean_stale(prefix)
    os.makedirs(args.out, exist_ok=True)
    failed = 0
    for path in args.scenarios:
        scn = json.load(open(path))
        name = scn.get("name") or os.path.splitext(os.path.basename(path))[0]
        scn["name"] = name
        log(f"{name}: {len(scn['packets'])} packets")
        t = time.monotonic()
        try:
            out = record(scn, prefix, args.settle)
        except Exception as e:
            failed += 1
            log(f"{name}: FAILED: {e}")
            if not args.keep_going:
                sys.exit(1)
            continue
        dest = os.path.join(args.out, name + ".json")
        with open(dest + ".tmp", "w") as f:
            f.write(json.dumps(out, indent=1) + "\n")
        os.replace(dest + ".tmp", dest)
        log(f"{name}: written {dest} ({time.monotonic() - t:.1f} s)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
