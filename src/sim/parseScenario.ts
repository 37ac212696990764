/**
 * Validates a Scenario that arrived from outside (a shared URL, a file): never throws, and names
 * the exact place of the first problem, e.g. `nodes[1].ifaces[0].addr: "300.1.1.1" is not an
 * IPv4 address`.
 */
import type { NodeSpec, Scenario, ScheduledCommand, ServiceSpec } from './api';
import { parseIpv4, prefixMask } from '../engine/ipv4';
import { err, ok, type Result } from './result';

type Obj = Record<string, unknown>;

class Bad extends Error {}

function fail(path: string, msg: string): never {
  throw new Bad(`${path}: ${msg}`);
}

const show = (v: unknown): string => (v === undefined ? 'missing' : JSON.stringify(v) ?? String(v));

/** An object with only the keys `known` (a key this app does not read is refused, not carried along). */
function obj(v: unknown, path: string, known: readonly string[]): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, `expected an object, got ${show(v)}`);
  for (const k of Object.keys(v)) {
    if (!known.includes(k)) fail(path, `${show(k)} is not one of its fields (${known.join(', ')})`);
  }
  return v as Obj;
}

function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) fail(path, `expected a list, got ${show(v)}`);
  return v;
}

function str(v: unknown, path: string, pattern?: RegExp, what?: string): string {
  if (typeof v !== 'string') fail(path, `expected a string, got ${show(v)}`);
  if (pattern && !pattern.test(v)) fail(path, `${show(v)} is not ${what}`);
  return v;
}

function int(v: unknown, path: string, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) fail(path, `expected a whole number, got ${show(v)}`);
  if (v < lo || v > hi) fail(path, `${v} is out of range ${lo}..${hi}`);
  return v;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

function service(v: unknown, path: string): ServiceSpec {
  const o = obj(v, path, ['proto', 'port', 'name']);
  const proto = o.proto;
  if (proto !== 'tcp' && proto !== 'udp') fail(`${path}.proto`, `${show(proto)} is not "tcp" or "udp"`);
  return { proto, port: int(o.port, `${path}.port`, 1, 65535), name: str(o.name, `${path}.name`, NAME, 'a service name') };
}

function node(v: unknown, path: string, kind: 'host' | 'firewall'): NodeSpec {
  const o = obj(v, path, ['id', 'name', 'kind', 'ifaces', 'services', 'rules', 'sysctl']);
  if (o.kind !== kind) fail(`${path}.kind`, `${show(o.kind)} should be "${kind}" at this position`);
  const ifaces = arr(o.ifaces, `${path}.ifaces`).map((f, i) => {
    const p = `${path}.ifaces[${i}]`;
    const fo = obj(f, p, ['name', 'addr', 'prefix']);
    const addr = str(fo.addr, `${p}.addr`);
    if (parseIpv4(addr) === null) fail(`${p}.addr`, `${show(addr)} is not an IPv4 address`);
    return { name: str(fo.name, `${p}.name`, /^[a-z][a-z0-9]{0,14}$/, 'an interface name'), addr, prefix: int(fo.prefix, `${p}.prefix`, 1, 30) };
  });
  const want = kind === 'firewall' ? 2 : 1;
  if (ifaces.length !== want) fail(`${path}.ifaces`, `a ${kind} needs exactly ${want} interface${want > 1 ? 's' : ''}`);
  const sysctlObj = obj(o.sysctl ?? {}, `${path}.sysctl`, Object.keys(o.sysctl ?? {}));
  const sysctl: Record<string, number> = {};
  for (const [k, val] of Object.entries(sysctlObj)) {
    if (!/^net\.netfilter\.nf_conntrack_\w+$/.test(k)) fail(`${path}.sysctl`, `${show(k)} is not a net.netfilter.nf_conntrack_* setting`);
    sysctl[k] = int(val, `${path}.sysctl["${k}"]`, 0, 2 ** 31 - 1);
  }
  return {
    id: str(o.id, `${path}.id`, NAME, 'a node id'),
    name: str(o.name, `${path}.name`, NAME, 'a host name'),
    kind,
    ifaces,
    services: arr(o.services ?? [], `${path}.services`).map((s, i) => service(s, `${path}.services[${i}]`)),
    rules: o.rules === undefined ? '' : str(o.rules, `${path}.rules`),
    sysctl,
  };
}

function command(v: unknown, path: string, ids: string[]): ScheduledCommand {
  const o = obj(v, path, ['at', 'node', 'command']);
  const nodeId = str(o.node, `${path}.node`);
  if (!ids.includes(nodeId)) fail(`${path}.node`, `${show(nodeId)} is not one of ${ids.join(', ')}`);
  return { at: int(o.at, `${path}.at`, 0, 2 ** 47), node: nodeId, command: str(o.command, `${path}.command`) };
}

function scenario(v: unknown): Scenario {
  const o = obj(v, 'scenario', ['version', 'title', 'nodes', 'linkDelayMs', 'commands']);
  if (o.version !== 1) fail('version', `${show(o.version)} is not a supported version (1)`);
  const nodesRaw = arr(o.nodes, 'nodes');
  if (nodesRaw.length !== 3) fail('nodes', `expected 3 nodes (host, firewall, host), got ${nodesRaw.length}`);
  const nodes: Scenario['nodes'] = [
    node(nodesRaw[0], 'nodes[0]', 'host'),
    node(nodesRaw[1], 'nodes[1]', 'firewall'),
    node(nodesRaw[2], 'nodes[2]', 'host'),
  ];
  const ids = nodes.map((n) => n.id);
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) fail(`nodes[${i}].id`, `${show(id)} is used twice`);
  });
  const addrs = nodes.flatMap((n, i) => n.ifaces.map((f, j) => ({ a: f.addr, p: `nodes[${i}].ifaces[${j}].addr` })));
  addrs.forEach(({ a, p }, i) => {
    if (addrs.findIndex((x) => x.a === a) !== i) fail(p, `${show(a)} is used twice`);
  });
  for (const [h, f] of [
    [0, 0],
    [2, 1],
  ] as const) {
    const host = nodes[h].ifaces[0];
    const fw = nodes[1].ifaces[f];
    const mask = prefixMask(fw.prefix);
    if (((parseIpv4(host.addr)! ^ parseIpv4(fw.addr)!) & mask) !== 0) {
      fail(`nodes[${h}].ifaces[0].addr`, `${show(host.addr)} is not in the subnet ${fw.addr}/${fw.prefix} of the firewall's ${fw.name}`);
    }
  }
  const commands = arr(o.commands ?? [], 'commands').map((c, i) => command(c, `commands[${i}]`, ids));
  for (let i = 1; i < commands.length; i++) {
    if (commands[i].at < commands[i - 1].at) fail(`commands[${i}].at`, 'commands must be in time order');
  }
  return {
    version: 1,
    title: o.title === undefined ? '' : str(o.title, 'title'),
    nodes,
    linkDelayMs: int(o.linkDelayMs, 'linkDelayMs', 0, 10000),
    commands,
  };
}

/** Parses and validates; the error is a path-precise message for the student. */
export function parseScenario(json: unknown): Result<Scenario> {
  try {
    return ok(scenario(json));
  } catch (e) {
    if (e instanceof Bad) return err(e.message);
    return err(`scenario: ${String(e)}`);
  }
}
