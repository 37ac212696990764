/**
 * Generators of hostile input for the fuzz test (fast-check arbitraries): console lines, rules
 * texts and shared-link sessions built from the words the tools know, the names of the lab,
 * names every JavaScript object answers to (`constructor`, `__proto__`, ...), numbers at and
 * past their bounds, quotes, pipes and odd characters.
 */
import fc from 'fast-check';
import { OBJECT_KEY_NAMES } from './objectKeyNames';

const HOSTS = ['labos-1', 'labos-2', 'fw', '192.168.1.1', '192.168.3.1', '192.168.1.254', '10.0.0.1', '255.255.255.255', '0.0.0.0', '1.2.3', 'example.com', 'localhost', ''];
const NUMBERS = ['0', '1', '2', '53', '80', '21', '22', '65535', '65536', '-1', '99999999999', '1e3', '0x10', 'NaN', '1.5', '00080'];
const ODD = ['"', "'", '\\', '|', '||', '!', '--', '-', '=', ',', ':', '/', '*', '#', '$', '${x}', ';', '&', '\t', 'é', '中文', '\u0000', '💥'];
const OBJECT_KEYS = OBJECT_KEY_NAMES;

const word = (extra: readonly string[]) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...extra) },
    { weight: 2, arbitrary: fc.constantFrom(...HOSTS, ...NUMBERS) },
    { weight: 2, arbitrary: fc.constantFrom(...OBJECT_KEYS) },
    { weight: 1, arbitrary: fc.constantFrom(...ODD) },
    { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  );

const COMMAND_WORDS: ReadonlyMap<string, readonly string[]> = new Map(Object.entries({
  ping: ['-c', '-i', '-W', '-w', '-s', '-n', '-q', '1', '2', '0.2'],
  nc: ['-v', '-z', '-u', '-l', '-k', '-w', '-i', '-p', '-n', '--udp', '--listen', '--wait', '80', '22', '21', '53'],
  ncat: ['-v', '-z', '-u', '80', '22'],
  curl: ['-v', '-s', '-I', '-m', '-o', '-P', '-', 'http://labos-2/', 'ftp://labos-2/readme.txt', 'http://192.168.3.1:81/', 'ftp://toString/', 'gopher://x/', 'http://', 'http://[::1]/'],
  dig: ['@labos-2', '@192.168.3.1', '@constructor', 'example.com', 'www.example.com', 'toString', 'A', 'MX', '+short', '+tcp', '-x'],
  nmap: ['-sS', '-sA', '-sX', '-sN', '-sF', '-sU', '-sT', '-p', '21,22,80', '1-1024', '-', 'T:80,U:53', '-Pn', '-n', '-v', '--top-ports', '-T4'],
  hping3: ['-S', '-A', '-F', '-R', '-P', '-U', '-X', '-Y', '-2', '-1', '-p', '-s', '-c', '-i', '--flood', '-k', '--syn', '-d'],
  ss: ['-t', '-u', '-a', '-n', '-l', '-p', '-tan', '-uan', '-tunap', '-ulnp'],
  iptables: ['-A', '-I', '-D', '-R', '-L', '-S', '-F', '-Z', '-N', '-X', '-E', '-P', '-C', '-t', 'raw', 'filter', 'nat', 'INPUT', 'FORWARD', 'OUTPUT', 'PREROUTING', '-p', 'tcp', 'udp', 'icmp', '--dport', '--sport', '-m', 'state', '--state', 'NEW,ESTABLISHED', 'conntrack', '--ctstate', 'multiport', '--dports', '-j', 'ACCEPT', 'DROP', 'REJECT', 'LOG', 'CT', '--helper', 'ftp', '-s', '-d', '-i', '-o', 'eth0', 'eth1', '-n', '-v', '--line-numbers', '!'],
  'iptables-save': ['-t', 'raw', 'filter', '-c'],
  'iptables-restore': ['-n', '--noflush'],
  conntrack: ['-L', '-E', '-F', '-C', '-D', '-G', '-S', 'expect', '-p', 'tcp', '--dport', '--sport', '--state', 'TIME_WAIT', '--mark', '0', '-s', '-d', '-o', 'extended', 'foo'],
  sysctl: ['-a', '-w', '-n', '-N', '-q', '-e', '-p', '-r', '--pattern', '/etc/sysctl.conf', 'net.ipv4', '(', 'net.netfilter.nf_conntrack_udp_timeout', 'net.netfilter.nf_conntrack_udp_timeout=10', 'net.netfilter.nf_conntrack_tcp_loose=0', 'net.netfilter.nf_conntrack_toString=1', 'net.ipv4.ip_forward', 'net.netfilter.nf_conntrack_max=-5'],
  traceroute: ['-I', '-T', '-n', '-m', '-q', '-w', '-p', '-f', '-N', '1', '0', '30', '256', '0.5,3,10', 'abc', '--bogus', '--help', '-V', 'labos-2', '192.168.3.1', 'toString', '60'],
  tcpdump: ['-n', '-nn', '-v', '-i', 'eth0', 'eth1', 'any', 'lo', 'eth9', '-c', '1', '0', 'abc', 'host', 'src', 'dst', 'net', '192.168.1.0/24', 'port', '80', '99999', 'tcp', 'udp', 'icmp', 'and', 'or', 'not', '!', '(', ')', '&&', '||', 'labos-2', 'constructor', '-D', '--bogus'],
  ip: ['addr', 'a', 'link', 'route', 'r', 'show', 'dev', 'eth0', 'eth9', 'get', '192.168.3.1', '10.0.0.1', '-s', '-V', 'foo', '__proto__', 'help'],
  echo: ['hello', '-n', '|', 'nc', 'labos-2', '80'],
  help: ['-x', 'nc'],
  clear: ['-x'],
  hostname: ['-f', 'x'],
}));

const TEMPLATES: readonly ((host: string, arg: string) => string)[] = [
  (h) => `ping -c 1 ${h}`,
  (h, a) => `dig @${h} ${a}`,
  (h, a) => `dig ${a} @${h}`,
  (h, a) => `nc -z -v ${h} ${a}`,
  (h, a) => `nc -u -w 1 ${h} ${a}`,
  (h) => `curl -s http://${h}/`,
  (h, a) => `curl ftp://${h}/${a}`,
  (h, a) => `nmap -sS -p ${a} ${h}`,
  (h, a) => `hping3 -S -p ${a} -c 1 ${h}`,
  (h, a) => `echo ${a} | nc ${h} 80`,
  (h, a) => `iptables -A ${h} -p tcp --dport ${a} -j ACCEPT`,
  (h, a) => `iptables -A FORWARD -s ${h} -j ${a}`,
  (h, a) => `sysctl -w net.netfilter.nf_conntrack_${h}=${a}`,
  (h) => `conntrack -L -p ${h}`,
  (h, a) => `traceroute -n -m ${a} ${h}`,
  (h, a) => `tcpdump -n -c 1 host ${h} and port ${a}`,
  (h, a) => `ip route get ${h} ${a}`,
  (h, a) => `conntrack -D -s ${h} -p ${a}`,
];

/** A line typed at a console: a known command (or not) and words it might take, or a usual line with a hostile name in it. */
export const consoleLine: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.oneof(
          { weight: 8, arbitrary: fc.constantFrom(...COMMAND_WORDS.keys()) },
          { weight: 1, arbitrary: fc.constantFrom(...OBJECT_KEYS, 'sudo', 'ls', '') },
        ),
        fc.integer({ min: 0, max: 8 }),
      )
      .chain(([cmd, n]) => fc.array(word(COMMAND_WORDS.get(cmd) ?? COMMAND_WORDS.get('iptables')!), { minLength: n, maxLength: n }).map((ws) => [cmd, ...ws].join(' '))),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...TEMPLATES), fc.constantFrom(...HOSTS, ...OBJECT_KEYS), fc.constantFrom(...NUMBERS, ...OBJECT_KEYS, 'example.com', 'readme.txt', '1-65535', 'ACCEPT'))
      .map(([t, h, a]) => t(h, a)),
  },
);

const CHAINS = ['INPUT', 'FORWARD', 'OUTPUT', 'PREROUTING', 'POSTROUTING', 'X', 'Y', 'LOG', ...OBJECT_KEYS];
const RULE_PARTS = [
  '-p tcp', '-p udp', '-p icmp', '-p all', '! -p tcp', '-p 47', '--dport 80', '--sport 1024:65535', '--syn',
  '-m state --state NEW', '-m state --state ESTABLISHED,RELATED', '-m conntrack --ctstate INVALID', '-m conntrack --ctdir REPLY',
  '-m multiport --dports 21,22,80', '-m comment --comment "a b"', '-s 10.0.0.0/8', '! -d 192.168.3.1', '-i eth0', '-o eth1+',
  '--icmp-type echo-request', '-m tcp --tcp-flags SYN,ACK SYN', '-c 1 2', '-f', '-m limit', '-m', '--dport', '--log-level toString',
];
const TARGETS = ['ACCEPT', 'DROP', 'RETURN', 'REJECT', 'REJECT --reject-with tcp-reset', 'LOG --log-prefix "x "', 'CT --helper ftp', 'NOTRACK', 'CT --notrack', 'X', 'Y', 'MASQUERADE', ...OBJECT_KEYS];

const ruleLine = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.constantFrom('-A', '-I', '-D', '-R', '-C'), fc.constantFrom(...CHAINS), fc.array(fc.constantFrom(...RULE_PARTS), { maxLength: 3 }), fc.constantFrom(...TARGETS), fc.constantFrom('-j', '-g'))
      .map(([op, chain, parts, target, j]) => `${op} ${chain}${op === '-R' || op === '-I' ? ' 1' : ''} ${parts.join(' ')} ${j} ${target}`),
  },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('-N', '-X', '-F', '-Z', '-L', '-S'), fc.constantFrom(...CHAINS)).map(([op, c]) => `${op} ${c}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...CHAINS), fc.constantFrom('ACCEPT', 'DROP', '-', 'toString')).map(([c, p]) => `:${c} ${p} [0:0]`) },
  { weight: 1, arbitrary: fc.constantFrom('*filter', '*raw', '*nat', '*constructor', 'COMMIT', '', '# comment', '-P FORWARD DROP', '-E X Y') },
  { weight: 1, arbitrary: fc.array(word(RULE_PARTS), { maxLength: 5 }).map((ws) => ws.join(' ')) },
);

/** A rules text: iptables-save text (sometimes) or command lines, with jumps between chains. */
export const rulesText: fc.Arbitrary<string> = fc
  .tuple(fc.boolean(), fc.array(ruleLine, { maxLength: 12 }), fc.nat(30), fc.boolean())
  .map(([save, lines, ladder, prefix]) => {
    const body = [...lines];
    // sometimes a ladder of jumps, each chain jumping (twice) to the next
    if (ladder > 20) {
      for (let i = 0; i < ladder; i++) body.push(`-N L${i}`);
      for (let i = 0; i + 1 < ladder; i++) body.push(`-A L${i} -p tcp -j L${i + 1}`, `-A L${i} -p udp -j L${i + 1}`);
      body.push('-A FORWARD -j L0');
    }
    if (save) {
      const decl = [':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':X - [0:0]', ':Y - [0:0]'];
      return ['*filter', ...decl, ...body.filter((l) => !l.startsWith('-N')), ...body.filter((l) => l.startsWith('-N')).map((l) => `:${l.slice(3)} - [0:0]`), 'COMMIT'].join('\n');
    }
    return body.map((l) => (prefix && l.startsWith('-') ? `iptables ${l}` : l)).join('\n');
  });

/** A JSON value to put where a field of a shared session is. */
const jsonJunk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, 0, -1, 1.5, 2 ** 53, 1e308, '', 'fw', 'constructor', '__proto__', [], {}),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.dictionary(fc.constantFrom(...OBJECT_KEYS, 'at', 'node', 'x'), fc.constantFrom(1, 'a', null), { maxKeys: 3 }),
);

/** Paths into a shared session where the mutation lands. */
const PATHS = [
  [], ['scenario'], ['scenario', 'nodes'], ['scenario', 'nodes', 0], ['scenario', 'nodes', 1, 'id'], ['scenario', 'nodes', 1, 'name'],
  ['scenario', 'nodes', 0, 'ifaces', 0, 'addr'], ['scenario', 'nodes', 1, 'rules'], ['scenario', 'nodes', 1, 'sysctl'], ['scenario', 'nodes', 2, 'services', 0],
  ['scenario', 'linkDelayMs'], ['scenario', 'commands'], ['inputs'], ['inputs', 0], ['inputs', 0, 'at'], ['inputs', 0, 'steps'], ['inputs', 0, 'node'],
  ['inputs', 0, 'command'], ['inputs', 1, 'rules'], ['inputs', 2, 'craft'], ['inputs', 2, 'craft', 'dport'], ['end'], ['end', 'at'], ['end', 'steps'],
] as const;

export interface SessionMutation {
  path: readonly (string | number)[];
  /** Replace the value there, delete it, or add a key there. */
  kind: 'set' | 'delete' | 'add';
  key: string;
  value: unknown;
}

export const sessionMutation: fc.Arbitrary<SessionMutation[]> = fc.array(
  fc.record({
    path: fc.constantFrom(...PATHS),
    kind: fc.constantFrom('set' as const, 'delete' as const, 'add' as const),
    key: fc.constantFrom(...OBJECT_KEYS, 'pad', 'x', 'rules', 'command'),
    value: jsonJunk,
  }),
  { minLength: 1, maxLength: 3 },
);

/** Applies mutations to a JSON copy of `session` (as a hand-edited link would carry it). */
export function mutateSession(session: unknown, muts: SessionMutation[]): unknown {
  const root = JSON.parse(JSON.stringify(session)) as unknown;
  let out: unknown = root;
  for (const m of muts) {
    if (m.path.length === 0) {
      if (m.kind === 'set') out = m.value;
      else if (m.kind === 'add' && typeof out === 'object' && out !== null) Object.defineProperty(out, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
      continue;
    }
    let at: unknown = out;
    for (const k of m.path.slice(0, -1)) at = typeof at === 'object' && at !== null ? (at as Record<string | number, unknown>)[k] : undefined;
    if (typeof at !== 'object' || at === null) continue;
    const last = m.path[m.path.length - 1];
    const obj = at as Record<string | number, unknown>;
    if (m.kind === 'set') Object.defineProperty(obj, last, { value: m.value, enumerable: true, configurable: true, writable: true });
    else if (m.kind === 'delete') delete obj[last];
    else if (typeof obj[last] === 'object' && obj[last] !== null) Object.defineProperty(obj[last], m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
  }
  return out;
}

/** A link value nobody made with Share: junk after the prefix, or another prefix. */
export const junkLink: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }).map((s) => '1.' + s),
  fc.base64String({ maxLength: 200 }).map((s) => '1.' + s.replace(/\+/g, '-').replace(/\//g, '_').replace(/=/g, '')),
  fc.string({ maxLength: 20 }),
);
