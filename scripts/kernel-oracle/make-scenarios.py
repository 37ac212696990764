#!/usr/bin/env python3
"""Writes the scenario inputs scripts/kernel-oracle/scenarios/*.json (traces without `expect`).

The scenarios are plain JSON and may be edited or added by hand; this generator exists so that
TCP sequence/acknowledgement numbers stay consistent (see the Tcp helper) and the rulesets read
alike. usage: make-scenarios.py [NAME-SUBSTRING...]   (default: all)
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "scenarios")
OTHER = {"A": "B", "B": "A"}
SCENARIOS = {}


def scenario(fn):
    SCENARIOS[fn.__name__.replace("_", "-")] = fn
    return fn


def pkt(frm, proto, wait=None, **kw):
    d = {"from": frm}
    if wait:
        d["wait"] = wait
    d["proto"] = proto
    d.update(kw)
    return d


class Tcp:
    """One TCP connection; p() fills seq/ack from what each side has sent so far."""

    def __init__(self, cport=40000, sport=80, cisn=1000, sisn=5000, client="A"):
        server = OTHER[client]
        self.port = {client: cport, server: sport}
        self.nxt = {client: cisn, server: sisn}

    def p(self, frm, flags, n=0, payload=None, seq=None, ack=None, wait=None, advance=None, **kw):
        to = OTHER[frm]
        d = {"from": frm}
        if wait:
            d["wait"] = wait
        d.update(proto="tcp", sport=self.port[frm], dport=self.port[to], flags=flags)
        d["seq"] = (self.nxt[frm] if seq is None else seq) & 0xFFFFFFFF
        if "A" in flags:
            d["ack"] = (self.nxt[to] if ack is None else ack) & 0xFFFFFFFF
        elif ack is not None:
            d["ack"] = ack & 0xFFFFFFFF
        d.update(kw)
        if payload is not None:
            d["payload"] = payload
            n = len(payload.encode("latin-1"))
        elif n:
            d["len"] = n
        if advance is None:
            advance = seq is None
        if advance:
            self.nxt[frm] = (d["seq"] + n + ("S" in flags) + ("F" in flags)) & 0xFFFFFFFF
        return d

    def handshake(self, client="A"):
        s = OTHER[client]
        return [self.p(client, "S"), self.p(s, "SA"), self.p(client, "A")]


def udp(frm, sport, dport, n=None, wait=None, **kw):
    d = pkt(frm, "udp", wait, sport=sport, dport=dport)
    if n:
        d["len"] = n
    d.update(kw)
    return d


def icmp(frm, type, wait=None, code=None, id=None, icmpseq=None, inner=None, **kw):
    d = pkt(frm, "icmp", wait, type=type)
    if code is not None:
        d["code"] = code
    if id is not None:
        d["id"] = id
    if icmpseq is not None:
        d["icmpseq"] = icmpseq
    d.update(kw)
    if inner is not None:
        inner = {k: v for k, v in inner.items() if k not in ("from", "wait")}
        d["inner"] = inner
    return d


def ipt(forward=(), policy="ACCEPT", chains=None, raw=(), raw_output=()):
    chains = chains or {}
    s = f"*filter\n:INPUT ACCEPT [0:0]\n:FORWARD {policy} [0:0]\n:OUTPUT ACCEPT [0:0]\n"
    for c in chains:
        s += f":{c} - [0:0]\n"
    for r in forward:
        s += f"-A FORWARD {r}\n"
    for c, rs in chains.items():
        for r in rs:
            s += f"-A {c} {r}\n"
    s += "COMMIT\n"
    if raw or raw_output:
        s += "*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
        for r in raw:
            s += f"-A PREROUTING {r}\n"
        for r in raw_output:
            s += f"-A OUTPUT {r}\n"
        s += "COMMIT\n"
    return s


CLASSIC = ipt(["-i eth0 -j ACCEPT", "-i eth1 -m state --state ESTABLISHED,RELATED -j ACCEPT"], policy="DROP")

# ============================================================ TCP


@scenario
def t01_tcp_handshake():
    c = Tcp(40000, 80)
    return {"packets": c.handshake() + [c.p("A", "PA", 100), c.p("B", "A"), c.p("B", "PA", 300), c.p("A", "A")]}


@scenario
def t02_tcp_close_client_first():
    c = Tcp(40001, 80)
    return {"packets": c.handshake() + [
        c.p("A", "PA", 50), c.p("B", "A"),
        c.p("A", "FA"),          # FIN_WAIT
        c.p("B", "A"),           # CLOSE_WAIT
        c.p("B", "FA"),          # LAST_ACK
        c.p("A", "A"),           # TIME_WAIT
    ]}


@scenario
def t03_tcp_close_server_first():
    c = Tcp(40002, 80)
    return {"packets": c.handshake() + [
        c.p("B", "PA", 200), c.p("A", "A"),
        c.p("B", "FA"), c.p("A", "A"), c.p("A", "FA"), c.p("B", "A"),
    ]}


@scenario
def t04_tcp_close_finack_combined():
    # the server's FIN acks the client's FIN in one segment; then a retransmitted last ACK
    c = Tcp(40003, 80)
    pk = c.handshake() + [c.p("A", "FA"), c.p("B", "FA"), c.p("A", "A")]
    pk.append(dict(pk[-1]))
    return {"packets": pk}


@scenario
def t05_tcp_rst_syn_sent():
    # RST before any reply: from the client itself, and from the server (closed port, RST/ACK)
    c1 = Tcp(40010, 80)
    c2 = Tcp(40011, 81)
    return {"packets": [c1.p("A", "S"), c1.p("A", "R"), c2.p("A", "S"), c2.p("B", "RA", seq=0)]}


@scenario
def t06_tcp_rst_syn_recv():
    c1 = Tcp(40012, 80)
    c2 = Tcp(40013, 80)
    return {"packets": [c1.p("A", "S"), c1.p("B", "SA"), c1.p("A", "R"),
                        c2.p("A", "S"), c2.p("B", "SA"), c2.p("B", "R", seq=c2.nxt["B"])]}


@scenario
def t07_tcp_rst_established():
    c1 = Tcp(40014, 80)
    c2 = Tcp(40015, 80)
    return {"packets": c1.handshake() + [c1.p("A", "RA")] + c2.handshake() + [c2.p("B", "R")]}


@scenario
def t08_tcp_rst_fin_wait():
    c1 = Tcp(40016, 80)
    c2 = Tcp(40017, 80)
    return {"packets": c1.handshake() + [c1.p("A", "FA"), c1.p("A", "R")] +
            c2.handshake() + [c2.p("A", "FA"), c2.p("B", "RA")]}


@scenario
def t09_tcp_rst_close_wait():
    c1 = Tcp(40018, 80)
    c2 = Tcp(40019, 80)
    return {"packets": c1.handshake() + [c1.p("A", "FA"), c1.p("B", "A"), c1.p("A", "R")] +
            c2.handshake() + [c2.p("A", "FA"), c2.p("B", "A"), c2.p("B", "RA")]}


@scenario
def t10_tcp_rst_last_ack():
    c1 = Tcp(40020, 80)
    c2 = Tcp(40021, 80)
    return {"packets": c1.handshake() + [c1.p("A", "FA"), c1.p("B", "A"), c1.p("B", "FA"), c1.p("A", "R")] +
            c2.handshake() + [c2.p("A", "FA"), c2.p("B", "A"), c2.p("B", "FA"), c2.p("B", "RA")]}


@scenario
def t11_tcp_rst_time_wait():
    c1 = Tcp(40022, 80)
    c2 = Tcp(40023, 80)
    pk = c1.handshake() + [c1.p("A", "FA"), c1.p("B", "FA"), c1.p("A", "A"), c1.p("A", "R")]
    pk += c2.handshake() + [c2.p("A", "FA"), c2.p("B", "FA"), c2.p("A", "A"), c2.p("B", "R")]
    return {"packets": pk}


@scenario
def t12_tcp_rst_bad_seq():
    # RSTs in ESTABLISHED: far out of window (INVALID), in window but not the exact expected seq,
    # then the exact one
    c = Tcp(40024, 80)
    pk = c.handshake() + [c.p("A", "PA", 100), c.p("B", "A")]
    pk += [c.p("B", "R", seq=c.nxt["B"] + 10_000_000),
           c.p("B", "R", seq=c.nxt["B"] + 1000),
           c.p("B", "R")]
    return {"packets": pk}


@scenario
def t13_tcp_simultaneous_open():
    c = Tcp(40030, 40031, cisn=1000, sisn=7000)
    # each side answers the other's SYN with a SYN/ACK repeating its own initial seq
    return {"packets": [c.p("A", "S"), c.p("B", "S"), c.p("A", "SA", seq=1000), c.p("B", "SA", seq=7000),
                        c.p("A", "A"), c.p("B", "PA", 10), c.p("A", "A")]}


@scenario
def t14_tcp_syn_retransmit():
    c = Tcp(40032, 80)
    s = c.p("A", "S")
    r1 = dict(s, wait=2)
    r2 = dict(s, wait=2)
    return {"packets": [s, r1, r2, c.p("B", "SA"), c.p("A", "A")]}


@scenario
def t15_tcp_synack_retransmit():
    c = Tcp(40033, 80)
    s = c.p("A", "S")
    sa = c.p("B", "SA")
    return {"packets": [s, sa, dict(sa, wait=2), dict(s), dict(sa), c.p("A", "A")]}


@scenario
def t16_tcp_reopen_from_time_wait():
    c = Tcp(40034, 80)
    pk = c.handshake() + [c.p("A", "FA"), c.p("B", "FA"), c.p("A", "A")]
    c2 = Tcp(40034, 80, cisn=900000, sisn=800000)
    pk += c2.handshake() + [c2.p("A", "PA", 20)]
    return {"packets": pk}


@scenario
def t17_tcp_reopen_from_close():
    c = Tcp(40035, 80)
    pk = c.handshake() + [c.p("A", "RA")]
    c2 = Tcp(40035, 80, cisn=900000, sisn=800000)
    pk += c2.handshake()
    return {"packets": pk}


@scenario
def t18_tcp_midstream_pickup_loose():
    # no entry: an ACK (then data) picks the connection up with loose=1
    c = Tcp(40036, 80, cisn=123456, sisn=654321)
    return {"packets": [c.p("A", "A"), c.p("B", "PA", 100), c.p("A", "PA", 50), c.p("B", "A")]}


@scenario
def t19_tcp_midstream_no_loose():
    c = Tcp(40037, 80, cisn=123456, sisn=654321)
    return {"sysctl": {"net.netfilter.nf_conntrack_tcp_loose": 0},
            "packets": [c.p("A", "A"), c.p("A", "PA", 50), c.p("B", "PA", 100), c.p("A", "S", seq=1000)]}


@scenario
def t20_tcp_invalid_flags_new():
    # odd flag combinations with no entry
    pk = []
    for i, fl in enumerate(["SF", "SR", "F", "", "FSRPAUEC", "FPU", "SA", "R", "RA"]):
        pk.append(pkt("A", "tcp", sport=40100 + i, dport=80, flags=fl, seq=1000, **({"ack": 1} if "A" in fl else {})))
    return {"packets": pk}


@scenario
def t21_tcp_invalid_flags_established():
    c = Tcp(40040, 80)
    pk = c.handshake()
    for fl in ["SF", "SR", "F", "", "FSRPAUEC", "FPU"]:
        pk.append(c.p("A", fl, advance=False, seq=c.nxt["A"], **({"ack": c.nxt["B"]} if "A" not in fl else {})))
    pk.append(c.p("A", "PA", 10))
    return {"packets": pk}


def window_packets(c):
    pk = c.handshake() + [c.p("A", "PA", 100), c.p("B", "A")]
    a, b = c.nxt["A"], c.nxt["B"]
    pk += [
        c.p("A", "PA", 10, seq=a + 200000),            # seq over the upper bound
        c.p("A", "PA", 10, seq=a - 300000),            # seq (and end) under the lower bound
        c.p("A", "A", ack=b + 100000),                # ack over the upper bound
        c.p("A", "A", ack=b - 300000),                # ack under the lower bound
        c.p("A", "PA", 10),                           # in window again
        c.p("B", "A"),
    ]
    return pk


@scenario
def t22_tcp_out_of_window():
    return {"packets": window_packets(Tcp(40041, 80))}


@scenario
def t23_tcp_out_of_window_be_liberal():
    return {"sysctl": {"net.netfilter.nf_conntrack_tcp_be_liberal": 1}, "packets": window_packets(Tcp(40042, 80))}


@scenario
def t24_tcp_window_scaling():
    # both SYNs announce wscale 7: B's window of 1000 (in a non-SYN segment) means 128000 bytes, so data 100000 bytes
    # ahead of the acknowledged point is still in window; without scaling it would not be
    c = Tcp(40043, 80)
    pk = [c.p("A", "S", wscale=7), c.p("B", "SA", win=1000, wscale=7), c.p("A", "A", win=502)]
    pk.append(c.p("B", "A", win=1000))   # windows of SYN segments are never scaled: B announces again
    a = c.nxt["A"]
    pk += [c.p("A", "PA", 100, seq=a + 100000), c.p("A", "PA", 100, seq=a + 200000),
           c.p("A", "PA", 100, seq=a + 1000000), c.p("A", "PA", 100)]
    return {"packets": pk}


@scenario
def t25_tcp_window_scaling_one_sided():
    # only the SYN has the option: scaling is off for both directions
    c = Tcp(40044, 80)
    pk = [c.p("A", "S", wscale=7), c.p("B", "SA", win=1000), c.p("A", "A", win=502)]
    pk.append(c.p("B", "A", win=1000))
    a = c.nxt["A"]
    pk += [c.p("A", "PA", 100, seq=a + 100000), c.p("A", "PA", 100, seq=a + 500), c.p("A", "PA", 100)]
    return {"packets": pk}


@scenario
def t26_tcp_synack_without_syn():
    c = Tcp(40045, 80)
    return {"packets": [c.p("B", "SA", ack=1001), c.p("A", "A", seq=1001), c.p("B", "SA", ack=1001)]}


@scenario
def t27_tcp_stray_ack_after_close():
    c = Tcp(40046, 80)
    pk = c.handshake() + [c.p("A", "FA"), c.p("B", "FA"), c.p("A", "A")]
    pk += [c.p("A", "A"), c.p("B", "A", seq=c.nxt["B"] - 1, advance=False), c.p("A", "PA", 10)]
    c2 = Tcp(40047, 80)
    pk += c2.handshake() + [c2.p("A", "RA"), c2.p("A", "A", seq=c2.nxt["A"]), c2.p("B", "PA", 10)]
    return {"packets": pk}


@scenario
def t28_nmap_probes():
    # -sS to a closed port (B answers RST/ACK), -sA, -sX, -sN, -sF probes
    return {"packets": [
        pkt("A", "tcp", sport=51000, dport=22, flags="S", seq=4000, win=1024),
        pkt("B", "tcp", sport=22, dport=51000, flags="RA", seq=0, ack=4001, win=0),
        pkt("A", "tcp", sport=51000, dport=23, flags="A", seq=0, ack=4000, win=1024),
        pkt("B", "tcp", sport=23, dport=51000, flags="R", seq=4000, win=0),
        pkt("A", "tcp", sport=51000, dport=24, flags="FPU", seq=4000, win=1024),
        pkt("A", "tcp", sport=51000, dport=25, flags="", seq=4000, win=1024),
        pkt("A", "tcp", sport=51000, dport=26, flags="F", seq=4000, win=1024),
    ]}


@scenario
def t29_tcp_unacked_and_retrans_timeouts():
    # data not yet acknowledged: the UNACK timeout; a retransmitted segment (max_retrans times):
    # the RETRANS timeout; a zero window: the RETRANS timeout too
    c = Tcp(40048, 80)
    pk = c.handshake()
    d = c.p("A", "PA", 100)
    pk += [d, dict(d), dict(d), dict(d), c.p("B", "A")]
    pk += [c.p("B", "A", win=0), c.p("A", "A")]
    return {"sysctl": {"net.netfilter.nf_conntrack_tcp_timeout_unacknowledged": 50,
                       "net.netfilter.nf_conntrack_tcp_timeout_max_retrans": 40}, "packets": pk}


@scenario
def t30_tcp_timeout_syn_sent():
    c = Tcp(40049, 80)
    s = c.p("A", "S")
    return {"sysctl": {"net.netfilter.nf_conntrack_tcp_timeout_syn_sent": 4},
            "packets": [s, icmp("A", 8, id=1, icmpseq=1, wait=1.5), dict(s, wait=4.5),
                        c.p("B", "SA"), c.p("A", "A")]}


@scenario
def t31_tcp_timeout_time_wait():
    c = Tcp(40050, 80)
    pk = c.handshake() + [c.p("A", "FA"), c.p("B", "FA"), c.p("A", "A")]
    pk += [icmp("A", 8, id=2, icmpseq=1, wait=1), icmp("A", 8, id=2, icmpseq=2, wait=4.5), c.p("A", "A")]
    return {"sysctl": {"net.netfilter.nf_conntrack_tcp_timeout_time_wait": 4}, "packets": pk}


@scenario
def t32_tcp_timeout_established():
    c = Tcp(40051, 80)
    pk = c.handshake() + [c.p("A", "PA", 10), c.p("B", "A"),
                          c.p("A", "PA", 10, wait=2.5), c.p("B", "A"),
                          c.p("A", "PA", 10, wait=7.5), c.p("B", "A")]
    return {"sysctl": {"net.netfilter.nf_conntrack_tcp_timeout_established": 6}, "packets": pk}


# ============================================================ UDP


@scenario
def t33_udp_dns():
    return {"packets": [udp("A", 53000, 53, 30), udp("B", 53, 53000, 90), udp("A", 53000, 53, 30),
                        udp("B", 53, 53001, 90)]}


@scenario
def t34_udp_unreplied_expiry():
    return {"sysctl": {"net.netfilter.nf_conntrack_udp_timeout": 4},
            "packets": [udp("A", 53002, 53, 20), udp("A", 53002, 53, 20, wait=1.5),
                        udp("B", 53, 53002, 20, wait=6), udp("A", 53002, 53, 20)]}


@scenario
def t35_udp_stream_assured():
    return {"sysctl": {"net.netfilter.nf_conntrack_udp_timeout": 6,
                       "net.netfilter.nf_conntrack_udp_timeout_stream": 10},
            "packets": [udp("A", 5004, 5004, 100), udp("B", 5004, 5004, 100),
                        udp("A", 5004, 5004, 100, wait=0.5),
                        udp("B", 5004, 5004, 100, wait=3.5),   # > 2 s after creation: ASSURED, stream
                        udp("A", 5004, 5004, 100, wait=3),
                        udp("A", 5004, 5004, 100, wait=12.5),  # expired: NEW again
                        ]}


# ============================================================ ICMP


@scenario
def t36_icmp_echo():
    return {"packets": [icmp("A", 8, id=200, icmpseq=1), icmp("B", 0, id=200, icmpseq=1),
                        icmp("A", 8, id=200, icmpseq=2), icmp("B", 0, id=200, icmpseq=2),
                        icmp("B", 0, id=200, icmpseq=2),
                        icmp("B", 0, id=201, icmpseq=1), icmp("B", 8, id=200, icmpseq=1),
                        icmp("A", 0, id=200, icmpseq=1)]}


@scenario
def t37_icmp_query_types():
    return {"packets": [icmp("A", 13, id=300, icmpseq=1), icmp("B", 14, id=300, icmpseq=1),
                        icmp("A", 15, id=301, icmpseq=1), icmp("B", 16, id=301, icmpseq=1),
                        icmp("A", 17, id=302, icmpseq=1), icmp("B", 18, id=302, icmpseq=1),
                        icmp("A", 10), icmp("A", 9)]}


@scenario
def t38_icmp_timeout():
    return {"sysctl": {"net.netfilter.nf_conntrack_icmp_timeout": 4},
            "packets": [icmp("A", 8, id=400, icmpseq=1), icmp("B", 0, id=400, icmpseq=1, wait=1.5),
                        icmp("B", 0, id=400, icmpseq=1, wait=4.5), icmp("A", 8, id=400, icmpseq=2)]}


@scenario
def t39_icmp_error_port_unreachable():
    q = udp("A", 53010, 53, 20)
    return {"packets": [q, icmp("B", 3, code=3, inner=q), icmp("B", 3, code=3, inner=q, wait=0),
                        udp("B", 53, 53010, 20)]}


@scenario
def t40_icmp_error_time_exceeded():
    q = udp("A", 33434, 33435, 20)
    return {"packets": [q, icmp("B", 11, code=0, inner=dict(q, ttl=1)),
                        udp("A", 33436, 33437, 20, ttl=1),           # expires at the firewall itself
                        ]}


@scenario
def t41_icmp_frag_needed_tcp():
    c = Tcp(40060, 80)
    pk = c.handshake()
    d = c.p("A", "PA", 1400)
    pk += [d, icmp("B", 3, code=4, mtu=1300, inner=d), c.p("B", "A")]
    return {"packets": pk}


@scenario
def t42_icmp_error_unknown_connection():
    q = udp("A", 53020, 53)
    t = pkt("A", "tcp", sport=40061, dport=80, flags="S", seq=1000)
    return {"packets": [icmp("B", 3, code=3, inner=q), icmp("B", 3, code=1, inner=t),
                        icmp("B", 11, inner=icmp("A", 8, id=500, icmpseq=1))]}


@scenario
def t43_icmp_error_odd_inner():
    q = udp("A", 53030, 53, 10)
    r = udp("B", 53, 53030, 10)
    pk = [q, r,
          icmp("B", 3, code=3, inner=dict(q, src="10.99.3.1", dst="10.99.1.1")),   # inner in the wrong direction
          icmp("A", 3, code=3, inner=r),                   # A's error about B's reply: fine
          icmp("B", 3, code=3, inner=icmp("A", 3, code=3, inner=q)),  # error about an error
          icmp("B", 3, code=3, inner=dict(q, sport=53031)),  # inner of another flow
          icmp("B", 3, code=3, inner=pkt("A", 253, len=8)),
          icmp("B", 8, id=600, icmpseq=1), icmp("A", 3, code=3, inner=icmp("B", 8, id=600, icmpseq=1))]
    return {"packets": pk}


# ============================================================ other protocols


@scenario
def t44_generic_protocol():
    return {"sysctl": {"net.netfilter.nf_conntrack_generic_timeout": 5},
            "packets": [pkt("A", 253, len=20), pkt("B", 253, len=20), pkt("A", 253, len=20, wait=2),
                        pkt("A", 253, len=20, wait=7), pkt("B", 99, len=20)]}


@scenario
def t45_gre_protocol():
    return {"packets": [pkt("A", 47, len=20), pkt("B", 47, len=20), pkt("A", 47, len=20)]}


# ============================================================ NOTRACK


@scenario
def t46_notrack_ct_target():
    rules = ipt(["-m state --state UNTRACKED -j ACCEPT",
                 "-i eth0 -m state --state NEW -j ACCEPT",
                 "-m state --state ESTABLISHED -j ACCEPT"], policy="DROP",
                raw=["-p udp --dport 53 -j CT --notrack", "-p udp --sport 53 -j CT --notrack"])
    c = Tcp(40070, 80)
    return {"rules": rules, "packets": [udp("A", 53040, 53, 20), udp("B", 53, 53040, 40),
                                        udp("A", 53041, 54, 20)] + c.handshake()}


@scenario
def t47_notrack_target():
    rules = ipt(["-p icmp -m conntrack --ctstate UNTRACKED -j ACCEPT",
                 "-m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT"], policy="DROP",
                raw=["-p icmp -j NOTRACK"])
    q = udp("A", 53050, 53, 10)
    return {"rules": rules, "packets": [icmp("A", 8, id=700, icmpseq=1), icmp("B", 0, id=700, icmpseq=1),
                                        q, icmp("B", 3, code=3, inner=q), udp("B", 53, 53050, 10)]}


# ============================================================ FTP

FTP_RULES = ipt(["-i eth0 -j ACCEPT", "-i eth1 -m state --state ESTABLISHED,RELATED -j ACCEPT"], policy="DROP",
                raw=["-p tcp --dport 21 -j CT --helper ftp"])


def ftp_login(c):
    return c.handshake() + [c.p("B", "PA", payload="220 Service ready\r\n"), c.p("A", "A"),
                            c.p("A", "PA", payload="USER anonymous\r\n"),
                            c.p("B", "PA", payload="331 Please specify the password.\r\n")]


@scenario
def t48_ftp_active_port():
    c = Tcp(41000, 21)
    d = Tcp(20, 50000, cisn=30000, sisn=60000, client="B")
    pk = ftp_login(c) + [c.p("A", "PA", payload="PORT 10,99,1,1,195,80\r\n"),
                         c.p("B", "PA", payload="200 PORT command successful.\r\n"),
                         c.p("A", "PA", payload="LIST\r\n")]
    pk += d.handshake(client="B") + [d.p("B", "PA", 100), d.p("B", "FA")]
    return {"rules": FTP_RULES, "packets": pk}


@scenario
def t49_ftp_active_eprt():
    c = Tcp(41001, 21)
    d = Tcp(20, 50001, cisn=30000, sisn=60000, client="B")
    pk = ftp_login(c) + [c.p("A", "PA", payload="EPRT |1|10.99.1.1|50001|\r\n"),
                         c.p("B", "PA", payload="200 EPRT command successful.\r\n")]
    pk += d.handshake(client="B")
    # a second data connection to the same port is not RELATED any more (the expectation is used up)
    d2 = Tcp(2020, 50001, cisn=30000, sisn=60000, client="B")
    pk += [d2.p("B", "S")]
    return {"rules": FTP_RULES, "packets": pk}


# A may open the control connection, and data connections only when RELATED
PASSIVE_RULES = ipt(["-m state --state ESTABLISHED -j ACCEPT",
                     "-i eth0 -p tcp --dport 21 -m state --state NEW -j ACCEPT",
                     "-i eth0 -m state --state RELATED -j ACCEPT"], policy="DROP",
                    raw=["-p tcp --dport 21 -j CT --helper ftp"])


@scenario
def t50_ftp_passive_pasv():
    c = Tcp(41002, 21)
    d = Tcp(41003, 30001, cisn=70000, sisn=80000)
    pk = ftp_login(c) + [c.p("A", "PA", payload="PASV\r\n"),
                         c.p("B", "PA", payload="227 Entering Passive Mode (10,99,3,1,117,49).\r\n"),
                         c.p("A", "A")]
    pk += d.handshake() + [d.p("B", "PA", 50)]
    return {"rules": PASSIVE_RULES, "packets": pk}


@scenario
def t51_ftp_passive_epsv():
    c = Tcp(41004, 21)
    d = Tcp(41005, 30002, cisn=70000, sisn=80000)
    pk = ftp_login(c) + [c.p("A", "PA", payload="EPSV\r\n"),
                         c.p("B", "PA", payload="229 Entering Extended Passive Mode (|||30002|)\r\n"),
                         c.p("A", "A")]
    pk += d.handshake()
    return {"rules": PASSIVE_RULES, "packets": pk}


@scenario
def t52_ftp_newline_rule():
    # the helper parses only text that starts right after a newline it has seen in that direction:
    # a PORT in the very first segment, and one split across two segments, make no expectation;
    # a PORT with another host's address makes none either (helper's loose=0)
    c = Tcp(41006, 21)
    pk = c.handshake() + [c.p("B", "PA", payload="220 Service ready\r\n"), c.p("A", "A"),
                          c.p("A", "PA", payload="PORT 10,99,1,1,195,90\r\n"),
                          c.p("B", "PA", payload="200 OK\r\n"),
                          c.p("A", "PA", payload="POR"),
                          c.p("A", "PA", payload="T 10,99,1,1,195,91\r\n"),
                          c.p("B", "PA", payload="200 OK\r\n"),
                          c.p("A", "PA", payload="PORT 10,99,1,7,195,92\r\n"),
                          c.p("B", "PA", payload="200 OK\r\n"),
                          c.p("A", "PA", payload="PORT 10,99,1,1,195,93\r\n"),
                          c.p("B", "PA", payload="200 OK\r\n")]
    return {"rules": FTP_RULES, "packets": pk}


# ============================================================ rulesets


@scenario
def t53_rules_classic_forwarding():
    c = Tcp(42000, 443)
    return {"rules": CLASSIC, "packets": c.handshake() + [c.p("A", "PA", 100), c.p("B", "PA", 500),
                                                           pkt("B", "tcp", sport=443, dport=42001, flags="S", seq=1),
                                                           udp("A", 42002, 53, 10), udp("B", 53, 42002, 10),
                                                           udp("B", 53, 42003, 10),
                                                           icmp("B", 8, id=9, icmpseq=1)]}


@scenario
def t54_rules_addresses_ports():
    rules = ipt([
        "-s 10.99.1.0/24 -d 10.99.3.0/25 -p tcp --dport 1000:2000 -j ACCEPT",
        "-i eth0 -o eth1 -p udp --sport 5000:5010 -j ACCEPT",
        "! -s 10.99.1.1 -i eth0 -j DROP",
        "-p tcp --syn -d 10.99.3.1/32 -j DROP",
        "-p tcp --tcp-flags SYN,ACK,FIN,RST ACK ! --dport 80 -j DROP",
        "-i eth1 -p tcp ! --sport 80:90 -j DROP",
        "-p udp ! --dport 53 -j DROP",
        "-p udp -j ACCEPT",
        "-p tcp -j ACCEPT",
    ], policy="DROP")
    return {"rules": rules, "packets": [
        pkt("A", "tcp", sport=43000, dport=1500, flags="S", seq=1),
        pkt("A", "tcp", sport=43000, dport=2001, flags="S", seq=1),
        pkt("A", "tcp", sport=43000, dport=80, flags="A", seq=1, ack=1),
        pkt("A", "tcp", sport=43000, dport=81, flags="A", seq=1, ack=1),
        pkt("A", "tcp", sport=43000, dport=1500, flags="S", seq=1, dst="10.99.3.200"),
        pkt("A", "tcp", sport=43000, dport=1500, flags="S", seq=1, src="10.99.1.2"),
        udp("A", 5005, 9999, 10), udp("A", 5011, 9999, 10), udp("A", 5011, 53, 10),
        udp("A", 7000, 53, 10, src="10.99.1.2"),
        pkt("B", "tcp", sport=85, dport=43001, flags="A", seq=1, ack=1),
        pkt("B", "tcp", sport=91, dport=43001, flags="A", seq=1, ack=1),
    ]}


@scenario
def t55_rules_icmp_types_multiport_comment():
    rules = ipt([
        "-p icmp --icmp-type echo-request -m comment --comment \"pings out\" -j ACCEPT",
        "-p icmp --icmp-type 0 -j ACCEPT",
        "-p icmp --icmp-type 3/3 -j ACCEPT",
        "-p icmp --icmp-type destination-unreachable -j DROP",
        "-p icmp -j DROP",
        "-p tcp -m multiport --dports 22,80,443,8000:8080 -j ACCEPT",
        "-p tcp -m multiport --sports 22,80 -j ACCEPT",
        "-p udp -m multiport --ports 53,123 -m comment --comment ntp-or-dns -j ACCEPT",
        "-p udp -m multiport ! --dports 1:1023 -j ACCEPT",
    ], policy="DROP")
    q = udp("A", 53060, 123, 10)
    return {"rules": rules, "packets": [
        icmp("A", 8, id=1, icmpseq=1), icmp("B", 0, id=1, icmpseq=1), icmp("B", 13, id=2, icmpseq=1),
        q, icmp("B", 3, code=3, inner=q), icmp("B", 3, code=1, inner=q),
        pkt("A", "tcp", sport=43100, dport=8080, flags="S", seq=1),
        pkt("A", "tcp", sport=43100, dport=8081, flags="S", seq=1),
        pkt("B", "tcp", sport=22, dport=43101, flags="S", seq=1),
        udp("B", 123, 2000, 10), udp("A", 3000, 4000, 10), udp("A", 3000, 999, 10),
    ]}


@scenario
def t56_rules_user_chains():
    rules = ipt([
        "-p icmp -j icmp_in",
        "-p tcp -g tcp_in",
        "-p udp -j udp_in",
        "-p udp -j ACCEPT",
    ], policy="DROP", chains={
        "icmp_in": ["-i eth1 -j RETURN", "-j ACCEPT"],
        "tcp_in": ["-p tcp --dport 22 -j DROP", "-p tcp --dport 80 -j ACCEPT", "-j RETURN"],
        "udp_in": ["-p udp --dport 53 -j udp_dns", "-p udp --dport 69 -j DROP"],
        "udp_dns": ["-s 10.99.1.1 -j ACCEPT"],
    })
    return {"rules": rules, "packets": [
        icmp("A", 8, id=5, icmpseq=1), icmp("B", 0, id=5, icmpseq=1),
        pkt("A", "tcp", sport=43200, dport=22, flags="S", seq=1),
        pkt("A", "tcp", sport=43200, dport=80, flags="S", seq=1),
        pkt("A", "tcp", sport=43200, dport=81, flags="S", seq=1),
        udp("A", 43201, 53, 10), udp("A", 43201, 53, 10, src="10.99.1.9"),
        udp("A", 43202, 69, 10), udp("A", 43203, 70, 10),
    ]}


@scenario
def t57_rules_reject_and_drop_leave_no_entry():
    rules = ipt([
        "-p tcp --dport 23 -j REJECT --reject-with tcp-reset",
        "-p tcp --dport 24 -j REJECT",
        "-p udp --dport 25 -j REJECT --reject-with icmp-host-prohibited",
        "-p udp --dport 26 -j REJECT --reject-with icmp-net-unreachable",
        "-p udp --dport 27 -j REJECT --reject-with icmp-admin-prohibited",
        "-p icmp -j REJECT --reject-with icmp-host-unreachable",
        "-p tcp --dport 28 -j DROP",
        "-m state --state NEW -j LOG --log-prefix \"new: \"",
        "-p tcp --dport 29 -m state --state NEW -j DROP",
    ])
    return {"rules": rules, "packets": [
        pkt("A", "tcp", sport=43300, dport=23, flags="S", seq=1),
        pkt("A", "tcp", sport=43300, dport=24, flags="S", seq=1),
        udp("A", 43301, 25, 10), udp("A", 43301, 26, 10), udp("A", 43301, 27, 10),
        icmp("A", 8, id=6, icmpseq=1),
        pkt("A", "tcp", sport=43300, dport=28, flags="S", seq=1),
        pkt("A", "tcp", sport=43300, dport=29, flags="S", seq=1),
        pkt("A", "tcp", sport=43300, dport=30, flags="S", seq=1),
        pkt("B", "tcp", sport=30, dport=43300, flags="SA", seq=100, ack=2),
    ]}


@scenario
def t58_rules_ctstate_ctstatus():
    rules = ipt([
        "-m conntrack --ctstate INVALID -j DROP",
        "-m conntrack --ctstatus ASSURED -j ACCEPT",
        "-m conntrack --ctstate NEW -p tcp ! --syn -j DROP",
        "-m conntrack --ctstate ESTABLISHED --ctstatus SEEN_REPLY -j ACCEPT",
        "-m conntrack --ctstate NEW,RELATED -j ACCEPT",
        "-m conntrack ! --ctstate NEW -j LOG --log-prefix \"odd \"",
    ], policy="DROP")
    c = Tcp(43400, 80)
    return {"rules": rules, "packets": c.handshake() + [
        c.p("A", "PA", 10), c.p("B", "A"),
        pkt("A", "tcp", sport=43401, dport=80, flags="A", seq=1, ack=1),
        pkt("A", "tcp", sport=43402, dport=80, flags="SF", seq=1),
        udp("A", 43403, 53, 10), udp("A", 43403, 53, 10), udp("B", 53, 43403, 10),
    ]}


@scenario
def t59_new_is_not_only_syn():
    rules = ipt(["-p tcp ! --syn -m state --state NEW -j DROP",
                 "-m state --state NEW -j ACCEPT",
                 "-m state --state ESTABLISHED,RELATED -j ACCEPT"], policy="DROP")
    return {"rules": rules, "packets": [
        pkt("A", "tcp", sport=43500, dport=80, flags="A", seq=5000, ack=9000),
        pkt("A", "tcp", sport=43502, dport=80, flags="PA", seq=5000, ack=9000, len=10),
        pkt("A", "tcp", sport=43503, dport=80, flags="S", seq=5000),
        udp("A", 43501, 514, 10),
        icmp("A", 8, id=11, icmpseq=1),
    ]}


@scenario
def t60_new_without_rules_leaves_entries():
    # the same probes with no ruleset: a lone ACK and a PSH/ACK are NEW and picked up
    return {"packets": [
        pkt("A", "tcp", sport=43500, dport=80, flags="A", seq=5000, ack=9000),
        pkt("A", "tcp", sport=43502, dport=80, flags="PA", seq=5000, ack=9000, len=10),
        pkt("B", "tcp", sport=80, dport=43502, flags="A", seq=9000, ack=5010),
        udp("A", 43501, 514, 10),
        icmp("A", 8, id=11, icmpseq=1),
    ]}


# ============================================================ more


@scenario
def t61_tcp_syn_sent_bad_answers():
    # answers to a SYN whose ack is not the SYN's seq+1: SYN/ACK and RST/ACK; then a RST without ACK
    c = Tcp(40080, 80)
    return {"packets": [c.p("A", "S"),
                        c.p("B", "SA", ack=1500, advance=False), c.p("B", "RA", seq=0, ack=1500),
                        c.p("B", "R", seq=0), c.p("B", "SA"), c.p("A", "A")]}


@scenario
def t62_tcp_syn_on_established():
    # a new SYN (other seq) on an ESTABLISHED connection, answered by a SYN/ACK or not
    c = Tcp(40081, 80)
    pk = c.handshake() + [c.p("A", "PA", 10), c.p("B", "A")]
    pk += [c.p("A", "S", seq=777777, advance=False), c.p("B", "A"), c.p("A", "PA", 10),
           c.p("A", "S", seq=888888, advance=False), c.p("B", "SA", seq=999999, ack=888889, advance=False),
           c.p("A", "A", seq=888889, ack=1000000, advance=False)]
    return {"packets": pk}


@scenario
def t63_notrack_one_direction():
    # only A's requests are untracked: B's answer is NEW, in the reverse direction
    rules = ipt(["-m state --state UNTRACKED -j ACCEPT", "-m state --state NEW -j ACCEPT",
                 "-m state --state ESTABLISHED -j ACCEPT"], policy="DROP",
                raw=["-i eth0 -p udp --dport 53 -j CT --notrack"])
    return {"rules": rules, "packets": [udp("A", 53070, 53, 10), udp("B", 53, 53070, 10), udp("A", 53070, 53, 10),
                                        udp("B", 53, 53070, 10)]}


@scenario
def t64_rules_stateful_drop_invalid():
    rules = ipt(["-m state --state INVALID -j DROP",
                 "-m state --state ESTABLISHED,RELATED -j ACCEPT",
                 "-i eth0 -m state --state NEW -j ACCEPT",
                 "-j REJECT --reject-with icmp-admin-prohibited"], policy="DROP")
    c = Tcp(40082, 80)
    pk = c.handshake() + [c.p("A", "PA", 10, seq=c.nxt["A"] + 500000), c.p("A", "PA", 10), c.p("B", "A")]
    q = udp("A", 53071, 53, 10)
    pk += [q, icmp("B", 3, code=3, inner=q), pkt("B", "tcp", sport=80, dport=40083, flags="SA", seq=5, ack=6),
           pkt("B", "tcp", sport=80, dport=40084, flags="S", seq=5), pkt("A", "tcp", sport=40085, dport=80, flags="A", seq=5, ack=6)]
    return {"rules": rules, "packets": pk}


@scenario
def t65_tcp_timeouts_closing_states():
    # FIN_WAIT, CLOSE_WAIT and SYN_RECV with short timeouts; a ping shows the table after expiry
    c1 = Tcp(40086, 80)
    c2 = Tcp(40087, 80)
    c3 = Tcp(40088, 80)
    pk = c1.handshake() + [c1.p("A", "FA")] + c2.handshake() + [c2.p("B", "FA"), c2.p("A", "A")]
    pk += [c3.p("A", "S"), c3.p("B", "SA")]
    pk += [icmp("A", 8, id=3, icmpseq=1, wait=1.5), icmp("A", 8, id=3, icmpseq=2, wait=2.5),
           icmp("A", 8, id=3, icmpseq=3, wait=2.5)]
    return {"sysctl": {"net.netfilter.nf_conntrack_tcp_timeout_fin_wait": 3,
                       "net.netfilter.nf_conntrack_tcp_timeout_close_wait": 6,
                       "net.netfilter.nf_conntrack_tcp_timeout_syn_recv": 9}, "packets": pk}


@scenario
def t66_other_protocols():
    # which protocols have their own tracker: SCTP (132), UDP-Lite (136), DCCP (33), ESP (50),
    # IPv6-in-IPv4 (41); payloads are 20 "x" bytes (not valid headers of those protocols)
    return {"packets": [pkt("A", 132, len=20), pkt("A", 136, len=20), pkt("A", 33, len=20),
                        pkt("A", 50, len=20), pkt("B", 50, len=20), pkt("A", 41, len=20), pkt("A", 4, len=20)]}


@scenario
def t67_rules_return_in_builtin_chain():
    # RETURN in FORWARD itself ends the chain: its policy decides, though a rule matched
    rules = ipt(["-p udp -j RETURN", "-p udp -j ACCEPT", "-p icmp -m comment --comment counted",
                 "-p icmp --icmp-type echo-request -j ACCEPT"], policy="DROP")
    return {"rules": rules, "packets": [udp("A", 53080, 53, 10), icmp("A", 8, id=4, icmpseq=1),
                                        icmp("B", 0, id=4, icmpseq=1)]}


@scenario
def t68_icmp_error_types():
    # other ICMP error types about a tracked UDP flow
    q = udp("A", 53090, 9, 10)
    return {"packets": [q, icmp("B", 4, inner=q), icmp("B", 5, code=1, inner=q), icmp("B", 12, inner=q),
                        icmp("B", 3, code=13, inner=q), icmp("B", 11, code=1, inner=q)]}


@scenario
def t69_tcp_handshake_with_reject_rules():
    # tcp-reset REJECT of a packet of an established connection, and REJECT of UDP with tcp-reset refused
    rules = ipt(["-p tcp --dport 80 -m state --state ESTABLISHED -m conntrack --ctdir ORIGINAL -j REJECT --reject-with tcp-reset",
                 "-p tcp -j ACCEPT", "-p udp -j REJECT --reject-with icmp-proto-unreachable"])
    c = Tcp(40089, 80)
    return {"rules": rules, "packets": c.handshake() + [c.p("B", "PA", 10), c.p("A", "A", advance=False),
                                                         udp("A", 53091, 53, 10)]}


# ============================================================ beyond the first corpus


@scenario
def t70_tcp_syn_resync_spoiled_by_wrong_synack():
    # a SYN ignored in ESTABLISHED, then a SYN/ACK with a wrong ack (ignored too, and it replaces the
    # remembered SYN): the right SYN/ACK after it no longer resyncs, the new ACK and data are INVALID
    c = Tcp(40100, 80)
    pk = c.handshake() + [c.p("A", "PA", 10), c.p("B", "A")]
    pk += [c.p("A", "S", seq=777777, advance=False, wscale=7),
           c.p("B", "SA", seq=999999, ack=123, advance=False, wscale=7),
           c.p("B", "SA", seq=999999, ack=777778, advance=False, wscale=7),
           c.p("A", "A", seq=777778, ack=1000000, advance=False),
           c.p("A", "PA", 100, seq=777778 + 100000, ack=1000000, advance=False),
           c.p("B", "A", seq=1000000, ack=777778 + 100100, advance=False)]
    return {"packets": pk}


@scenario
def t71_tcp_last_ack_challenge_ack():
    # a new SYN from A while B is in LAST_ACK: B's challenge ACK does not move LAST_ACK to TIME_WAIT;
    # A's RST answering the challenge ACK closes; the SYN again is NEW
    c = Tcp(40101, 80)
    pk = c.handshake() + [c.p("A", "FA"), c.p("B", "A"), c.p("B", "FA")]
    pk += [c.p("A", "S", seq=5555555, advance=False), c.p("B", "A", advance=False),
           c.p("A", "R", ack=None, advance=False), c.p("A", "S", seq=5555555, advance=False)]
    # same again, but the last ACK (not a challenge ACK) still moves LAST_ACK on
    d = Tcp(40102, 80)
    pk += d.handshake() + [d.p("A", "FA"), d.p("B", "A"), d.p("B", "FA"), d.p("A", "S", seq=6666666, advance=False),
                           d.p("A", "A"), d.p("B", "A", advance=False)]
    return {"packets": pk}


@scenario
def t72_tcp_ignore_invalid_rst():
    # nf_conntrack_tcp_ignore_invalid_rst=1: a RST below the acked sequence is not INVALID any more
    c = Tcp(40103, 80)
    pk = c.handshake() + [c.p("A", "PA", 100), c.p("B", "A"), c.p("B", "PA", 100), c.p("A", "A")]
    pk += [c.p("A", "R", seq=c.nxt["A"] - 50, advance=False), c.p("A", "R", seq=c.nxt["A"] + 3000000, advance=False),
           c.p("B", "R", seq=c.nxt["B"] + 10, advance=False), c.p("A", "PA", 10)]
    return {"sysctl": {"net.netfilter.nf_conntrack_tcp_ignore_invalid_rst": 1}, "packets": pk}


@scenario
def t73_tcp_rst_after_data_same_side():
    # a RST whose seq is the end of the same side's preceding data (not yet acked): CLOSE;
    # a RST after data from the other side, at an inexact seq: stays ESTABLISHED
    c = Tcp(40104, 80)
    pk = c.handshake() + [c.p("A", "PA", 10), c.p("B", "A"), c.p("B", "PA", 200), c.p("B", "R", ack=None)]
    d = Tcp(40105, 80)
    pk += d.handshake() + [d.p("A", "PA", 10), d.p("B", "A"), d.p("A", "PA", 30), d.p("B", "R", seq=d.nxt["B"] + 5, advance=False),
                           d.p("A", "R", seq=d.nxt["A"] - 30, advance=False)]
    return {"packets": pk}


@scenario
def t74_tcp_simultaneous_open_reply_ack():
    # simultaneous open completed by B's (reply side) ACK, and one where B answers with SYN/ACK first
    c = Tcp(40106, 40107, cisn=1000, sisn=7000)
    pk = [c.p("A", "S"), c.p("B", "S"), c.p("A", "SA", seq=1000), c.p("B", "SA", seq=7000), c.p("B", "A"),
          c.p("A", "PA", 10), c.p("B", "A")]
    d = Tcp(40108, 40109, cisn=1000, sisn=7000)
    pk += [d.p("A", "S"), d.p("B", "S"), d.p("B", "SA", seq=7000), d.p("A", "SA", seq=1000), d.p("B", "A"), d.p("A", "A")]
    return {"packets": pk}


@scenario
def t75_tcp_reply_syn_reopen_from_time_wait():
    # a SYN from B (the reply side) on a TIME_WAIT tuple: a fresh entry with B as the originator;
    # a SYN from B on an ESTABLISHED connection is INVALID
    c = Tcp(40110, 80)
    pk = c.handshake() + [c.p("B", "S", seq=3000000, advance=False)]
    pk += [c.p("A", "FA"), c.p("B", "FA"), c.p("A", "A")]
    pk += [pkt("B", "tcp", sport=80, dport=40110, flags="S", seq=4000000), pkt("A", "tcp", sport=40110, dport=80, flags="SA", seq=90000, ack=4000001),
           pkt("B", "tcp", sport=80, dport=40110, flags="A", seq=4000001, ack=90001)]
    return {"packets": pk}


@scenario
def t76_tcp_out_of_window_fin_rst_lower_timeout():
    # ASSURED connection: A's out-of-window FIN then B's out-of-window RST lower the timeout to UNACK;
    # two from the same side do not
    c = Tcp(40111, 80)
    pk = c.handshake() + [c.p("A", "PA", 10), c.p("B", "A")]
    pk += [c.p("A", "FA", seq=c.nxt["A"] + 5000000, advance=False), c.p("B", "R", seq=c.nxt["B"] + 5000000, advance=False)]
    d = Tcp(40112, 80)
    pk += d.handshake() + [d.p("A", "PA", 10), d.p("B", "A")]
    pk += [d.p("A", "FA", seq=d.nxt["A"] + 5000000, advance=False), d.p("A", "R", seq=d.nxt["A"] + 5000000, advance=False),
           d.p("B", "PA", 10), d.p("A", "A")]
    return {"packets": pk}


@scenario
def t77_tcp_zero_window_default_timeouts():
    # a zero window with default sysctls caps the timeout at max_retrans' 300; a window again lifts it
    c = Tcp(40113, 80)
    pk = c.handshake() + [c.p("A", "PA", 10), c.p("B", "A", win=0), c.p("A", "A"), c.p("B", "A", win=100),
                          c.p("A", "A", win=0), c.p("B", "PA", 10, win=50), c.p("A", "A", win=10)]
    return {"packets": pk}


@scenario
def t78_tcp_window_scale_above_14():
    # wscale 15 and 20 are clamped to 14
    c = Tcp(40114, 80)
    pk = [c.p("A", "S", wscale=15), c.p("B", "SA", wscale=20), c.p("A", "A")]
    pk += [c.p("A", "PA", 100, seq=c.nxt["A"] + 500000000, advance=False), c.p("A", "PA", 100, seq=c.nxt["A"] + 900000000, advance=False),
           c.p("B", "PA", 100, seq=c.nxt["B"] + 500000000, advance=False), c.p("A", "PA", 10)]
    return {"packets": pk}


@scenario
def t79_ftp_second_port_replaces_expectation():
    c = Tcp(41010, 21)
    d = Tcp(20, 50100, cisn=30000, sisn=60000, client="B")
    pk = ftp_login(c) + [c.p("A", "PA", payload="PORT 10,99,1,1,195,100\r\n"),
                         c.p("B", "PA", payload="200 PORT command successful.\r\n"),
                         c.p("A", "PA", payload="PORT 10,99,1,1,195,101\r\n"),
                         c.p("B", "PA", payload="200 PORT command successful.\r\n")]
    pk += [pkt("B", "tcp", sport=20, dport=50020, flags="S", seq=30000)]
    pk += [pkt("B", "tcp", sport=20, dport=50021, flags="S", seq=30000)]
    return {"rules": FTP_RULES, "packets": pk}


@scenario
def t80_udp_assured_timing():
    # both ways within 2 s: replied 29, no ASSURED; a third packet after 2 s: ASSURED, stream 119;
    # a reply that first arrives after 2 s
    return {"packets": [udp("A", 5100, 5100, 10), udp("B", 5100, 5100, 10, wait=0.3),
                        udp("A", 5100, 5100, 10, wait=0.5), udp("A", 5100, 5100, 10, wait=1.8),
                        udp("A", 5101, 5101, 10), udp("B", 5101, 5101, 10, wait=2.5), udp("A", 5101, 5101, 10)]}


@scenario
def t81_icmp_echo_two_ids():
    return {"packets": [icmp("A", 8, id=21, icmpseq=1), icmp("A", 8, id=22, icmpseq=1), icmp("B", 0, id=22, icmpseq=1),
                        icmp("B", 0, id=21, icmpseq=1), icmp("B", 0, id=21, icmpseq=2), icmp("A", 8, id=21, icmpseq=2)]}


@scenario
def t82_rules_misc_matches():
    rules = ipt([
        "-p udp --dport 40 -j LOG --log-prefix \"rej: \"",
        "-p udp --dport 40 -j REJECT --reject-with icmp-host-prohibited",
        "-p udp --dport 41 -j LOG",
        "-p udp --dport 41 -j REJECT --reject-with icmp-net-unreachable",
        "-m conntrack --ctstatus SEEN_REPLY,ASSURED -j ACCEPT",
        "-m conntrack --ctdir REPLY -p udp -j ACCEPT",
        "! -s 10.99.1.0/24 -i eth+ -p udp -j DROP",
        "-p tcp --tcp-flags SYN,ACK SYN -m multiport --dports 100:200,300 -j ACCEPT",
        "-p tcp --tcp-flags SYN,ACK SYN -g syn_chk",
        "-i eth+ -p tcp -j ACCEPT",
        "-p udp -j ACCEPT",
    ], policy="DROP", chains={"syn_chk": ["-p tcp --dport 500 -j ACCEPT", "-j RETURN"]})
    return {"rules": rules, "packets": [
        udp("A", 44000, 40, 10), udp("A", 44000, 41, 10),
        udp("A", 44001, 42, 10), udp("B", 42, 44001, 10), udp("A", 44001, 42, 10),
        udp("B", 44002, 43, 10), udp("A", 44003, 43, 10, src="10.99.0.5"),
        pkt("A", "tcp", sport=44004, dport=150, flags="S", seq=1),
        pkt("A", "tcp", sport=44004, dport=300, flags="S", seq=1),
        pkt("A", "tcp", sport=44004, dport=500, flags="S", seq=1),
        pkt("A", "tcp", sport=44004, dport=501, flags="S", seq=1),
        pkt("A", "tcp", sport=44005, dport=250, flags="SF", seq=1),
        pkt("A", "tcp", sport=44006, dport=250, flags="A", seq=1, ack=1),
    ]}


@scenario
def t83_notrack_reply_direction_udp():
    # only B's answers are untracked: A's entry stays UNREPLIED and A's next packet is still NEW
    rules = ipt(["-m state --state UNTRACKED -j ACCEPT", "-m state --state NEW,ESTABLISHED -j ACCEPT"], policy="DROP",
                raw=["-i eth1 -p udp --sport 53 -j NOTRACK"])
    return {"rules": rules, "packets": [udp("A", 53100, 53, 10), udp("B", 53, 53100, 10), udp("A", 53100, 53, 10),
                                        udp("B", 53, 53101, 10)]}


@scenario
def t84_tcp_syn_resync_with_wscale():
    # a SYN with wscale ignored in ESTABLISHED; the SYN/ACK answering it resyncs (SYN_RECV) and takes
    # the window scales of the SYN and the SYN/ACK: data 100 kB ahead is then in window
    c = Tcp(40115, 80)
    pk = c.handshake() + [c.p("A", "PA", 10), c.p("B", "A")]
    pk += [c.p("A", "S", seq=777777, advance=False, wscale=7),
           c.p("B", "SA", seq=999999, ack=777778, advance=False, wscale=7),
           c.p("A", "A", seq=777778, ack=1000000, advance=False),
           c.p("A", "PA", 100, seq=777778 + 100000, ack=1000000, advance=False),
           c.p("B", "A", seq=1000000, ack=777778 + 100100, advance=False),
           c.p("B", "PA", 100, seq=1000000 + 200000, ack=777778 + 100100, advance=False),
           c.p("A", "PA", 100, seq=777778 + 9000000, ack=1000000, advance=False)]
    return {"packets": pk}


@scenario
def t85_tcp_flag_combinations_with_psh_ece_cwr_urg():
    # PSH, ECE and CWR do not count in the valid-flags check; URG is allowed with SYN, ACK and FIN/ACK
    return {"packets": [pkt("A", "tcp", sport=40120, dport=80, flags="SU", seq=1),
                        pkt("A", "tcp", sport=40121, dport=80, flags="SP", seq=1),
                        pkt("A", "tcp", sport=40122, dport=80, flags="SEC", seq=1),
                        pkt("A", "tcp", sport=40123, dport=80, flags="AU", seq=1, ack=1),
                        pkt("A", "tcp", sport=40124, dport=80, flags="FAPU", seq=1, ack=1),
                        pkt("A", "tcp", sport=40125, dport=80, flags="RP", seq=1),
                        pkt("A", "tcp", sport=40126, dport=80, flags="RAP", seq=1, ack=1),
                        pkt("A", "tcp", sport=40127, dport=80, flags="PU", seq=1),
                        pkt("A", "tcp", sport=40128, dport=80, flags="EC", seq=1),
                        pkt("A", "tcp", sport=40129, dport=80, flags="SAE", seq=1, ack=1),
                        pkt("A", "tcp", sport=40130, dport=80, flags="RU", seq=1),
                        pkt("A", "tcp", sport=40131, dport=80, flags="FU", seq=1)]}


@scenario
def t86_tcp_syn_sent_challenge_ack_then_rst():
    # an ACK from B while A's SYN is pending is ignored (a challenge ACK); A's RST at its ack deletes
    # the entry; with another seq the RST is checked against the window
    c = Tcp(40140, 80)
    pk = [c.p("A", "S"), pkt("B", "tcp", sport=80, dport=40140, flags="A", seq=5000, ack=123456),
          pkt("A", "tcp", sport=40140, dport=80, flags="R", seq=123456)]
    d = Tcp(40141, 80)
    pk += [d.p("A", "S"), pkt("B", "tcp", sport=80, dport=40141, flags="A", seq=5000, ack=123456),
           pkt("A", "tcp", sport=40141, dport=80, flags="R", seq=654321), pkt("A", "tcp", sport=40141, dport=80, flags="R", seq=1001)]
    return {"packets": pk}


@scenario
def t87_icmp_echo_with_code():
    # the code is part of an echo's tuple: a reply must repeat it
    return {"packets": [icmp("A", 8, code=5, id=31, icmpseq=1), icmp("B", 0, id=31, icmpseq=1),
                        icmp("B", 0, code=5, id=31, icmpseq=1), icmp("A", 13, code=1, id=32, icmpseq=1),
                        icmp("B", 14, code=1, id=32, icmpseq=1), icmp("A", 40, id=33, icmpseq=1),
                        icmp("A", 19, id=34, icmpseq=1), icmp("A", 6, id=35, icmpseq=1)]}


@scenario
def t88_ftp_expectation_outlives_expired_master():
    # the control connection is reset and its CLOSE timeout (2 s) runs out; the kernel reaps an
    # expired entry lazily, so its expectation still serves the next packet (the data SYN: RELATED)
    c = Tcp(41020, 21)
    pk = ftp_login(c) + [c.p("A", "PA", payload="PORT 10,99,1,1,195,110\r\n"),
                         c.p("B", "PA", payload="200 PORT command successful.\r\n"),
                         c.p("A", "R", ack=None, advance=False),
                         pkt("B", "tcp", sport=20, dport=50030, flags="S", seq=30000, wait=4),
                         pkt("B", "tcp", sport=20, dport=50030, flags="S", seq=30000)]
    return {"rules": FTP_RULES, "sysctl": {"net.netfilter.nf_conntrack_tcp_timeout_close": 2}, "packets": pk}


@scenario
def t89_tcp_pickup_is_liberal():
    # a connection picked up mid-stream is window-checked liberally
    return {"packets": [pkt("A", "tcp", sport=40142, dport=80, flags="A", seq=5000, ack=9000),
                        pkt("A", "tcp", sport=40142, dport=80, flags="PA", seq=5000 + 3000000, ack=9000, len=100),
                        pkt("B", "tcp", sport=80, dport=40142, flags="A", seq=9000, ack=5000 + 3000100),
                        pkt("B", "tcp", sport=80, dport=40142, flags="PA", seq=9000 + 50000000, ack=5000, len=10),
                        pkt("A", "tcp", sport=40142, dport=80, flags="A", seq=5000, ack=9000 + 90000000),
                        pkt("A", "tcp", sport=40142, dport=80, flags="FA", seq=5000, ack=9000),
                        pkt("B", "tcp", sport=80, dport=40142, flags="R", seq=1)]}


@scenario
def t90_ftp_parser_edge_cases():
    c = Tcp(41021, 21)
    pk = ftp_login(c) + [c.p("A", "PA", payload="port 10,99,1,1,195,120\r\n"),
                         c.p("B", "PA", payload="200 OK\r\n"),
                         c.p("A", "PA", payload="PORT 10,99,1,1,300,1\r\n"),
                         c.p("B", "PA", payload="200 OK\r\n"),
                         c.p("A", "PA", payload="PORT   10,99,1,1,195,121\r\n"),
                         c.p("B", "PA", payload="227 Entering Passive Mode 10,99,3,1,117,50\r\n"),
                         c.p("A", "PA", payload="EPRT |2|10.99.1.1|50123|\r\n"),
                         c.p("B", "PA", payload="229 Entering Extended Passive Mode (|||30005|)\r\n"),
                         c.p("A", "PA", payload="EPRT !1!10.99.1.1!50124!\r\n")]
    return {"rules": FTP_RULES, "packets": pk}


@scenario
def t91_tcp_syn_with_data_and_fin_in_syn_recv():
    c = Tcp(40143, 80)
    pk = [c.p("A", "S", 10), c.p("B", "SA", ack=1001, advance=False), c.p("B", "SA"), c.p("A", "FA")]
    d = Tcp(40144, 80)
    pk += [d.p("A", "S"), d.p("B", "SA", wscale=9), d.p("A", "A"), d.p("A", "PA", 10, seq=d.nxt["A"] + 100000, advance=False),
           d.p("B", "RA", ack=d.nxt["A"] + 7, advance=False), d.p("B", "RA", ack=d.nxt["A"] + 70000000, advance=False),
           d.p("B", "RA")]
    return {"packets": pk}


def main():
    os.makedirs(OUT, exist_ok=True)
    want = sys.argv[1:]
    for name, fn in SCENARIOS.items():
        if want and not any(w in name for w in want):
            continue
        body = fn()
        scn = {"name": name}
        for k in ("sysctl", "rules", "packets"):
            if k in body:
                scn[k] = body[k]
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            f.write(json.dumps(scn, indent=1) + "\n")
        print(name, len(scn["packets"]))


if __name__ == "__main__":
    main()
