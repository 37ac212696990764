#!/usr/bin/python3
"""Differential fuzzing of the engine against the kernel: random but plausible scenarios.

usage:
  fuzz.py gen --seed S [-n N] --out DIR [--profile P]
      writes DIR/fuzz-S-000.json ... (scenarios in the format of scenarios/*.json, no `expect`)
  fuzz.py run --seed S [-n N] --work DIR [--profile P] [--replay CMD]
      gen into DIR/scn, record them with record.py into DIR/rec (needs root), compare the
      recordings with the replay (compare-traces.py) and list the disagreeing scenarios

Profiles: mix (default: a bit of everything), tcp (TCP conversations only), rules (always a
ruleset), timeouts (always short timeout sysctls and waits), icmp (ICMP-heavy), ftp (an FTP
control connection with the helper, PORT/EPRT/PASV/EPSV, malformed or split, and data connections).

A scenario is a handful of interleaved "flows" between A (10.99.1.1) and B (10.99.3.1): TCP
conversations that mostly follow handshake / data / close with random perturbations (flag
combinations valid and invalid, seq/ack off by a little or a lot or near the window edges,
window scale options, zero windows, RSTs, retransmissions, reordering, simultaneous opens,
mid-stream pickups), UDP and ICMP echo exchanges, ICMP errors
whose inner packet is one of the scenario's earlier packets (possibly altered), other IP
protocols; sometimes a random ruleset (filter FORWARD with user chains, raw NOTRACK) and
shortened timeouts with `wait`s. Waits are chosen so that no packet falls within ~0.6 s of a
timeout boundary of any earlier packet (the recorder's own per-packet time is modelled), so a
disagreement is not timing noise. The same seed always gives the same scenarios.
"""
import argparse
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OTHER = {"A": "B", "B": "A"}
ADDR = {"A": "10.99.1.1", "B": "10.99.3.1"}
M32 = 0xFFFFFFFF

# recorder's time per packet (settle 30 ms + reading), an upper estimate
OVERHEAD = 0.05
# no packet closer than this to a timeout boundary (in both the trace's and the real clock)
# counted from an earlier packet of the same entry
MARGIN = 0.6
# waits never let the real clock lag the trace's clock by more than this
MAX_DRIFT = 1.6

DEFAULT_TIMEOUTS = {
    "tcp_timeout_syn_sent": 120, "tcp_timeout_syn_recv": 60, "tcp_timeout_established": 432000,
    "tcp_timeout_fin_wait": 120, "tcp_timeout_close_wait": 60, "tcp_timeout_last_ack": 30,
    "tcp_timeout_time_wait": 120, "tcp_timeout_close": 10, "tcp_timeout_max_retrans": 300,
    "tcp_timeout_unacknowledged": 300, "udp_timeout": 30, "udp_timeout_stream": 120,
    "icmp_timeout": 30, "generic_timeout": 600, "gre_timeout": 30, "gre_timeout_stream": 180,
}

# TCP flag combinations: what a stack sends, and what a scanner / broken stack sends
VALID_FLAGS = ["S", "SA", "A", "PA", "FA", "FPA", "R", "RA", "SE", "SEC", "SAE", "AU", "PAU", "FAU",
               "SP", "SU", "PAE", "PAC", "RAP"]
INVALID_FLAGS = ["", "F", "SF", "SR", "SRA", "SFA", "FPU", "FSRPAUEC", "FU", "P", "U", "RF", "RFA",
                 "FP", "PU", "EC", "RU", "SFPU", "FR"]


class Rng(random.Random):
    def chance(self, p):
        return self.random() < p

    def pick(self, seq, weights=None):
        if weights:
            return self.choices(seq, weights=weights)[0]
        return self.choice(seq)


# ================================================================ packets


def mk(frm, proto, **kw):
    d = {"from": frm, "proto": proto}
    d.update(kw)
    return d


class Scenario:
    """Packets of one scenario, built from several flows, plus the flows' bookkeeping."""

    def __init__(self, rng):
        self.r = rng
        self.ports_used = set()
        self.sent = []          # every packet appended so far (for ICMP errors / retransmissions)

    def port(self, lo=1024, hi=65000):
        while True:
            p = self.r.randint(lo, hi)
            if p not in self.ports_used:
                self.ports_used.add(p)
                return p

    def server_port(self):
        r = self.r
        if r.chance(0.7):
            return r.pick([22, 25, 53, 80, 443, 8080, 3306, 5000, 5001, 123, 1194, 6000])
        return self.port(1, 65535)


# ---------------------------------------------------------------- TCP


class TcpConv:
    """One TCP conversation: keeps the seq/ack numbers of both sides consistent while packets are
    perturbed on the wire. Yields lists of packets (the generator interleaves conversations)."""

    def __init__(self, sc, client=None, pert=0.12):
        r = self.r = sc.r
        self.sc = sc
        self.client = client or r.pick(["A", "B"], [0.85, 0.15])
        self.server = OTHER[self.client]
        cp = sc.port(1024, 65000) if r.chance(0.9) else sc.port(1, 1023)
        self.port = {self.client: cp, self.server: sc.server_port()}
        self.nxt = {s: self.isn() for s in "AB"}
        self.una = dict(self.nxt)      # what each side has had acknowledged
        self.ws = {"A": None, "B": None}
        self.win = {s: self.rwin() for s in "AB"}
        self.pert = pert
        self.addr = {}
        if r.chance(0.04):      # another host of a side (AnyIP routes make them reachable)
            self.addr["A"] = r.pick(["10.99.1.7", "10.99.0.33"])
        if r.chance(0.04):
            self.addr["B"] = r.pick(["10.99.3.200", "10.99.2.9"])

    def isn(self):
        r = self.r
        return r.pick([r.randint(0, M32), r.randint(0, 5000), M32 - r.randint(0, 3000), 0x7FFFFFFF - r.randint(0, 3000)],
                      [0.6, 0.15, 0.15, 0.1])

    def rwin(self):
        r = self.r
        return r.pick([64240, 65535, 29200, 502, 1, 0, 8192, r.randint(0, 65535)],
                      [0.45, 0.15, 0.1, 0.05, 0.03, 0.04, 0.08, 0.1])

    def scaled(self, side):
        """The receive window `side` advertises, in bytes (as the other side sees it)."""
        if self.ws["A"] is not None and self.ws["B"] is not None:
            return self.win[side] << min(self.ws[side], 14)
        return self.win[side]

    def _raw(self, frm, flags, seq, ack, n=0, win=None, wscale=None, payload=None):
        to = OTHER[frm]
        d = {"from": frm, "proto": "tcp", "sport": self.port[frm], "dport": self.port[to], "flags": flags,
             "seq": seq & M32}
        if "A" in flags or ack is not None:
            d["ack"] = (ack if ack is not None else self.nxt[to]) & M32
        w = self.win[frm] if win is None else win
        if w != 64240:
            d["win"] = w
        if wscale is not None:
            d["wscale"] = wscale
        if payload is not None:
            d["payload"] = payload
        elif n:
            d["len"] = n
        if frm in self.addr:
            d["src"] = self.addr[frm]
        if to in self.addr:
            d["dst"] = self.addr[to]
        return d

    def seg(self, frm, flags, n=0, wscale=None, advance=True, ack=None, payload=None):
        """A segment as the stack would send it, perhaps perturbed; returns a list (0..3 packets)."""
        r = self.r
        to = OTHER[frm]
        if r.chance(0.15):
            self.win[frm] = self.rwin()
        if payload is not None:
            n = len(payload.encode("latin-1"))
        d = self._raw(frm, flags, self.nxt[frm], ack, n, wscale=wscale, payload=payload)
        if advance:
            self.nxt[frm] = (self.nxt[frm] + n + ("S" in flags) + ("F" in flags)) & M32
        if "A" in flags:
            self.una[to] = d["ack"]
        out = [d]
        if r.chance(self.pert):
            out = self.perturb(d)
        return out

    def edge_delta(self, side_receiving):
        """An offset around interesting window edges."""
        r = self.r
        w = max(self.scaled(side_receiving), 1)
        small = r.randint(-3, 3)
        return r.pick([small, w + small, -w + small, 66000 + small, -66000 + small, r.randint(-100, 100),
                       r.randint(-2 ** 20, 2 ** 20), 2 ** 31 + small, r.randint(0, M32)])

    def perturb(self, d):
        r = self.r
        frm = d["from"]
        to = OTHER[frm]
        kind = r.pick(["flags", "seq", "ack", "win0", "dup", "dupl8r", "rst", "syn", "len", "wscale", "dupN",
                       "keepalive", "noackflag", "fin"],
                      [0.16, 0.18, 0.13, 0.06, 0.08, 0.05, 0.09, 0.06, 0.04, 0.03, 0.04, 0.03, 0.03, 0.03])
        d = dict(d)
        if kind == "flags":
            fl = r.pick(INVALID_FLAGS) if r.chance(0.4) else r.pick(VALID_FLAGS)
            d["flags"] = fl
            if "A" in fl and "ack" not in d:
                d["ack"] = self.nxt[to]
            return [d]
        if kind == "seq":
            d["seq"] = (d["seq"] + self.edge_delta(to)) & M32
            return [d]
        if kind == "ack":
            if "ack" not in d:
                d["flags"] = d["flags"] + "A"
            d["ack"] = (self.nxt[to] + self.edge_delta(frm)) & M32
            return [d]
        if kind == "win0":
            d["win"] = 0
            return [d]
        if kind == "dup":
            return [d, dict(d)]
        if kind == "dupl8r":
            self.later = dict(d)   # a retransmission that comes later, after other packets
            return [d]
        if kind == "rst":
            side = r.pick([frm, to])
            seq = self.nxt[side] + r.pick([0, 0, 1, -1, self.edge_delta(OTHER[side])])
            fl = r.pick(["R", "RA"])
            rst = self._raw(side, fl, seq, self.nxt[OTHER[side]] if "A" in fl else None, win=0 if r.chance(0.5) else None)
            return [d, rst] if r.chance(0.5) else [rst, d]
        if kind == "syn":
            side = r.pick([frm, to])
            fl = r.pick(["S", "SA"])
            syn = self._raw(side, fl, self.isn() if r.chance(0.5) else self.nxt[side] - 1,
                            self.nxt[OTHER[side]] if "A" in fl else None,
                            wscale=r.randint(0, 14) if r.chance(0.3) else None)
            return [d, syn]
        if kind == "dupN":       # the same segment 3..5 times (max_retrans counting)
            return [dict(d) for _ in range(r.randint(3, 5))]
        if kind == "keepalive":  # seq one below, no data or one byte; the other side answers
            ka = self._raw(frm, "A", self.nxt[frm] - 1, None, n=r.pick([0, 1]))
            ans = self._raw(to, "A", self.nxt[to], None)
            return [d, ka, ans]
        if kind == "noackflag":  # an ack number without the ACK flag
            d["flags"] = d["flags"].replace("A", "") or "P"
            d["ack"] = (self.nxt[to] + r.pick([0, 5, 100000])) & M32
            return [d]
        if kind == "fin":        # a FIN from either side at a random point
            side = r.pick([frm, to])
            fin = self._raw(side, r.pick(["FA", "FA", "FPA", "F"]), self.nxt[side] + r.pick([0, 0, 1, -1]), None)
            return [d, fin] if r.chance(0.5) else [fin, d]
        if kind == "len":
            d["len"] = r.pick([1, 100, 1000, 1400])
            return [d]
        if kind == "wscale":
            d["wscale"] = r.pick([0, 7, 14, 15])
            return [d]
        return [d]

    # ------------------------------------------------------------ script

    def script(self):
        """The conversation as a list of steps (each step a list of packets)."""
        r = self.r
        c, s = self.client, self.server
        steps = []
        self.later = None

        def add(pk):
            steps.append(pk)
            if self.later is not None and r.chance(0.5):
                steps.append([self.later])
                self.later = None

        opening = r.pick(["3whs", "3whs", "3whs", "3whs-noack", "simul", "pickup", "syn-only", "syn-data",
                          "synack-first"], None)
        use_ws = r.chance(0.45)
        if opening in ("3whs", "3whs-noack", "syn-data", "syn-only"):
            wsc = r.randint(0, 14) if use_ws else None
            if use_ws and r.chance(0.05):
                wsc = r.pick([15, 20])
            add(self.seg(c, "S", n=r.pick([0, 0, 0, 10, 100]) if opening == "syn-data" else 0, wscale=wsc))
            self.ws[c] = wsc
            if opening == "syn-only":
                for _ in range(r.randint(0, 2)):
                    add([self._raw(c, "S", self.nxt[c] - 1, None, wscale=wsc)])
                ans = r.pick(["RA", "SA", "none", "A"])
                if ans == "RA":
                    add([self._raw(s, "RA", 0 if r.chance(0.5) else self.nxt[s], self.nxt[c])])
                elif ans == "A":
                    add([self._raw(s, "A", self.nxt[s], self.nxt[c] + r.randint(1, 100000))])
                if ans != "SA":
                    return steps
            wss = (r.randint(0, 14) if (use_ws and r.chance(0.9)) or r.chance(0.05) else None)
            ack = None
            if r.chance(0.06):
                ack = self.nxt[c] + r.pick([-1, 1, 1000])
            add(self.seg(s, "SA", wscale=wss, ack=ack))
            self.ws[s] = wss
            if r.chance(0.15):   # SYN/ACK or SYN retransmission
                side = r.pick([c, s])
                add([self._raw(side, "S" if side == c else "SA", self.nxt[side] - 1, None if side == c else self.nxt[c],
                               wscale=self.ws[side])])
            if opening != "3whs-noack":
                add(self.seg(c, "A"))
        elif opening == "simul":
            wa = r.randint(0, 14) if use_ws else None
            wb = r.randint(0, 14) if use_ws else None
            add(self.seg(c, "S", wscale=wa))
            add(self.seg(s, "S", wscale=wb))
            self.ws[c], self.ws[s] = wa, wb
            first = r.pick([c, s])
            add([self._raw(first, "SA", self.nxt[first] - 1, self.nxt[OTHER[first]], wscale=self.ws[first])])
            if r.chance(0.7):
                o = OTHER[first]
                add([self._raw(o, "SA", self.nxt[o] - 1, self.nxt[first], wscale=self.ws[o])])
            add(self.seg(r.pick([c, s]), "A"))
        elif opening == "pickup":
            side = r.pick([c, s])
            add(self.seg(side, r.pick(["A", "PA", "PA", "FA"]), n=r.pick([0, 10, 500])))
        elif opening == "synack-first":
            add(self.seg(s, "SA"))
            add(self.seg(c, "A"))
        # data
        for _ in range(r.randint(0, 6)):
            who = r.pick([c, s])
            n = r.pick([1, 10, 100, 536, 1448, 1448, r.randint(1, 1448)])   # one MTU at most (raw socket)
            add(self.seg(who, "PA", n=n))
            if r.chance(0.8):
                fl = "PA" if r.chance(0.3) else "A"
                add(self.seg(OTHER[who], fl, n=r.randint(1, 200) if fl == "PA" else 0))
        # close
        close = r.pick(["fin-c", "fin-s", "fin-combined", "fin-simul", "rst-c", "rst-s", "none", "fin-then-rst",
                        "half-close-data", "reopen"])
        if close in ("fin-c", "fin-s", "fin-combined", "half-close-data", "fin-then-rst", "reopen"):
            a = c if close != "fin-s" else s
            b = OTHER[a]
            add(self.seg(a, "FA"))
            if close == "fin-combined":
                add(self.seg(b, "FA"))
            else:
                add(self.seg(b, "A"))
                if close == "half-close-data":
                    add(self.seg(b, "PA", n=r.randint(1, 500)))
                    add(self.seg(a, "A"))
                if close == "fin-then-rst":
                    add(self.seg(r.pick([a, b]), r.pick(["R", "RA"])))
                    return steps
                add(self.seg(b, "FA"))
            add(self.seg(a, "A"))
            if close == "reopen":
                # a new connection on the same tuple (TIME_WAIT reopen), maybe from the other side
                side = r.pick([c, c, s])
                self.nxt[side] = self.isn()
                add(self.seg(side, "S", wscale=r.pick([None, 7])))
                add(self.seg(OTHER[side], "SA"))
                add(self.seg(side, "A"))
        elif close == "fin-simul":
            add(self.seg(c, "FA"))
            add(self.seg(s, "FA", ack=self.nxt[c] - 1))
            add(self.seg(c, "A"))
            add(self.seg(s, "A"))
        elif close in ("rst-c", "rst-s"):
            side = c if close == "rst-c" else s
            add(self.seg(side, r.pick(["R", "RA", "RA"])))
            if r.chance(0.4):    # stray packets after the reset
                add(self.seg(OTHER[side], r.pick(["A", "PA", "FA"]), n=r.pick([0, 10])))
        if self.later is not None:
            steps.append([self.later])
        return steps


# ---------------------------------------------------------------- FTP


def ftp_flow(sc, pert, port_pool=None):
    """An FTP control connection (A -> B:21, the helper attached by the raw table) with PORT /
    EPRT / PASV / EPSV exchanges, some malformed, split, repeated or reordered, and data
    connections to the announced ports (or near them). With `port_pool`, the announced ports
    come from it (so that several control connections announce the same one and clash)."""
    r = sc.r
    c = TcpConv(sc, client="A", pert=pert / 3)
    c.port["B"] = 21
    c.addr = {}
    c.win = {"A": 64240, "B": 65160}
    steps = []
    steps += [c.seg("A", "S", wscale=7), c.seg("B", "SA", wscale=7), c.seg("A", "A")]
    c.ws = {"A": 7, "B": 7}
    steps.append(c.seg("B", "PA", payload=r.pick(["220 Service ready\r\n", "220-hello\r\n220 ready\r\n", "220 ok\n"])))
    data = []   # (opener, sport, dport)

    def send(frm, text):
        """text as one segment, or split in two, sometimes retransmitted or reordered."""
        k = r.random()
        if k < 0.12 and len(text) > 3:
            cut = r.randint(1, len(text) - 1)
            a, b = c.seg(frm, "PA", payload=text[:cut]), c.seg(frm, "PA", payload=text[cut:])
            steps.extend([b, a] if r.chance(0.3) else [a, b])
        elif k < 0.2:
            seg = c.seg(frm, "PA", payload=text)
            steps.extend([seg, [dict(seg[0])]])
        else:
            steps.append(c.seg(frm, "PA", payload=text))

    for _ in range(r.randint(1, 4)):
        kind = r.pick(["PORT", "EPRT", "PASV", "EPSV", "USER", "port"])
        port = r.pick(port_pool) if port_pool else r.randint(1024, 65535)
        hi, lo = port >> 8, port & 255
        ip_a = r.pick(["10,99,1,1", "10,99,1,1", "10,99,1,1", "10,99,1,7", "10,99,3,1"])
        ip_b = r.pick(["10,99,3,1", "10,99,3,1", "10,99,3,1", "10,99,3,9", "10,99,1,1"])
        eol = r.pick(["\r\n", "\r\n", "\r\n", "\n", ""])
        if kind in ("PORT", "port"):
            sep = r.pick([" ", " ", "  ", ""])
            send("A", f"{kind}{sep}{ip_a},{hi},{lo}{eol}")
            send("B", "200 PORT command successful.\r\n")
            data.append(("B", 20, port))
        elif kind == "EPRT":
            dl = r.pick(["|", "|", "!"])
            af = r.pick(["1", "1", "2"])
            send("A", f"EPRT {dl}{af}{dl}{ip_a.replace(',', '.')}{dl}{port}{dl}{eol}")
            send("B", "200 EPRT command successful.\r\n")
            data.append(("B", 20, port))
        elif kind == "PASV":
            send("A", "PASV\r\n")
            fmt = r.pick(["227 Entering Passive Mode ({}).", "227 Entering Passive Mode {}", "227 =({})", "227 ({}"])
            send("B", fmt.format(f"{ip_b},{hi},{lo}") + eol)
            data.append(("A", sc.port(), port))
        elif kind == "EPSV":
            send("A", "EPSV\r\n")
            send("B", r.pick(["229 Entering Extended Passive Mode (|||{}|)", "229 (|||{}|)", "229 Entering ({})"]).format(port) + eol)
            data.append(("A", sc.port(), port))
        else:
            send("A", "USER anonymous\r\n")
            send("B", "331 Please specify the password.\r\n")
        if r.chance(0.5):
            steps.append(c.seg("A", "A"))
    # data connections, in the recorded order; some to a port next to the announced one
    for opener, sp, dp in data:
        if r.chance(0.25):
            continue
        if r.chance(0.15):
            dp = (dp + 1) & 0xFFFF
        d = TcpConv(sc, client=opener, pert=pert / 3)
        d.addr = {}
        d.port = {opener: sp, OTHER[opener]: dp}
        steps += [d.seg(opener, "S"), d.seg(OTHER[opener], "SA"), d.seg(opener, "A")]
    if r.chance(0.3):
        steps.append(c.seg(r.pick("AB"), r.pick(["FA", "RA"])))
    return steps


FTP_RAW = "-p tcp --dport 21 -j CT --helper ftp"


# ---------------------------------------------------------------- UDP / ICMP / other


def udp_flow(sc):
    r = sc.r
    init = r.pick(["A", "B"], [0.8, 0.2])
    resp = OTHER[init]
    ip = sc.port(1024, 65000)
    rp = sc.server_port() if r.chance(0.8) else sc.port(1, 65535)
    steps = []
    for _ in range(r.randint(1, 5)):
        who = init if r.chance(0.55) else resp
        d = {"from": who, "proto": "udp", "sport": ip if who == init else rp, "dport": rp if who == init else ip}
        if r.chance(0.8):
            d["len"] = r.pick([0, 8, 20, 48, 512, 1472])
        if r.chance(0.05):   # answer from another port: a new flow
            d["sport"] = d["sport"] + 1
        steps.append([d])
    return steps


ICMP_QUERY = {8: 0, 13: 14, 15: 16, 17: 18}


def icmp_flow(sc):
    r = sc.r
    init = r.pick(["A", "B"], [0.8, 0.2])
    resp = OTHER[init]
    t = r.pick([8, 8, 8, 8, 13, 15, 17])
    ident = r.randint(0, 65535)
    code = 0 if r.chance(0.92) else r.randint(1, 255)
    steps = []
    seq = r.randint(0, 100)
    for _ in range(r.randint(1, 4)):
        d = {"from": init, "proto": "icmp", "type": t, "id": ident, "icmpseq": seq}
        if code:
            d["code"] = code
        if r.chance(0.3):
            d["len"] = r.pick([8, 56])
        steps.append([d])
        if r.chance(0.8):
            rep = {"from": resp, "proto": "icmp", "type": ICMP_QUERY[t], "id": ident, "icmpseq": seq}
            if code:
                rep["code"] = code
            if r.chance(0.1):
                rep["id"] = (ident + 1) & 0xFFFF
            if r.chance(0.05):
                rep["code"] = r.randint(1, 3)
            if r.chance(0.05):
                rep["type"] = r.pick([0, 14, 16, 18, 8])
            steps.append([rep])
        seq += 1
    if r.chance(0.15):
        steps.append([{"from": r.pick("AB"), "proto": "icmp", "type": r.pick([9, 10, 6, 19, 40, 1, 2, 7, 42, 43, 255, 253]),
                       "id": r.randint(0, 65535), "icmpseq": 1}])
    return steps


def strip_inner(p):
    """A trace packet as an ICMP error's `inner` (no from/wait/expect)."""
    q = {k: v for k, v in p.items() if k not in ("from", "wait", "expect", "ttl")}
    if q.get("len", 0) > 64:     # errors quote the start of the packet only (and must fit the MTU)
        q["len"] = 64 if q["proto"] != "tcp" else 8
    if "inner" in q:
        q["inner"] = dict(q["inner"])
    return q


ERR_TYPES = [(3, 3), (3, 1), (3, 0), (3, 13), (3, 4), (3, 10), (11, 0), (11, 1), (4, 0), (5, 1), (12, 0), (3, 2),
             (3, 9), (3, 15)]


def icmp_error(sc):
    """An ICMP error about one of the scenario's earlier packets (or an invented one)."""
    r = sc.r
    t, code = r.pick(ERR_TYPES)
    cands = [p for p in sc.sent if p["proto"] in ("tcp", "udp", "icmp") or isinstance(p["proto"], int)]
    if cands and r.chance(0.85):
        orig = r.pick(cands)
        inner = strip_inner(orig)
        about = orig["from"]
        frm = OTHER[about]
        if r.chance(0.1):
            frm = about                       # wrong side sends it
        inner.setdefault("src", ADDR[about] if "src" not in orig else orig["src"])
        inner.setdefault("dst", ADDR[OTHER[about]] if "dst" not in orig else orig["dst"])
        m = r.random()
        if m < 0.08 and "sport" in inner:
            inner["sport"], inner["dport"] = inner["dport"], inner["sport"]
        elif m < 0.16:
            inner["src"], inner["dst"] = inner["dst"], inner["src"]
        elif m < 0.24 and "sport" in inner:
            inner["dport"] = (inner["dport"] + 1) & 0xFFFF
        elif m < 0.28 and inner["proto"] == "tcp":
            inner["seq"] = (inner.get("seq", 0) + r.randint(1, M32)) & M32
        elif m < 0.31 and inner["proto"] == "icmp" and "id" in inner:
            inner["id"] = (inner["id"] + 1) & 0xFFFF
        # the outer packet's addresses default to the side's; the inner's are given explicitly,
        # so that errors from the wrong side still describe the chosen packet
        d = {"from": frm, "proto": "icmp", "type": t, "code": code, "inner": inner}
        if r.chance(0.15):   # from a router on the way, not from the host itself
            d["src"] = "10.99.2.1" if frm == "B" else "10.99.0.1"
            if orig.get("src"):
                d["dst"] = orig["src"] if frm != about else ADDR[OTHER[frm]]
        elif orig.get("src") and frm != about:
            d["dst"] = orig["src"]
        if t == 3 and code == 4 and r.chance(0.7):
            d["mtu"] = r.pick([576, 1280, 1400])
        return [d]
    frm = r.pick("AB")
    proto = r.pick(["udp", "tcp", "icmp"])
    inner = {"proto": proto}
    if proto == "icmp":
        inner.update(type=8, id=r.randint(0, 65535), icmpseq=1)
    else:
        inner.update(sport=r.randint(1, 65535), dport=r.randint(1, 65535))
        if proto == "tcp":
            inner.update(flags="S", seq=r.randint(0, M32))
    return [{"from": frm, "proto": "icmp", "type": t, "code": code, "inner": inner}]


OTHER_PROTOS = [253, 254, 99, 47, 47, 132, 136, 33, 50, 51, 41, 4, 103, 115, 2, 200]


def other_flow(sc):
    r = sc.r
    p = r.pick(OTHER_PROTOS)
    init = r.pick(["A", "B"], [0.8, 0.2])
    steps = []
    for _ in range(r.randint(1, 4)):
        who = init if r.chance(0.6) else OTHER[init]
        d = {"from": who, "proto": p}
        n = r.pick([20, 20, 8, 4, 0, 1, 40])
        if n:
            d["len"] = n
        steps.append([d])
    return steps


# ================================================================ rules


TCP_FLAG_NAMES = ["SYN", "ACK", "FIN", "RST", "URG", "PSH"]


def rand_flags_spec(r):
    mask = r.sample(TCP_FLAG_NAMES, r.randint(1, 4))
    comp = [f for f in mask if r.chance(0.5)]
    if r.chance(0.15):
        mask = ["ALL"]
        comp = r.sample(TCP_FLAG_NAMES, r.randint(0, 3))
    return f"--tcp-flags {','.join(mask)} {','.join(comp) if comp else 'NONE'}"


def port_spec(r, ports):
    p = r.pick(ports) if ports and r.chance(0.8) else r.randint(1, 65535)
    m = r.random()
    if m < 0.6:
        return str(p)
    if m < 0.85:
        lo = max(0, p - r.randint(0, 100))
        return f"{lo}:{min(65535, p + r.randint(0, 100))}"
    return f"{p}:" if r.chance(0.5) else f":{p}"


def ct_states(r, pool=("NEW", "ESTABLISHED", "RELATED", "INVALID", "UNTRACKED")):
    return ",".join(r.sample(list(pool), r.randint(1, 3)))


def rand_match(r, sc, proto=None, raw=False):
    """Random matches for one rule (a string) and the protocol it is restricted to. raw: for the
    raw table's PREROUTING (no output interface, no conntrack matches)."""
    parts = []
    ports = {"tcp": sorted({p for q in sc.sent if q["proto"] == "tcp" for p in (q["sport"], q["dport"])}),
             "udp": sorted({p for q in sc.sent if q["proto"] == "udp" for p in (q["sport"], q["dport"])})}
    if proto is None and r.chance(0.7):
        proto = r.pick(["tcp", "tcp", "udp", "icmp", r.pick(["47", "253", "132"])])
    if proto:
        neg = r.chance(0.07)
        parts.append(("! " if neg else "") + f"-p {proto}")
        if neg:
            proto = None
    if r.chance(0.25):
        parts.append(r.pick(["-i eth0", "-i eth1", "! -i eth0", "-i eth+"] + ([] if raw else ["-o eth1", "-o eth0"])))
    if r.chance(0.15):
        parts.append(r.pick(["-s 10.99.1.0/24", "-d 10.99.3.1/32", "! -s 10.99.1.1", "-s 10.99.0.0/16",
                             "-d 10.99.3.128/25", "! -d 10.99.3.0/24", "-s 10.99.2.0/23"]))
    if proto in ("tcp", "udp"):
        k = r.random()
        if k < 0.35:
            parts.append(("! " if r.chance(0.15) else "") + f"--dport {port_spec(r, ports[proto])}")
        elif k < 0.5:
            parts.append(("! " if r.chance(0.15) else "") + f"--sport {port_spec(r, ports[proto])}")
        elif k < 0.65:
            ps = [port_spec(r, ports[proto]).strip(":") or "1" for _ in range(r.randint(1, 4))]
            opt = r.pick(["--dports", "--sports", "--ports"])
            parts.append(f"-m multiport {'! ' if r.chance(0.15) else ''}{opt} {','.join(ps)}")
        if proto == "tcp":
            k = r.random()
            if k < 0.2:
                parts.append(("! " if r.chance(0.3) else "") + "--syn")
            elif k < 0.4:
                parts.append(("! " if r.chance(0.15) else "") + rand_flags_spec(r))
    elif proto == "icmp" and r.chance(0.6):
        parts.append(("! " if r.chance(0.1) else "") + "--icmp-type " +
                     r.pick(["echo-request", "echo-reply", "8", "0", "3/3", "destination-unreachable",
                             "port-unreachable", "time-exceeded", "11", "timestamp-request", "any", "3"]))
    k = 1 if raw else r.random()
    if k < 0.3:
        parts.append(f"-m state {'! ' if r.chance(0.1) else ''}--state {ct_states(r)}")
    elif k < 0.45:
        parts.append(f"-m conntrack {'! ' if r.chance(0.1) else ''}--ctstate {ct_states(r, ('NEW', 'ESTABLISHED', 'RELATED', 'INVALID', 'UNTRACKED', 'SNAT', 'DNAT'))}")
    elif k < 0.52:
        parts.append(f"-m conntrack --ctstatus {r.pick(['ASSURED', 'SEEN_REPLY', 'EXPECTED', 'CONFIRMED', 'NONE', 'ASSURED,SEEN_REPLY'])}")
    elif k < 0.56:
        parts.append(f"-m conntrack --ctdir {r.pick(['ORIGINAL', 'REPLY'])}")
    if r.chance(0.05):
        parts.append(f"-m comment --comment fuzz{r.randint(0, 99)}")
    return " ".join(parts), proto


def rand_target(r, proto, chains, in_user=False):
    k = r.random()
    if chains and k < 0.15:
        return ("-g " if r.chance(0.2) else "-j ") + r.pick(chains)
    if k < 0.45:
        return "-j ACCEPT"
    if k < 0.65:
        return "-j DROP"
    if k < 0.8:
        w = ["icmp-port-unreachable", "icmp-host-prohibited", "icmp-net-unreachable", "icmp-admin-prohibited",
             "icmp-host-unreachable", "icmp-proto-unreachable", "icmp-net-prohibited"]
        if proto == "tcp":
            w += ["tcp-reset"] * 3
        return "-j REJECT" + ("" if r.chance(0.3) else " --reject-with " + r.pick(w))
    if k < 0.9:
        return "-j RETURN"
    if k < 0.95:
        return "-j LOG --log-prefix fz"
    return ""     # no target: just counts


def rand_rules(sc, ftp=False, filter_rules=True):
    r = sc.r
    nchains = r.pick([0, 0, 0, 1, 2])
    chains = [f"FZ{i}" for i in range(nchains)]
    policy = r.pick(["ACCEPT", "ACCEPT", "DROP"])
    fwd = []
    if r.chance(0.3):   # the classic stateful start
        fwd.append("-m state --state ESTABLISHED,RELATED -j ACCEPT" if r.chance(0.6)
                   else "-m conntrack --ctstate INVALID -j DROP")
    for _ in range(r.randint(0, 6) if filter_rules else 0):
        m, proto = rand_match(r, sc)
        fwd.append((m + " " + rand_target(r, proto, chains)).strip())
    if not filter_rules:
        policy = "ACCEPT"
        chains = []
        fwd = []
    if policy == "DROP" and r.chance(0.5):
        fwd.append("-i eth0 -j ACCEPT")
    body = {c: [] for c in chains}
    for i, c in enumerate(chains):
        later = chains[i + 1:]      # only jumps forward: no loops
        for _ in range(r.randint(1, 4)):
            m, proto = rand_match(r, sc)
            body[c].append((m + " " + rand_target(r, proto, later, True)).strip())
    s = f"*filter\n:INPUT ACCEPT [0:0]\n:FORWARD {policy} [0:0]\n:OUTPUT ACCEPT [0:0]\n"
    for c in chains:
        s += f":{c} - [0:0]\n"
    for x in fwd:
        s += f"-A FORWARD {x}\n".replace(" \n", "\n")
    for c in chains:
        for x in body[c]:
            s += f"-A {c} {x}\n".replace(" \n", "\n")
    s += "COMMIT\n"
    raw = [FTP_RAW] if ftp else []
    if r.chance(0.25) and filter_rules:
        for _ in range(r.randint(1, 2)):
            m, proto = rand_match(r, sc, proto=r.pick(["tcp", "udp", "icmp", None]), raw=True)
            # (no DROP: a packet dropped before conntrack would never reach the observation rules)
            tgt = r.pick(["-j CT --notrack", "-j NOTRACK", "-j CT --notrack", "-j ACCEPT"])
            raw.append(f"{m} {tgt}")
    if raw:
        s += "*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
        for x in raw:
            s += f"-A PREROUTING {x}\n"
        s += "COMMIT\n"
    return s


def fix_rule_text(s):
    # "-p tcp -m multiport" etc are fine; remove accidental empty fragments from the state filter
    out = []
    for line in s.splitlines():
        line = " ".join(line.split())
        out.append(line)
    return "\n".join(out) + "\n"


# ================================================================ round 2: targeted profiles
# (window edges, ICMP errors about connections in known states, richer rulesets, tcp sysctls)


def _after(a, b):
    """a after b in sequence space."""
    return 0 < ((a - b) & M32) < 2 ** 31


class WinConv(TcpConv):
    """A TCP conversation aimed at tcp_in_window's edges: it tracks the right edge each side may
    send up to (the highest ack + scaled window the other side advertised, td_maxend) and the
    other side's biggest window (td_maxwin), and sends segments right at them (-1/0/+1), big
    payloads that start inside the window and end beyond it, zero windows with probes, window
    scaling on both / one / no side, RST/FIN with acks off by one, SYN retransmissions with another
    ISN, a second SYN/ACK with another ISN, reopening from either side in closing states."""

    def __init__(self, sc, client=None, pert=0.1):
        super().__init__(sc, client, pert)
        r = self.r
        self.maxend = {"A": None, "B": None}
        self.maxwin = {"A": 0, "B": 0}
        self.syn_seen = {"A": False, "B": False}
        # small windows make the edges reachable with one segment
        for s in "AB":
            self.win[s] = r.pick([64240, 1000, 100, 2920, 65535, 10, 0, 512], [0.3, 0.15, 0.1, 0.1, 0.1, 0.05, 0.05, 0.15])

    def scale_of(self, side):
        if self.ws["A"] is not None and self.ws["B"] is not None:
            return min(self.ws[side], 14)
        return 0

    def _raw(self, frm, flags, seq, ack, n=0, win=None, wscale=None, payload=None):
        d = super()._raw(frm, flags, seq, ack, n, win, wscale, payload)
        to = OTHER[frm]
        w = d.get("win", 64240)
        sw = w if "S" in flags else w << self.scale_of(frm)
        self.maxwin[frm] = max(self.maxwin[frm], sw)
        if "A" in flags and "ack" in d:
            e = (d["ack"] + sw + (1 if sw == 0 else 0)) & M32
            if self.maxend[to] is None or _after(e, self.maxend[to]):
                self.maxend[to] = e
        return d

    def seg(self, frm, flags, n=0, wscale=None, advance=True, ack=None, payload=None):
        r = self.r
        if r.chance(0.12):
            self.win[frm] = r.pick([0, 1, 100, 1000, 65535, 8192])
        return super().seg(frm, flags, n, wscale, advance, ack, payload)

    def edge_seg(self, frm):
        """A data segment at the sender's right edge (or the receiver's lower edge)."""
        r = self.r
        to = OTHER[frm]
        n = r.pick([1, 10, 100, 1000, 1448])
        k = r.random()
        if self.maxend[frm] is not None and k < 0.6:
            base = self.maxend[frm] - (n if r.chance(0.3) else 0)
        elif k < 0.85:     # lower edge: end == td_end - other's maxwin
            base = self.nxt[frm] - max(self.maxwin[to], 1) - n
        else:
            base = self.nxt[frm] + max(self.maxwin[to], 1)
        seq = (base + r.pick([-2, -1, -1, 0, 0, 1, 1, 2])) & M32
        ackd = r.pick([0, 0, 0, 1, -1])
        d = self._raw(frm, r.pick(["PA", "A", "PA", "FPA"]), seq, self.nxt[to] + ackd, n=n)
        if r.chance(0.5) and _after((seq + n) & M32, self.nxt[frm]):
            self.nxt[frm] = (seq + n) & M32   # the sender believes it (sometimes)
        return [d]

    def ack_edge(self, frm):
        """An ACK at the edges of what the other side sent (td_end) or at MAXACKWINDOW below it."""
        r = self.r
        to = OTHER[frm]
        k = r.random()
        if k < 0.5:
            a = self.nxt[to] + r.pick([-1, 0, 1, 2])
        else:
            a = self.nxt[to] - max(self.maxwin[frm], 66000 if self.maxwin[frm] == 0 else 1) + r.pick([-1, 0, 1])
        return [self._raw(frm, r.pick(["A", "A", "PA"]), self.nxt[frm], a, n=r.pick([0, 0, 10]))]

    def zero_window(self, frm):
        """frm closes its window; the other side probes; then a window update."""
        r = self.r
        to = OTHER[frm]
        out = [self._raw(frm, "A", self.nxt[frm], None, win=0)]
        self.win[frm] = 0
        for _ in range(r.randint(1, 3)):
            k = r.random()
            if k < 0.4:
                out.append(self._raw(to, "A", self.nxt[to] - 1, None))           # probe, no data
            elif k < 0.8:
                out.append(self._raw(to, "PA", self.nxt[to], None, n=1))          # one byte past the window
            else:
                out.append(self._raw(to, "PA", self.nxt[to] + r.pick([0, 1]), None, n=r.pick([100, 1448])))
            if r.chance(0.5):
                out.append(self._raw(frm, "A", self.nxt[frm], None, win=0))
        self.win[frm] = r.pick([64240, 1000, 0])
        out.append(self._raw(frm, "A", self.nxt[frm], None))
        return [out]

    def script(self):
        r = self.r
        c, s = self.client, self.server
        steps = []
        self.later = None
        mode = r.pick(["both", "both", "one-c", "one-s", "none"])
        wc = r.pick([0, 1, 2, 7, 8, 14]) if mode in ("both", "one-c") else None
        wsv = r.pick([0, 1, 2, 7, 8, 14]) if mode in ("both", "one-s") else None
        if r.chance(0.12):   # a mid-stream pickup, the other side answers with a RST at its ack
            fl = r.pick(["A", "PA"])
            n = 10 if fl == "PA" else 0
            steps.append([self._raw(c, fl, self.nxt[c], None, n=n)])
            steps.append([self._raw(s, r.pick(["R", "RA"]), r.pick([self.nxt[s], 0, self.nxt[s] + 1]),
                                    (self.nxt[c] + n + r.pick([0, 0, 1])) & M32)])
            self.nxt[c] = (self.nxt[c] + n) & M32
            if r.chance(0.5):
                return steps + [[self._raw(c, "PA", self.nxt[c], None, n=10)]]
        # opening, with SYN / SYN/ACK oddities
        steps.append(self.seg(c, "S", wscale=wc))
        self.ws[c] = wc
        k = r.random()
        if k < 0.2:      # SYN retransmitted with another ISN (and maybe another wscale)
            old = self.nxt[c]
            self.nxt[c] = self.isn()
            if r.chance(0.3):
                self.nxt[c] = (old - 1 + r.pick([-1, 1, 1000, -100000])) & M32
            wc2 = wc if r.chance(0.6) else r.pick([None, 3])
            steps.append([self._raw(c, "S", self.nxt[c], None, wscale=wc2)])
            self.nxt[c] = (self.nxt[c] + 1) & M32
            if r.chance(0.5):
                self.ws[c] = wc2
        elif k < 0.3:    # SYN/ACK to the first, the server ACKs a wrong ISN
            steps.append([self._raw(s, "SA", self.nxt[s], self.nxt[c] + r.pick([-1, 1]), wscale=wsv)])
        steps.append(self.seg(s, "SA", wscale=wsv))
        self.ws[s] = wsv
        k = r.random()
        if k < 0.25:     # a second SYN/ACK with another ISN
            ns = self.isn() if r.chance(0.6) else (self.nxt[s] + r.pick([-2, 1, 100, 70000])) & M32
            steps.append([self._raw(s, "SA", ns, self.nxt[c], wscale=wsv if r.chance(0.7) else r.pick([None, 5]))])
            if r.chance(0.5):
                self.nxt[s] = (ns + 1) & M32
        elif k < 0.35:   # SYN retransmitted after the SYN/ACK
            steps.append([self._raw(c, "S", self.nxt[c] - 1 + r.pick([0, 0, 5]), None, wscale=wc)])
        steps.append(self.seg(c, "A"))
        # data near the edges
        for _ in range(r.randint(2, 8)):
            who = r.pick([c, s])
            k = r.random()
            if k < 0.35:
                steps.append(self.edge_seg(who))
            elif k < 0.5:
                steps.append(self.ack_edge(who))
            elif k < 0.6:
                steps += self.zero_window(who)
            elif k < 0.65:   # keepalive
                steps.append([self._raw(who, "A", self.nxt[who] - 1, None, n=r.pick([0, 1]))])
            elif k < 0.72:   # an ignored SYN (or ACK) answered by a RST acking it (or off by one)
                isn = self.isn()
                fl = r.pick(["S", "S", "A"])
                steps.append([self._raw(who, fl, isn, None if fl == "S" else self.nxt[OTHER[who]] + r.pick([1, 70000]),
                                        wscale=r.pick([None, 7]) if fl == "S" else None)])
                end = (isn + (1 if fl == "S" else 0)) & M32
                steps.append([self._raw(OTHER[who], r.pick(["RA", "RA", "R"]),
                                        r.pick([0, self.nxt[OTHER[who]], self.nxt[OTHER[who]] + 5000000]),
                                        end + r.pick([0, 0, 0, 1, -1]))])
                if r.chance(0.5):
                    steps.append([self._raw(who, "A", self.nxt[who], None)])
            else:
                steps.append(self.seg(who, "PA", n=r.pick([1, 100, 1000, 1448])))
                if r.chance(0.7):
                    steps.append(self.seg(OTHER[who], "A"))
        # close, with acks off by one and reopening
        k = r.random()
        a = r.pick([c, s])
        b = OTHER[a]
        if k < 0.3:          # RST with an ack off by one (or not) from either side
            fl = r.pick(["RA", "RA", "R"])
            seq = self.nxt[a] + r.pick([0, 0, -1, 1])
            steps.append([self._raw(a, fl, seq, self.nxt[b] + r.pick([0, 1, -1]) if "A" in fl else None,
                                    win=r.pick([0, None]))])
            if r.chance(0.5):
                steps.append([self._raw(b, "A", self.nxt[b], None)])
        else:
            steps.append([self._raw(a, "FA", self.nxt[a], self.nxt[b] + r.pick([0, 0, 1, -1]))])
            self.nxt[a] = (self.nxt[a] + 1) & M32
            k2 = r.random()
            if k2 < 0.6:
                steps.append([self._raw(b, "A", self.nxt[b], self.nxt[a] + r.pick([0, 0, -1, 1]))])
                steps.append([self._raw(b, "FA", self.nxt[b], self.nxt[a] + r.pick([0, 0, -1, 1]))])
                self.nxt[b] = (self.nxt[b] + 1) & M32
                if r.chance(0.7):
                    steps.append([self._raw(a, "A", self.nxt[a], self.nxt[b] + r.pick([0, 0, 1, -1]))])
            elif k2 < 0.8:
                steps.append([self._raw(b, "FA", self.nxt[b], self.nxt[a])])
                self.nxt[b] = (self.nxt[b] + 1) & M32
        if r.chance(0.6):    # reopen from either side, with the old or a new ISN
            side = r.pick([c, s])
            isn = self.isn() if r.chance(0.6) else (self.nxt[side] + r.pick([0, 1, 100000])) & M32
            ws2 = r.pick([None, 7, wc])
            steps.append([self._raw(side, "S", isn, None, wscale=ws2)])
            self.nxt[side] = (isn + 1) & M32
            if r.chance(0.7):
                o = OTHER[side]
                self.nxt[o] = self.isn()
                steps.append([self._raw(o, "SA", self.nxt[o], self.nxt[side], wscale=r.pick([None, 7]))])
                self.nxt[o] = (self.nxt[o] + 1) & M32
                steps.append([self._raw(side, "A", self.nxt[side], self.nxt[o])])
                if r.chance(0.5):
                    steps.append([self._raw(o, "PA", self.nxt[o], self.nxt[side], n=100)])
        # a few random perturbations on top
        out = []
        for st in steps:
            if len(st) == 1 and r.chance(self.pert):
                st = self.perturb(st[0])
            out.append(st)
        return out


# ---------------------------------------------------------------- ICMP errors in known states

ERR_TYPES2 = ([(3, c) for c in range(16)] + [(11, 0), (11, 1), (12, 0), (12, 1), (12, 2), (4, 0)] +
              [(5, c) for c in range(4)])


def tcp_in_state(sc, state):
    """A TCP conversation driven to `state`; returns (steps, packets that may be quoted)."""
    r = sc.r
    c = TcpConv(sc, client=r.pick(["A", "A", "B"]), pert=0)
    c.addr = {}
    a, b = c.client, c.server
    st = [c.seg(a, "S")]
    if state in ("SYN_SENT",):
        return st
    st.append(c.seg(b, "SA"))
    if state == "SYN_RECV":
        return st
    st.append(c.seg(a, "A"))
    if r.chance(0.6):
        st.append(c.seg(r.pick([a, b]), "PA", n=r.pick([10, 100])))
    if state == "ESTABLISHED":
        return st
    if state == "RST":
        st.append(c.seg(r.pick([a, b]), "RA"))
        return st
    x = r.pick([a, b])
    st.append(c.seg(x, "FA"))
    if state == "FIN_WAIT":
        return st
    st.append(c.seg(OTHER[x], "A"))
    if state == "CLOSE_WAIT":
        return st
    st.append(c.seg(OTHER[x], "FA"))
    if state == "LAST_ACK":
        return st
    st.append(c.seg(x, "A"))
    return st


def error_about(sc, orig, t, code):
    """An ICMP error quoting orig (a packet of the scenario), sometimes altered."""
    r = sc.r
    inner = strip_inner(orig)
    about = orig["from"]
    frm = OTHER[about] if r.chance(0.9) else about
    inner.setdefault("src", orig.get("src", ADDR[about]))
    inner.setdefault("dst", orig.get("dst", ADDR[OTHER[about]]))
    m = r.random()
    if m < 0.06 and "sport" in inner:
        inner["sport"], inner["dport"] = inner["dport"], inner["sport"]
    elif m < 0.12:
        inner["src"], inner["dst"] = inner["dst"], inner["src"]
    elif m < 0.18 and "sport" in inner:
        inner[r.pick(["sport", "dport"])] ^= r.pick([1, 256])
    elif m < 0.22:
        inner[r.pick(["src", "dst"])] = r.pick(["10.99.1.7", "10.99.3.9", "10.99.2.1"])
    elif m < 0.28 and inner["proto"] == "tcp":
        inner["seq"] = (inner.get("seq", 0) + r.pick([1, -1, 70000, 2 ** 31])) & M32
    elif m < 0.32 and inner["proto"] == "tcp":
        inner["flags"] = r.pick(["R", "S", "SF", "FPU", ""])
    elif m < 0.38 and inner["proto"] == "icmp" and "id" in inner:
        inner[r.pick(["id", "code", "type"])] = r.pick([1, 0, 8, 13])
    d = {"from": frm, "proto": "icmp", "type": t, "code": code, "inner": inner}
    if r.chance(0.2):    # from a router on the way
        d["src"] = "10.99.2.1" if frm == "B" else "10.99.0.1"
    if frm != about and orig.get("src"):
        d["dst"] = orig["src"]
    if r.chance(0.05):   # the error is addressed to another host than the quoted packet's sender
        d["dst"] = "10.99.1.7" if frm == "B" else "10.99.3.9"
    if t == 3 and code == 4 and r.chance(0.7):
        d["mtu"] = r.pick([576, 1280, 68, 0])
    if r.chance(0.05):
        d["ttl"] = 1
    return d


def errors_flows(sc):
    """Connections in assorted states (TCP, UDP, ICMP queries incl. repeated ids and replies without
    a request), then ICMP errors of every type/code about them, in both directions."""
    r = sc.r
    flows = []
    for _ in range(r.randint(2, 4)):
        k = r.pick(["tcp", "tcp", "udp", "icmp", "udpsame", "icmpodd"])
        if k == "tcp":
            flows.append(tcp_in_state(sc, r.pick(["SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT", "CLOSE_WAIT",
                                                  "LAST_ACK", "TIME_WAIT", "RST"])))
        elif k == "udp":
            flows.append(udp_flow(sc))
        elif k == "udpsame":       # the same port both ways, either side first
            p = r.pick([53, 123, 500, 4500, sc.port()])
            sc.ports_used.add(p)
            init = r.pick("AB")
            st = []
            for _ in range(r.randint(1, 4)):
                who = init if r.chance(0.5) else OTHER[init]
                st.append([{"from": who, "proto": "udp", "sport": p, "dport": p, "len": r.pick([0, 20, 48])}])
            flows.append(st)
        elif k == "icmp":
            flows.append(icmp_flow(sc))
        else:                      # replies without request, repeated ids, queries of all kinds
            ident = r.randint(0, 65535)
            st = []
            for _ in range(r.randint(2, 5)):
                t = r.pick([0, 8, 8, 13, 14, 15, 16, 17, 18])
                who = r.pick("AB")
                d = {"from": who, "proto": "icmp", "type": t, "id": ident if r.chance(0.7) else r.randint(0, 65535),
                     "icmpseq": r.randint(0, 3)}
                if r.chance(0.1):
                    d["code"] = r.pick([1, 255])
                st.append([d])
            flows.append(st)
    return flows


# ---------------------------------------------------------------- richer rulesets

REJECT_WITH = ["icmp-net-unreachable", "icmp-host-unreachable", "icmp-port-unreachable", "icmp-proto-unreachable",
               "icmp-net-prohibited", "icmp-host-prohibited", "icmp-admin-prohibited"]
CT_STATES = ["NEW", "ESTABLISHED", "RELATED", "INVALID", "UNTRACKED"]
CT_STATUS = ["ASSURED", "SEEN_REPLY", "EXPECTED", "CONFIRMED", "NONE"]


def ct_match2(r):
    parts = []
    if r.chance(0.7):
        parts.append(f"{'! ' if r.chance(0.2) else ''}--ctstate {','.join(r.sample(CT_STATES, r.randint(1, 3)))}")
    if r.chance(0.45):
        parts.append(f"{'! ' if r.chance(0.2) else ''}--ctstatus {','.join(r.sample(CT_STATUS, r.randint(1, 2)))}")
    if r.chance(0.35) or not parts:
        parts.append(f"--ctdir {r.pick(['ORIGINAL', 'REPLY'])}")
    r.shuffle(parts)
    return "-m conntrack " + " ".join(parts)


CT_ADDRS = ["10.99.1.1", "10.99.3.1", "10.99.0.0/23", "10.99.2.0/23", "10.99.1.0/24", "10.99.3.0/255.255.255.0",
            "0.0.0.0/0", "10.99.1.7/33", "10.99.3.200/24", "10.99.0.0/255.255.254.0"]
CT_PORTS = ["53", "80", "21", "20", "1024:65535", ":1023", "2048", "0", "80:70", "30000:60000", "1:", "0:0"]
# boundaries far from every timeout (all <= 600 s, or the 5 days of ESTABLISHED), so that the
# second a packet sees is never at an edge
CT_EXPIRES = ["1001:", ":1000", "700:500000", "86400:", "0:4294967295"]


def ct_match3(r):
    """ct_match2 plus the options of conntrack matching on the entry: --ctproto, the four
    addresses, the four ports, --ctexpire (ranges away from any timeout)."""
    parts = []
    if r.chance(0.3):
        parts.append(f"{'! ' if r.chance(0.2) else ''}--ctstate {','.join(r.sample(CT_STATES + ['SNAT', 'DNAT'], r.randint(1, 3)))}")
    if r.chance(0.4):
        parts.append(f"{'! ' if r.chance(0.3) else ''}--ctproto {r.pick(['tcp', 'udp', 'icmp', '6', '17', '1', '47', '253', 'all'])}")
    for opt in ("ctorigsrc", "ctorigdst", "ctreplsrc", "ctrepldst"):
        if r.chance(0.2):
            parts.append(f"{'! ' if r.chance(0.3) else ''}--{opt} {r.pick(CT_ADDRS)}")
    for opt in ("ctorigsrcport", "ctorigdstport", "ctreplsrcport", "ctrepldstport"):
        if r.chance(0.2):
            parts.append(f"{'! ' if r.chance(0.3) else ''}--{opt} {r.pick(CT_PORTS)}")
    if r.chance(0.25):
        parts.append(f"{'! ' if r.chance(0.3) else ''}--ctexpire {r.pick(CT_EXPIRES)}")
    if r.chance(0.2):
        parts.append(f"{'! ' if r.chance(0.2) else ''}--ctstatus {','.join(r.sample(CT_STATUS, r.randint(1, 2)))}")
    if r.chance(0.15) or not parts:
        parts.append(f"--ctdir {r.pick(['ORIGINAL', 'REPLY'])}")
    r.shuffle(parts)
    # iptables refuses protocol 0 after a negated --ctstatus (libxt_conntrack tests bit 0x40)
    parts.sort(key=lambda x: 0 if x.endswith("--ctproto all") else 1)
    return "-m conntrack " + " ".join(parts)


def rand_rules2(sc, ctopts=False):
    """A filter table with every REJECT type, combined ctstate/ctstatus/ctdir matches, LOG, user
    chains reached by jump and goto with RETURN; a raw table with state matches (before conntrack
    there is no entry: INVALID, or UNTRACKED / a template's NEW after an earlier CT rule)."""
    r = sc.r
    chains = [f"FZ{i}" for i in range(r.pick([1, 2, 2, 3]))]
    policy = r.pick(["ACCEPT", "DROP"])
    body = {"FORWARD": []}
    for c in chains:
        body[c] = []
    order = ["FORWARD"] + chains
    for ci, ch in enumerate(order):
        later = chains[ci:] if ch == "FORWARD" else chains[ci:]
        for _ in range(r.randint(2, 6) if ch == "FORWARD" else r.randint(1, 4)):
            m, proto = rand_match(r, sc)
            if ctopts and r.chance(0.8):
                m = (m + " " + ct_match3(r)).strip()
            elif not ctopts and r.chance(0.5):
                m = (m + " " + ct_match2(r)).strip()
            k = r.random()
            if k < 0.25:
                w = r.pick(REJECT_WITH + (["tcp-reset"] * 4 if proto == "tcp" else []))
                if w == "tcp-reset" and proto != "tcp":
                    w = "icmp-port-unreachable"
                t = "-j REJECT --reject-with " + w
            elif k < 0.35:
                t = "-j LOG --log-prefix fz2"
            elif k < 0.5 and later:
                t = ("-g " if r.chance(0.4) else "-j ") + r.pick(later)
            elif k < 0.6 and ch != "FORWARD":
                t = "-j RETURN"
            elif k < 0.8:
                t = "-j ACCEPT"
            elif k < 0.95:
                t = "-j DROP"
            else:
                t = ""
            body[ch].append((m + " " + t).strip())
        if ch != "FORWARD" and r.chance(0.5):
            body[ch].append(r.pick(["-j RETURN", "-j ACCEPT", "-j DROP"]))
    if r.chance(0.5):   # a tcp-reset REJECT picking a few TCP packets of any state (nf_ct_set_closing)
        sel = r.pick(["--tcp-flags URG URG", "--tcp-flags PSH PSH", "--syn", "--tcp-flags FIN FIN",
                      "--tcp-flags SYN,ACK SYN,ACK", "--tcp-flags ALL ACK"])
        extra = r.pick(["", "", "-i eth0", "-i eth1", "-m conntrack --ctstatus CONFIRMED",
                        f"-m conntrack --ctstate {r.pick(CT_STATES)}", "-m state --state ESTABLISHED,INVALID"])
        body["FORWARD"].insert(r.randint(0, 1), f"-p tcp {sel} {extra} -j REJECT --reject-with tcp-reset".replace("  ", " "))
    s = f"*filter\n:INPUT ACCEPT [0:0]\n:FORWARD {policy} [0:0]\n:OUTPUT ACCEPT [0:0]\n"
    for c in chains:
        s += f":{c} - [0:0]\n"
    for ch in order:
        for x in body[ch]:
            s += f"-A {ch} {x}\n"
    s += "COMMIT\n"
    if r.chance(0.5):
        raw = []
        for _ in range(r.randint(1, 4)):
            m, proto = rand_match(r, sc, raw=True)
            m = m.replace("-m state", "-m state")
            k = r.random()
            if k < 0.5:
                m += " " + r.pick([f"-m state --state {','.join(r.sample(CT_STATES, r.randint(1, 2)))}",
                                   f"-m conntrack --ctstate {r.pick(CT_STATES)}",
                                   f"-m conntrack ! --ctstate {r.pick(CT_STATES)}",
                                   f"-m conntrack --ctstatus {r.pick(CT_STATUS)}",
                                   f"-m conntrack --ctdir {r.pick(['ORIGINAL', 'REPLY'])}"])
            tgt = r.pick(["-j CT --notrack", "-j NOTRACK", "-j ACCEPT", "-j CT", "-j RETURN", ""])
            raw.append(f"{m} {tgt}".strip())
        s += "*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
        for x in raw:
            s += f"-A PREROUTING {x}\n"
        s += "COMMIT\n"
    return s


# ================================================================ time


def short_sysctls(r):
    s = {}
    keys = ["tcp_timeout_syn_sent", "tcp_timeout_syn_recv", "tcp_timeout_established", "tcp_timeout_fin_wait",
            "tcp_timeout_close_wait", "tcp_timeout_last_ack", "tcp_timeout_time_wait", "tcp_timeout_close",
            "tcp_timeout_max_retrans", "tcp_timeout_unacknowledged", "udp_timeout", "udp_timeout_stream",
            "icmp_timeout", "generic_timeout", "gre_timeout", "gre_timeout_stream"]
    # one or two distinct values: every timeout boundary is a window no packet may fall into
    vals = r.sample(range(2, 8), r.pick([1, 1, 2]))
    for k in r.sample(keys, r.randint(1, 6)):
        s["net.netfilter.nf_conntrack_" + k] = r.pick(vals)
    return s


def flag_sysctls(r):
    s = {}
    if r.chance(0.3):
        s["net.netfilter.nf_conntrack_tcp_loose"] = 0
    if r.chance(0.25):
        s["net.netfilter.nf_conntrack_tcp_be_liberal"] = 1
    if r.chance(0.2):
        s["net.netfilter.nf_conntrack_tcp_ignore_invalid_rst"] = 1
    if r.chance(0.2):
        s["net.netfilter.nf_conntrack_tcp_max_retrans"] = r.pick([0, 1, 2, 5])
    return s


def timeouts_of(sysctl):
    t = dict(DEFAULT_TIMEOUTS)
    for k, v in (sysctl or {}).items():
        k = k.replace("net.netfilter.nf_conntrack_", "")
        if k in t:
            t[k] = v
    # 2 s: UDP's stream check; and every timeout that could be hit by a short run
    return sorted({v for v in t.values() if v <= 40} | {2})


def flow_key(p):
    """(key, refreshes) of the conntrack entry a packet belongs to; an ICMP error belongs to its
    inner packet's entry but does not refresh it; key None: no entry (invalid ICMP types)."""
    src = p.get("src", ADDR.get(p.get("from"), ""))
    dst = p.get("dst", ADDR.get(OTHER.get(p.get("from"), ""), ""))
    proto = p["proto"]
    if proto in ("tcp", "udp"):
        return (proto, frozenset({(src, p["sport"]), (dst, p["dport"])})), True
    if proto == "icmp":
        t = p["type"]
        if t in (3, 4, 5, 11, 12):
            inner = dict(p.get("inner") or {})
            if not inner:
                return None, False
            inner.setdefault("src", dst)
            inner.setdefault("dst", src)
            inner.pop("from", None)
            k, _ = flow_key(inner)
            return k, False
        if t in (0, 8, 13, 14, 15, 16, 17, 18):
            return ("icmp", frozenset({src, dst}), p.get("id", 0)), True
        return None, False
    return (proto, frozenset({src, dst})), True


def place_waits(r, packets, sysctl, want_waits):
    """Gives some packets a `wait`, never near a timeout boundary counted from an earlier packet
    of the same entry nor from the last refresh of any other entry (each packet's observation
    lists the whole table), and keeps the recorder's lag (its per-packet time) under MAX_DRIFT."""
    T = timeouts_of(sysctl)
    clock, real, keys = [], [], []
    total = 0.0
    budget = r.uniform(3, 9) if want_waits else 0
    for i, p in enumerate(packets):
        key, _ = flow_key(p)
        prev_c = clock[-1] if clock else 0.0
        prev_r = real[-1] if real else 0.0
        drift = (prev_r + OVERHEAD) - prev_c if clock else 0.0
        want = 0.0
        if i and want_waits and r.chance(0.2) and total < budget:
            want = r.pick([0.5, 1, 1.5, 2.5, 3, 4, 5])
        if drift > MAX_DRIFT:
            want = max(want, drift + 0.1)
        if want > 0 or i == 0:
            cands = [want + k * 0.25 for k in range(0, 60)] if want > 0 else [0.0]
        else:
            cands = [0.0] + [0.5 + k * 0.25 for k in range(0, 60)]
        chosen = None
        for w in cands:
            c = prev_c + w
            rr = max(c, prev_r + OVERHEAD) if clock else 0.0
            ok = True
            # every packet's observation lists the whole table, so the packet must also keep
            # clear of the expiry of every other entry (counted from that entry's last refresh)
            last = {}
            for j, (kj, refreshes) in enumerate(keys):
                if kj is not None and refreshes:
                    last[kj] = j
            for j, (cj, rj, (kj, refreshes)) in enumerate(zip(clock, real, keys)):
                if kj is None or not refreshes:
                    continue
                if kj != key and last.get(kj) != j:
                    continue
                # the real time between the two packets lies between (trace time - the earlier
                # packet's lag) and (trace time + this packet's lag)
                dc = c - cj
                lo = dc - (rj - cj) - 0.05
                hi = dc + (rr - c) + 0.05
                if any(lo - MARGIN < t < hi + MARGIN for t in T):
                    ok = False
                    break
            if ok:
                chosen = (w, c, rr)
                break
        if chosen is None:
            raise ValueError("no wait fits")
        w, c, rr = chosen
        if w > 0:
            p["wait"] = round(w, 2) if w != int(w) else int(w)
            total += w
        clock.append(c)
        real.append(rr)
        keys.append(flow_key(p))
    return packets


def order_packet(p):
    """Keys in the order the hand-written scenarios use."""
    order = ["from", "wait", "src", "dst", "ttl", "proto", "sport", "dport", "flags", "seq", "ack", "win", "wscale",
             "len", "payload", "type", "code", "id", "icmpseq", "mtu", "inner"]
    q = {k: p[k] for k in order if k in p}
    for k in p:
        if k not in q:
            q[k] = p[k]
    if "inner" in q:
        q["inner"] = order_packet(q["inner"])
    return q


# ================================================================ scenario


def gen_scenario(seed, idx, profile):
    r = Rng(f"{seed}/{idx}/{profile}")
    sc = Scenario(r)
    flows = []
    err_fn = icmp_error
    if profile == "tcp":
        kinds = ["tcp"] * r.randint(1, 3)
    elif profile in ("window", "flags"):
        kinds = ["win"] * r.randint(1, 2) + (["tcp"] if r.chance(0.4) else [])
    elif profile == "errors":
        kinds = ["errflows"] + ["err"] * r.randint(3, 8)

        def err_fn(sc):
            cands = [p for p in sc.sent if p["proto"] in ("tcp", "udp", "icmp") or isinstance(p["proto"], int)]
            if not cands or r.chance(0.05):
                return icmp_error(sc)
            t, code = r.pick(ERR_TYPES2)
            return [error_about(sc, r.pick(cands[-12:] if r.chance(0.6) else cands), t, code)]
    elif profile == "ftp":
        kinds = ["ftp"] + r.choices(["tcp", "udp", "icmp"], k=r.randint(0, 1))
    elif profile == "ftpclash":
        kinds = ["ftp"] * r.randint(2, 3) + r.choices(["tcp", "udp"], k=r.randint(0, 1))
        sc.ftp_ports = [r.randint(1024, 65535) for _ in range(r.pick([1, 2]))]
    elif profile == "ctopts":
        kinds = r.choices(["tcp", "udp", "icmp", "other", "err"], [0.4, 0.2, 0.2, 0.1, 0.1], k=r.randint(2, 4))
        if r.chance(0.25):
            kinds.append("ftp")
    elif profile == "icmp":
        kinds = r.choices(["tcp", "udp", "icmp", "err"], [0.3, 0.3, 0.3, 0.1], k=r.randint(2, 4)) + ["err"] * 3
    else:
        kinds = r.choices(["tcp", "udp", "icmp", "other"], [0.55, 0.2, 0.15, 0.1], k=r.randint(1, 4))
        if "tcp" not in kinds and r.chance(0.5):
            kinds.append("tcp")
        if r.chance(0.06):
            kinds.append("ftp")
    pert = r.pick([0.05, 0.12, 0.2, 0.35]) if profile != "tcp" else r.pick([0.12, 0.2, 0.35, 0.5])
    for k in kinds:
        if k == "win":
            flows.append(WinConv(sc, pert=r.pick([0, 0.05, 0.15])).script())
        elif k == "errflows":
            flows.extend(errors_flows(sc))
        elif k == "tcp":
            flows.append(TcpConv(sc, pert=pert).script())
        elif k == "udp":
            flows.append(udp_flow(sc))
        elif k == "icmp":
            flows.append(icmp_flow(sc))
        elif k == "other":
            flows.append(other_flow(sc))
        elif k == "ftp":
            flows.append(ftp_flow(sc, pert, getattr(sc, "ftp_ports", None)))
        elif k == "err":
            flows.append(None)    # placeholders: errors are made when they are reached
    n_err = kinds.count("err") + (1 if profile not in ("icmp", "errors") and r.chance(0.35) else 0)
    # interleave the flows' steps (each flow's own order kept, mostly)
    packets = []
    live = [list(f) for f in flows if f]
    while live:
        i = r.randrange(len(live))
        f = live[i]
        step = f.pop(0)
        if f and r.chance(0.04):     # out of order: the next step of this flow first
            step, f[0] = f[0], step
        packets.extend(step)
        sc.sent.extend(step)
        if not f:
            live.pop(i)
        if n_err and sc.sent and r.chance(0.15 if profile != "errors" else 0.3):
            e = err_fn(sc)
            packets.extend(e)
            sc.sent.extend(e)
            n_err -= 1
        if len(packets) >= 40:
            break
    while n_err:
        e = err_fn(sc)
        packets.extend(e)
        n_err -= 1
    packets = packets[:40]
    if len(packets) < 10:   # top up with another short flow
        extra = udp_flow(sc) if r.chance(0.5) else icmp_flow(sc)
        for st in extra:
            packets.extend(st)
        extra = TcpConv(sc, pert=pert).script()
        for st in extra:
            if len(packets) >= 40:
                break
            packets.extend(st)
        packets = packets[:40]
    if r.chance(0.08):  # a packet that dies at the firewall (TTL)
        packets[r.randrange(len(packets))]["ttl"] = 1
    packets = [order_packet(p) for p in packets]
    scn = {"name": f"fuzz-{seed}-{idx:03d}"}
    sysctl = {}
    want_waits = profile == "timeouts" or r.chance(0.25)
    if want_waits:
        sysctl.update(short_sysctls(r))
    if profile == "flags":
        while not any(k in sysctl for k in ("net.netfilter.nf_conntrack_tcp_loose",
                                             "net.netfilter.nf_conntrack_tcp_be_liberal",
                                             "net.netfilter.nf_conntrack_tcp_ignore_invalid_rst",
                                             "net.netfilter.nf_conntrack_tcp_max_retrans")):
            sysctl.update(flag_sysctls(r))
    elif profile != "timeouts" and r.chance(0.25):
        sysctl.update(flag_sysctls(r))
    if sysctl:
        scn["sysctl"] = sysctl
    ftp = "ftp" in kinds
    if profile == "ctopts":
        scn["rules"] = fix_rule_text(rand_rules2(sc, ctopts=True))
    elif profile == "rules2" or (profile in ("window", "errors", "flags") and r.chance(0.3)):
        scn["rules"] = fix_rule_text(rand_rules2(sc))
    elif profile == "rules" or r.chance(0.35):
        scn["rules"] = fix_rule_text(rand_rules(sc, ftp))
    elif ftp:
        scn["rules"] = fix_rule_text(rand_rules(sc, ftp, filter_rules=False))
    place_waits(r, packets, sysctl, want_waits)
    scn["packets"] = [order_packet(p) for p in packets]
    return scn


def cmd_gen(args):
    os.makedirs(args.out, exist_ok=True)
    paths = []
    for i in range(args.n):
        scn = gen_scenario(args.seed, i, args.profile)
        path = os.path.join(args.out, scn["name"] + ".json")
        with open(path, "w") as f:
            f.write(json.dumps(scn, indent=1) + "\n")
        paths.append(path)
    return paths


def cmd_run(args):
    scn_dir = os.path.join(args.work, "scn")
    rec_dir = os.path.join(args.work, "rec")
    args.out = scn_dir
    paths = cmd_gen(args)
    subprocess.run([os.path.join(HERE, "record.py"), "--keep-going", "--out", rec_dir] + paths,
                   stderr=subprocess.DEVNULL if not args.verbose else None)
    recs = [os.path.join(rec_dir, os.path.basename(p)) for p in paths]
    recs = [p for p in recs if os.path.exists(p)]
    print(f"recorded {len(recs)}/{len(paths)} scenarios", flush=True)
    compare = os.path.join(HERE, "..", "..", "..", "shared", "tools", "compare-traces.py")
    if not os.path.exists(compare):
        compare = "/work/shared/tools/compare-traces.py"
    res = subprocess.run(["python3", compare, args.replay] + recs, capture_output=True, text=True,
                         cwd=args.repo)
    sys.stdout.write(res.stdout)
    return res.returncode


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("gen", "run"):
        p = sub.add_parser(name)
        p.add_argument("--seed", required=True)
        p.add_argument("-n", type=int, default=20)
        p.add_argument("--profile", default="mix", choices=["mix", "tcp", "rules", "timeouts", "icmp", "ftp",
                                                            "window", "errors", "rules2", "flags", "ctopts", "ftpclash"])
        if name == "gen":
            p.add_argument("--out", required=True)
        else:
            p.add_argument("--work", required=True)
            p.add_argument("--replay", default="npm run --silent replay --")
            p.add_argument("--repo", default=os.path.normpath(os.path.join(HERE, "..", "..")),
                           help="checkout the replay command runs in (default: this one)")
            p.add_argument("--verbose", action="store_true", help="show record.py's per-packet ledger")
    args = ap.parse_args()
    if args.cmd == "gen":
        for p in cmd_gen(args):
            print(p)
        return 0
    return cmd_run(args)


if __name__ == "__main__":
    sys.exit(main())
