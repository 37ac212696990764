#!/usr/bin/python3
"""Records what the real iptables prints for `-m conntrack` rules (listings and error messages)
into src/engine/iptables/fixtures/realConntrackMatch.json, the fixture printers.test.ts and
errors.test.ts compare the simulator with. Needs root (a scratch network namespace, removed
afterwards; KO_PREFIX prefixes its name as for record.py). Usage:

    scripts/kernel-oracle/iptables-texts.py [--ipt iptables-legacy] [--out FILE]
"""
import argparse, json, os, re, subprocess, sys

SETUP = [
    "-A FORWARD -m conntrack --ctproto tcp -j ACCEPT",
    "-A FORWARD -m conntrack ! --ctproto 17 --ctorigsrc 10.99.1.1 ! --ctorigdst 10.99.3.0/24 --ctreplsrc 10.0.0.0/255.0.255.0 --ctrepldst 0.0.0.0/0",
    "-A FORWARD -m conntrack --ctorigsrcport 1024:65535 ! --ctorigdstport 80 --ctreplsrcport ssh --ctrepldstport :1023 ! --ctexpire 10:20 -j DROP",
    "-A FORWARD -m conntrack --ctexpire 5 --ctstatus EXPECTED --ctstate SNAT,DNAT --ctdir REPLY --ctorigsrc 10.1.2.3/16",
    "-A FORWARD -m conntrack --ctproto 0",
    "-A FORWARD -m conntrack ! --ctproto all",
    "-A FORWARD -m conntrack --ctproto UDP --ctexpire 10:5",
    "-A FORWARD -m conntrack --ctorigsrcport 80:70 --ctorigdstport 99999",
    "-A FORWARD -m conntrack --ctreplsrc 10.1.2.3/255.255.0.0 --ctrepldst 10.1.2.3/0",
    "-A FORWARD -m conntrack --ctreplsrc 0.0.0.0/8 --ctorigdst 10.1.2.3/33",
    "-A FORWARD -m conntrack --ctorigsrc 10.1/8 --ctorigdst 1.2.3 --ctreplsrc 10 --ctrepldst 0x0a.010.0.1",
    "-A FORWARD -m conntrack --ctexpire 4294967295",
    "-A FORWARD -m conntrack --ctexpire :5",
    "-A FORWARD -m conntrack --ctexpire 5:",
    "-A FORWARD -m conntrack --ctexpire 0x10 --ctorigsrcport 5:",
    "-A FORWARD -m conntrack --ctexpire 010 --ctorigsrcport 0:0",
    "-A FORWARD -m conntrack --ctorigsrcport domain --ctreplsrcport 65536 --ctrepldstport 70000:80",
    "-A FORWARD -m conntrack --ctstate est,rel --ctstatus n,ass",
    "-A FORWARD -m conntrack ! --ctorigsrcport 5 ! --ctreplsrcport 6:7 ! --ctrepldstport 8 ! --ctreplsrc 1.2.3.4 ! --ctrepldst 1.2.3.4/1 ! --ctstatus NONE",
    "-A FORWARD -p tcp -m conntrack --ctstate NEW --ctorigdstport 22 -m tcp --syn -j ACCEPT",
    "-A FORWARD -m conntrack --ctdir ORIGINAL --ctexpire 0 ! --ctstate INVALID,UNTRACKED",
]
QUERIES = ["-S", "-L -v -n", "-L -n", "-L", "-L -v", "-S FORWARD 3", "iptables-save"]

ERROR_SETUP = ["-N MYCHAIN"]
ERRORS = [
    "-A INPUT -m conntrack --ctstatus SNAT",
    "-A INPUT -m conntrack --ctstatus DNAT -j ACCEPT",
    "-A INPUT -m conntrack --ctorigdst 300.1.2.3",
    "-A INPUT -m conntrack --ctorigdst 10.0.0.1,10.0.0.2",
    "-A INPUT -m conntrack --ctorigdst 10.1.2.3/",
    "-A INPUT -m conntrack --ctreplsrc 10.1.2.3/abc",
    "-A INPUT -m conntrack --ctreplsrc 10.1.2.3/-1",
    "-A INPUT -m conntrack --ctreplsrc 1.2.3.4.5",
    "-A INPUT -m conntrack --ctrepldst 10.0.0.256",
    "-A INPUT -m conntrack --ctproto foo",
    "-A INPUT -m conntrack --ctproto 256",
    "-A INPUT -m conntrack --ctproto icmp --ctproto tcp",
    "-A INPUT -m conntrack --ctexpire abc",
    "-A INPUT -m conntrack --ctexpire -1",
    "-A INPUT -m conntrack --ctexpire 4294967296",
    "-A INPUT -m conntrack --ctexpire 1:2:3",
    "-A INPUT -m conntrack --ctexpire 5:abc",
    "-A INPUT -m conntrack --ctexpire 1 --ctexpire 2",
    "-A INPUT -m conntrack --ctorigsrcport foo",
    "-A INPUT -m conntrack --ctorigsrcport 1:2:3",
    "-A INPUT -m conntrack --ctorigsrcport -1",
    "-A INPUT -m conntrack --ctorigsrcport 0x50",
    "-A INPUT -m conntrack --ctreplsrcport 80:foo",
    "-A INPUT -m conntrack --ctrepldstport 1 --ctrepldstport 2",
    "-A INPUT -m conntrack --ctorigdst 1.2.3.4 --ctorigdst 1.2.3.5",
    "-A INPUT -m conntrack --ctst NEW",
    "-A INPUT -m conntrack --ctrepl 1.2.3.4",
    "-A INPUT -m conntrack --ctorigsrc",
    "-A INPUT -m conntrack --ctstate bogus,est",
    "-A INPUT -m conntrack --ctstatus assured,x",
    "-A INPUT -m conntrack --ctstate NEWX",
    "-A INPUT -m state --state est,rel",
    "-A INPUT -m state --state e",
    "-A INPUT -m conntrack --ctexpire 10:5 -j ACCEPT",
    "-A INPUT -m conntrack --ctproto 0 -j ACCEPT",
    "-A INPUT -m conntrack --ctorigsrcport 99999 -j ACCEPT",
    "-A INPUT -m conntrack ! --ctstatus ASSURED --ctproto all",
    "-A INPUT -m conntrack ! --ctstatus ASSURED ! --ctproto 0",
    "-A INPUT -m conntrack --ctstatus ASSURED --ctproto all -j ACCEPT",
    "-A INPUT -m conntrack --ctproto all ! --ctstatus ASSURED -j ACCEPT",
    "-A INPUT -m conntrack ! --ctstatus ASSURED --ctproto 6 -j ACCEPT",
    "-A INPUT -m conntrack ! --ctexpire 5 --ctproto 0 -j ACCEPT",
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ipt", default="iptables-legacy")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "../../src/engine/iptables/fixtures/realConntrackMatch.json"))
    a = ap.parse_args()
    ns = f"{os.environ.get('KO_PREFIX', 'ko')}-texts-{os.getpid()}"
    ver = subprocess.run([a.ipt, "-V"], capture_output=True, text=True).stdout.strip()
    kernel = os.uname().release

    def fresh():
        subprocess.run(["ip", "netns", "del", ns], capture_output=True)
        subprocess.run(["ip", "netns", "add", ns], check=True)

    def ipt(cmd, prog=None):
        r = subprocess.run(["ip", "netns", "exec", ns, "bash", "-c", f"{prog or a.ipt} {cmd}"], capture_output=True, text=True)
        return r.returncode, r.stdout, r.stderr

    try:
        fresh()
        for c in SETUP:
            rc, _, err = ipt(c)
            if rc != 0:
                sys.exit(f"setup failed: {c}: {err}")
        outputs = {}
        for q in QUERIES:
            if q.startswith("iptables-save"):
                rc, out, err = ipt(q[len("iptables-save"):], prog=a.ipt + "-save")
                out = re.sub(r" on [A-Z][a-z]{2} [A-Z][a-z]{2} .*", " on DATE", out)
            else:
                rc, out, err = ipt(q)
            outputs[q] = out if rc == 0 else ""
        fresh()
        for c in ERROR_SETUP:
            ipt(c)
        cases = []
        for c in ERRORS:
            rc, _, err = ipt(c)
            first = err.split("\n")[0] if rc != 0 else ""
            first = re.sub(r"^iptables v[0-9.]+ \([a-z_]+\): ", "", first)
            cases.append({"cmd": c, "rc": rc, "message": first})
            if rc == 0:
                ipt("-F INPUT")
    finally:
        subprocess.run(["ip", "netns", "del", ns], capture_output=True)
    doc = {
        "source": f"{ver} on Linux {kernel}, run by scripts/kernel-oracle/iptables-texts.py in a scratch network namespace: "
                  "the listing scenario starts from empty tables and runs \"setup\" in order, then each query (iptables-save "
                  "dates replaced by DATE); each error case runs on top of \"errorSetup\" (rc 0: accepted, then flushed).",
        "scenarios": [{"name": "conntrack-options", "setup": SETUP, "outputs": outputs}],
        "errorSetup": ERROR_SETUP,
        "cases": cases,
    }
    with open(a.out, "w") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {a.out}: {len(QUERIES)} listings, {len(cases)} error cases", file=sys.stderr)


main()
