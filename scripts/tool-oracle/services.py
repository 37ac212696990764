#!/usr/bin/python3
"""The lab's daemons for the tool oracle, answering byte for byte as the app's simulated services
(src/sim/services/*) do: HTTP (http.ts), the SSH banner (simpleServices.ts), FTP (ftpServer.ts),
DNS (dnsServer.ts, dnsMessage.ts).

usage: services.py HOSTNAME SERVICE... (SERVICE: http:80 ssh:22 ftp:21 dns:53)
Prints "ready" on stdout once every socket listens.
"""
import random
import socket
import struct
import sys
import threading

HOSTS = {"labos-1": "192.168.1.1", "fw": "192.168.1.254", "labos-2": "192.168.3.1"}
KEEPALIVE_S = 5.0
FTP_FILES = {
    "readme.txt": "Welcome to the Conntrack Lab FTP server.\nThis file came over a second connection, the FTP "
                  "data connection. NEW or RELATED at the firewall? The event list says.\n",
    "motd.txt": "Stateful firewalls remember connections.\n",
}
EPHEMERAL = (32768, 60999)


def listener(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", port))
    s.listen(128)
    return s


def serve_forever(sock, handler):
    def loop():
        while True:
            c, _ = sock.accept()
            threading.Thread(target=handler, args=(c,), daemon=True).start()
    threading.Thread(target=loop, daemon=True).start()


def lines_of(conn, timeout=None):
    """Yields lines (CRLF or LF stripped) until EOF; None when `timeout` passes without data."""
    buf = b""
    while True:
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            yield line.rstrip(b"\r").decode("latin-1")
        conn.settimeout(timeout)
        try:
            d = conn.recv(65536)
        except socket.timeout:
            yield None
            return
        except OSError:
            return
        if not d:
            return
        buf += d


# ---------------------------------------------------------------- HTTP (http.ts)

def http_page(host):
    return f"<html><body><h1>It works!</h1><p>Served by {host}.</p></body></html>\n"


def http_response(status, body, close):
    return (f"HTTP/1.1 {status}\r\nServer: Apache/2.4.37 (centos)\r\nContent-Length: {len(body)}\r\n"
            + ("Connection: close\r\n" if close else "Keep-Alive: timeout=5, max=100\r\nConnection: Keep-Alive\r\n")
            + "Content-Type: text/html; charset=UTF-8\r\n\r\n" + body)


def http_handler(host):
    def handle(c):
        req = []
        try:
            for line in lines_of(c, KEEPALIVE_S):
                if line is None:
                    break   # keep-alive idle timeout: close
                if line != "" or not req:
                    if line != "":
                        req.append(line)
                    continue
                import re
                m = re.match(r"^(GET|HEAD|POST) (\S+) HTTP/(1\.[01])$", req[0])
                headers = "\n".join(req[1:]).lower()
                req = []
                if not m:
                    c.sendall(http_response("400 Bad Request", "<html><body><h1>Bad Request</h1></body></html>\n",
                                            True).encode())
                    break
                close = ("connection: keep-alive" not in headers) if m.group(3) == "1.0" \
                    else ("connection: close" in headers)
                found = m.group(2) in ("/", "/index.html")
                body = http_page(host) if found else "<html><body><h1>Not Found</h1></body></html>\n"
                text = http_response("200 OK" if found else "404 Not Found", "" if m.group(1) == "HEAD" else body,
                                     close)
                c.sendall(text.encode())
                if close:
                    break
        finally:
            c.close()
    return handle


# ---------------------------------------------------------------- SSH banner (simpleServices.ts)

def ssh_handle(c):
    try:
        c.sendall(b"SSH-2.0-OpenSSH_8.0\r\n")
        while True:
            d = c.recv(65536)
            if not d:
                break
            if not d.startswith(b"SSH-"):
                c.sendall(b"Invalid SSH identification string.\r\n")
                break
    finally:
        c.close()


# ---------------------------------------------------------------- FTP (ftpServer.ts)

def ftp_listing():
    return "".join(f"-rw-r--r--    1 0        0        {len(c):>8} Jan 01 00:00 {n}\r\n" for n, c in FTP_FILES.items())


def ftp_handle(c):
    reply = lambda t: c.sendall((t + "\r\n").encode())   # noqa: E731
    user, logged_in, plan = "", False, None
    try:
        reply("220 (vsFTPd 3.0.3)")
        for line in lines_of(c):
            sp = line.find(" ")
            verb = (line if sp < 0 else line[:sp]).upper()
            arg = "" if sp < 0 else line[sp + 1:].strip()
            if verb == "QUIT":
                reply("221 Goodbye.")
                break
            if verb == "USER":
                user = arg
                reply("331 Please specify the password.")
                continue
            if verb == "PASS":
                if not user:
                    reply("503 Login with USER first.")
                    continue
                logged_in = user in ("anonymous", "ftp")
                reply("230 Login successful." if logged_in else "530 Login incorrect.")
                continue
            if not logged_in:
                reply("530 Please login with USER and PASS.")
                continue
            if verb == "SYST":
                reply("215 UNIX Type: L8")
            elif verb == "PWD":
                reply('257 "/" is the current directory')
            elif verb == "TYPE":
                reply("200 Switching to ASCII mode." if arg.upper() == "A" else "200 Switching to Binary mode.")
            elif verb == "CWD":
                reply("250 Directory successfully changed.")
            elif verb == "SIZE":
                f = FTP_FILES.get(arg.lstrip("/"))
                reply(f"213 {len(f)}" if f is not None else "550 Could not get file size.")
            elif verb == "PASV":
                if plan and plan[0] == "pasv":
                    plan[1].close()
                while True:
                    port = random.randint(*EPHEMERAL)
                    try:
                        ls = listener(port)
                        break
                    except OSError:
                        continue
                plan = ("pasv", ls)
                a = c.getsockname()[0].replace(".", ",")
                reply(f"227 Entering Passive Mode ({a},{port >> 8},{port & 255}).")
            elif verb == "PORT":
                try:
                    n = [int(x) for x in arg.split(",")]
                    assert len(n) == 6 and all(0 <= x <= 255 for x in n)
                except (ValueError, AssertionError):
                    reply("500 Illegal PORT command.")
                    continue
                if plan and plan[0] == "pasv":
                    plan[1].close()
                plan = ("port", ".".join(map(str, n[:4])), n[4] * 256 + n[5])
                reply("200 PORT command successful. Consider using PASV.")
            elif verb in ("RETR", "LIST", "NLST"):
                if verb == "RETR":
                    name = arg.lstrip("/")
                    f = FTP_FILES.get(name)
                    if f is None:
                        reply("550 Failed to open file.")
                        continue
                    what, body = f"Opening BINARY mode data connection for {name} ({len(f)} bytes).", f
                else:
                    what = "Here comes the directory listing."
                    body = ftp_listing() if verb == "LIST" else "\r\n".join(FTP_FILES) + "\r\n"
                p, plan = plan, None
                if p is None:
                    reply("425 Use PORT or PASV first.")
                    continue
                if p[0] == "pasv":
                    d, _ = p[1].accept()
                    p[1].close()
                else:
                    d = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                    d.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                    d.bind((c.getsockname()[0], 20))
                    try:
                        d.connect((p[1], p[2]))
                    except OSError:
                        d.close()
                        reply("425 Failed to establish connection.")
                        continue
                reply(f"150 {what}")
                d.sendall(body.encode())
                d.close()
                reply("226 Transfer complete.")
            else:
                reply("500 Unknown command.")
    finally:
        c.close()


# ---------------------------------------------------------------- DNS (dnsServer.ts)

def dns_serve(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", port))

    def loop():
        while True:
            q, src = s.recvfrom(4096)
            a = dns_answer(q)
            if a:
                s.sendto(a, src)
    threading.Thread(target=loop, daemon=True).start()


def resolve_name(name):
    n = name.rstrip(".").lower()
    if n in HOSTS:
        return HOSTS[n]
    if n in ("example.com", "www.example.com"):
        return "93.184.216.34"
    return None


def dns_answer(q):
    if len(q) < 12:
        return None
    qid, flags, qd, _an, _ns, ar = struct.unpack("!HHHHHH", q[:12])
    if flags & 0x8000 or qd != 1:
        return None
    i, labels = 12, []
    while i < len(q) and q[i]:
        labels.append(q[i + 1:i + 1 + q[i]].decode("latin-1"))
        i += 1 + q[i]
    qend = i + 5
    if qend > len(q):
        return None
    qtype, _qclass = struct.unpack("!HH", q[i + 1:qend])
    name = ".".join(labels)
    addr = resolve_name(name) if qtype == 1 else None
    rcode = 0 if addr or (qtype != 1 and resolve_name(name)) else 3
    out_flags = 0x8000 | 0x0400 | (flags & 0x0100) | 0x0080 | rcode
    an = 1 if addr else 0
    body = q[12:qend]
    if addr:
        body += b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 300, 4) + socket.inet_aton(addr)
    opt = b""
    if ar:
        opt = b"\x00" + struct.pack("!HHIH", 41, 4096, 0, 0)
    return struct.pack("!HHHHHH", qid, out_flags, 1, an, 0, 1 if opt else 0) + body + opt


def main():
    host = sys.argv[1]
    for spec in sys.argv[2:]:
        name, port = spec.split(":")
        port = int(port)
        if name == "http":
            serve_forever(listener(port), http_handler(host))
        elif name == "ssh":
            serve_forever(listener(port), ssh_handle)
        elif name == "ftp":
            serve_forever(listener(port), ftp_handle)
        elif name == "dns":
            dns_serve(port)
        else:
            sys.exit(f"services.py: unknown service {name}")
    print("ready", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
