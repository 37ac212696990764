/**
 * Checks the app's exports with the real tools of this machine (root) and saves what they said
 * as traces/exports/<scenario>.json, which src/export/exportChecks.test.ts holds the app to.
 *
 *     npx tsx scripts/export-check/check.ts [NAME-SUBSTRING]
 *
 * For each session of src/export/testing/scenarios.ts: the exports from the app's own code path
 * (buildExports), then
 *   - the pcapng read by tshark, checksums verified (ip, tcp, udp; ICMP's always are): every
 *     frame dissected down to its transport layer, no malformed packet, no expert error, no bad
 *     checksum;
 *   - each node's iptables-save section through `iptables-restore --test` in a throwaway
 *     network namespace;
 *   - the Reproduce script run (bash), its output and exit status kept.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildExports } from '../../src/export/exports';
import { CHECK_SCENARIOS } from '../../src/export/testing/scenarios';

if (process.getuid?.() !== 0) {
  console.error('export-check: run as root (network namespaces, iptables-restore, the Reproduce script)');
  process.exit(1);
}

const only = process.argv[2] ?? '';
const dir = mkdtempSync(join(tmpdir(), 'export-check-'));

function run(cmd: string, args: string[], input?: string): { code: number; stdout: string; stderr: string; ms: number } {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status ?? 128 + 9, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms: Date.now() - t0 };
}

const first = (cmd: string, args: string[]): string => {
  const r = run(cmd, args);
  return (r.stdout + r.stderr).split('\n').find((l) => l.trim() && !l.startsWith('Running as user')) ?? '';
};

const recordedWith = {
  kernel: run('uname', ['-r']).stdout.trim(),
  tshark: first('tshark', ['--version']),
  iptables: first('iptables', ['--version']),
  conntrack: first('conntrack', ['--version']),
  bash: first('bash', ['--version']),
};

const TSHARK_PREFS = ['-o', 'ip.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE'];
const FIELDS = ['frame.number', 'frame.interface_name', 'frame.packet_flags_direction', 'frame.protocols', 'ip.checksum.status', 'tcp.checksum.status', 'udp.checksum.status', 'icmp.checksum.status', '_ws.malformed', '_ws.expert.severity'];

/** tshark's verdict on a capture: one line per frame, and the problems found. */
function tshark(path: string) {
  const r = run('tshark', ['-r', path, ...TSHARK_PREFS, '-T', 'fields', '-E', 'separator=|', ...FIELDS.flatMap((f) => ['-e', f])]);
  const problems: string[] = [];
  if (r.code !== 0) problems.push(`tshark exited ${r.code}: ${r.stderr.trim()}`);
  const frames = r.stdout.split('\n').filter(Boolean).map((line) => {
    const [num, iface, dir, protocols, ip, tcp, udp, icmp, malformed, severity] = line.split('|');
    const statuses = [ip, tcp, udp, icmp].join(',').split(',').filter(Boolean);
    // Wireshark's checksum status: 0 bad, 1 good, 2 unverified (a quoted header), 3 not present
    if (statuses.includes('0')) problems.push(`frame ${num}: a bad checksum (${line})`);
    if (!/:(tcp|udp|icmp)\b/.test(protocols)) problems.push(`frame ${num}: no transport layer dissected (${protocols})`);
    if (malformed) problems.push(`frame ${num}: malformed`);
    // expert severities: 0x00800000 error; warnings (e.g. retransmissions seen twice on "any") are fine
    if (severity.split(',').some((s) => Number(s) >= 0x00800000)) problems.push(`frame ${num}: an expert error (${severity})`);
    return { num: Number(num), iface, dir: dir === '0x00000001' ? 'in' : dir === '0x00000002' ? 'out' : dir, protocols, checksums: { ip, tcp, udp, icmp } };
  });
  return { ok: problems.length === 0, prefs: TSHARK_PREFS.filter((x) => x !== '-o'), frames, problems };
}

/** Each `# node` section of the iptables-save export through iptables-restore --test in a throwaway namespace. */
function restoreTest(text: string) {
  const ns = `ec-${process.pid}-restore`;
  run('ip', ['netns', 'add', ns]);
  try {
    return text
      .split(/^(?=# node )/m)
      .filter(Boolean)
      .map((section) => {
        const node = /^# node (\S+)/.exec(section)?.[1] ?? '?';
        const r = run('ip', ['netns', 'exec', ns, 'iptables-restore', '--test'], section);
        return { node, exit: r.code, stderr: r.stderr.trim() };
      });
  } finally {
    run('ip', ['netns', 'del', ns]);
  }
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

mkdirSync('traces/exports', { recursive: true });
for (const sc of CHECK_SCENARIOS) {
  if (!sc.name.includes(only)) continue;
  console.error(`export-check: ${sc.name}`);
  const files = buildExports(sc.build());
  const paths: Record<string, string> = {};
  for (const f of files) {
    paths[f.kind] = join(dir, `${sc.name}-${f.name}`);
    writeFileSync(paths[f.kind], f.data);
  }
  const text = (kind: string) => new TextDecoder().decode(files.find((f) => f.kind === kind)!.data);
  const rep = run('bash', [paths.reproduce]);
  const out = {
    scenario: sc.name,
    title: sc.title,
    recordedWith,
    artifacts: Object.fromEntries(files.map((f) => [f.kind, { name: f.name, bytes: f.data.length, sha256: sha256(f.data) }])),
    tshark: tshark(paths.pcap),
    iptablesRestore: restoreTest(text('iptables-save')),
    reproduce: { exit: rep.code, durationMs: rep.ms, stdout: rep.stdout, stderr: rep.stderr },
  };
  writeFileSync(`traces/exports/${sc.name}.json`, JSON.stringify(out, null, 1) + '\n');
  console.error(`  tshark ${out.tshark.ok ? 'ok' : out.tshark.problems.join('; ')}; iptables-restore ${out.iptablesRestore.map((r) => `${r.node}=${r.exit}`).join(' ')}; reproduce exit ${rep.code} in ${rep.ms} ms`);
}
rmSync(dir, { recursive: true, force: true });
