/**
 * Shared links: a session (scenario, what was done, the moment) packed into a URL fragment,
 * `#s=1.<base64url of the deflated JSON>`, and back. Reading a link never throws: every problem
 * comes back as one sentence that says what is wrong and where (`inputs[2].node: "fw2" is not
 * one of labos-1, fw, labos-2`), so the page can say it and carry on with the default example.
 * A link is bounded: its JSON unpacks to at most SHARE_LIMITS.json bytes (the inflation stops
 * there, whatever the link claims), each text (a command, a rules text) holds at most
 * SHARE_LIMITS.text characters, and a field this app does not read is refused. Share makes only
 * links within those bounds (makeShareLink checks the link as the receiver will).
 */
import { MAX_TERMINALS, type CraftFields, type SharedInput, type SharedSession } from './api';
import { parseScenario } from './parseScenario';
import { err, ok, type Result } from './result';

const PREFIX = '1.';
/** Bounds that keep a hand-edited link from freezing the page while it replays. */
export const SHARE_LIMITS = { inputs: 5000, steps: 500_000, at: 2 ** 47, text: 100_000, json: 4 * 1024 * 1024 };

/** Why a session cannot become a link (too long to replay), or null when it can. */
export function shareTooBig(s: SharedSession): string | null {
  if (s.end.steps > SHARE_LIMITS.steps) return `the session ran ${s.end.steps} simulation steps, a link replays at most ${SHARE_LIMITS.steps}`;
  if (s.inputs.length > SHARE_LIMITS.inputs) return `the session has ${s.inputs.length} inputs, a link holds at most ${SHARE_LIMITS.inputs}`;
  return null;
}

const CRAFT_KEYS: (keyof CraftFields)[] = [
  'proto', 'src', 'dst', 'ttl', 'ipId', 'sport', 'dport', 'flags', 'seq', 'ack', 'win', 'wscale',
  'payload', 'icmpType', 'icmpCode', 'icmpId', 'icmpSeq',
];

class Bad extends Error {}
const show = (v: unknown): string => (v === undefined ? 'missing' : JSON.stringify(v) ?? String(v));
function fail(path: string, msg: string): never {
  throw new Bad(`${path}: ${msg}`);
}
function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/** Refuses a key this app does not read (a link carries nothing else, padding included). */
function onlyKeys(v: Record<string, unknown>, path: string, known: readonly string[]): void {
  for (const k of Object.keys(v)) {
    if (!known.includes(k)) fail(path, `${show(k)} is not one of its fields (${known.join(', ')})`);
  }
}
function whole(v: unknown, path: string, max: number, min = 0): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) fail(path, min === 0 ? `expected a whole number, got ${show(v)}` : `expected a whole number from ${min}, got ${show(v)}`);
  if (v > max) fail(path, `${v} is more than this app replays (${max})`);
  return v;
}
/** A virtual time in ms: playing moves the clock by fractions of a millisecond. */
function time(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) fail(path, `expected a time in ms (a number from 0), got ${show(v)}`);
  if (v > SHARE_LIMITS.at) fail(path, `${v} is more than this app replays (${SHARE_LIMITS.at})`);
  return v;
}
function text(v: unknown, path: string): string {
  if (typeof v !== 'string') fail(path, `expected a string, got ${show(v)}`);
  if (v.length > SHARE_LIMITS.text) fail(path, `${v.length} characters is more than ${SHARE_LIMITS.text}`);
  return v;
}

function craftFields(v: unknown, path: string): CraftFields {
  if (!isObj(v)) fail(path, `expected an object of packet fields, got ${show(v)}`);
  const out: Record<string, string | number> = {};
  for (const [k, val] of Object.entries(v)) {
    if (!(CRAFT_KEYS as string[]).includes(k)) fail(`${path}.${k}`, `is not a packet field (${CRAFT_KEYS.join(', ')})`);
    if (typeof val !== 'string' && typeof val !== 'number') fail(`${path}.${k}`, `expected a string or a number, got ${show(val)}`);
    out[k] = typeof val === 'string' ? text(val, `${path}.${k}`) : val;
  }
  if (typeof out.proto !== 'string') fail(`${path}.proto`, `expected a string, got ${show(out.proto)}`);
  if (typeof out.dst !== 'string') fail(`${path}.dst`, `expected a string, got ${show(out.dst)}`);
  return out as unknown as CraftFields;
}

/** Checks a session that came from a link; errors name the place (`inputs[0].at: ...`). */
export function parseShared(v: unknown): Result<SharedSession> {
  try {
    if (!isObj(v)) fail('link', `expected an object, got ${show(v)}`);
    onlyKeys(v, 'link', ['scenario', 'inputs', 'end']);
    const sc = parseScenario(v.scenario);
    if (!sc.ok) throw new Bad(sc.error.startsWith('scenario:') ? sc.error : `scenario.${sc.error}`);
    sc.value.nodes.forEach((n, i) => text(n.rules, `scenario.nodes[${i}].rules`));
    const ids = sc.value.nodes.map((n) => n.id);
    if (!Array.isArray(v.inputs)) fail('inputs', `expected a list, got ${show(v.inputs)}`);
    if (v.inputs.length > SHARE_LIMITS.inputs) fail('inputs', `${v.inputs.length} inputs is more than ${SHARE_LIMITS.inputs}`);
    let last = { at: 0, steps: 0 };
    const inputs = v.inputs.map((x: unknown, i: number): SharedInput => {
      const p = `inputs[${i}]`;
      if (!isObj(x)) fail(p, `expected an object, got ${show(x)}`);
      onlyKeys(x, p, ['at', 'steps', 'node', 'command', 'tty', 'rules', 'craft']);
      const at = time(x.at, `${p}.at`);
      const steps = whole(x.steps, `${p}.steps`, SHARE_LIMITS.steps);
      if (at < last.at || steps < last.steps) fail(p, 'inputs must be in the order they happened');
      last = { at, steps };
      const node = text(x.node, `${p}.node`);
      if (!ids.includes(node)) fail(`${p}.node`, `${show(node)} is not one of ${ids.join(', ')}`);
      const kinds = ['command', 'rules', 'craft'].filter((k) => k in x);
      if (kinds.length !== 1) fail(p, 'needs exactly one of "command", "rules", "craft"');
      if ('command' in x) {
        if (x.tty === undefined) return { at, steps, node, command: text(x.command, `${p}.command`) };
        return { at, steps, node, command: text(x.command, `${p}.command`), tty: whole(x.tty, `${p}.tty`, MAX_TERMINALS, 2) };
      }
      if ('rules' in x) return { at, steps, node, rules: text(x.rules, `${p}.rules`) };
      return { at, steps, node, craft: craftFields(x.craft, `${p}.craft`) };
    });
    if (!isObj(v.end)) fail('end', `expected an object, got ${show(v.end)}`);
    onlyKeys(v.end, 'end', ['at', 'steps']);
    const end = { at: time(v.end.at, 'end.at'), steps: whole(v.end.steps, 'end.steps', SHARE_LIMITS.steps) };
    if (end.at < last.at || end.steps < last.steps) fail('end', 'is before the last input');
    return ok({ scenario: sc.value, inputs, end });
  } catch (e) {
    if (e instanceof Bad) return err(e.message);
    return err(`link: ${String(e)}`);
  }
}

// ---------------------------------------------------------------- bytes

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) return null;
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(out).arrayBuffer());
}

/** Inflates at most `cap` bytes: null when there would be more (the inflation stops there). */
async function inflateCapped(bytes: Uint8Array, cap: number): Promise<Uint8Array | null> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > cap) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The longest fragment Share can make: base64url of SHARE_LIMITS.json bytes that did not compress. */
const LINK_MAX = PREFIX.length + Math.ceil(((SHARE_LIMITS.json * 1.01 + 1024) * 4) / 3);

const MIB = (n: number) => `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) ? 1 : 0)} MiB`;

/** The URL fragment value (after `#s=`) for a session, as it is (see makeShareLink for Share). */
export async function encodeShare(s: SharedSession): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(s));
  return PREFIX + toBase64Url(await deflate(json));
}

/**
 * The link Share offers, or why there is none: the session is checked as the receiver will
 * check it (bounds, fields), so Share never makes a link that is refused when opened.
 */
export async function makeShareLink(s: SharedSession): Promise<Result<string>> {
  const tooBig = shareTooBig(s);
  if (tooBig !== null) return err(tooBig);
  const json = JSON.stringify(s);
  const bytes = new TextEncoder().encode(json).length;
  if (bytes > SHARE_LIMITS.json) {
    return err(`the session is ${MIB(bytes)} as data, a link holds at most ${MIB(SHARE_LIMITS.json)} (long rules texts or many inputs)`);
  }
  const back = parseShared(JSON.parse(json));
  if (!back.ok) return err(`the session cannot be shared: ${back.error}`);
  return ok(await encodeShare(s));
}

/** A session from a fragment value, or a sentence saying why not. */
export async function decodeShare(value: string): Promise<Result<SharedSession>> {
  if (!value.startsWith(PREFIX)) return err(`link: unknown format "${value.slice(0, 8)}…" (expected "${PREFIX}…"); was it made by a newer version?`);
  if (value.length > LINK_MAX) {
    return err(`link: ${value.length} characters is more than a link made by Share can be (${LINK_MAX}); it was not made by Share`);
  }
  const bytes = fromBase64Url(value.slice(PREFIX.length));
  if (bytes === null) return err('link: the data is damaged (not base64url); was the link cut off when it was copied?');
  let json: string;
  try {
    const inflated = await inflateCapped(bytes, SHARE_LIMITS.json);
    if (inflated === null) {
      return err(`link: the data unpacks to more than ${MIB(SHARE_LIMITS.json)}, more than a link holds; it was not made by Share`);
    }
    json = new TextDecoder('utf-8', { fatal: true }).decode(inflated);
  } catch {
    return err('link: the data does not unpack; was the link cut off when it was copied?');
  }
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    return err(`link: the data is not JSON (${(e as Error).message})`);
  }
  return parseShared(data);
}

/** The `s=` value of a location hash (`#s=...`), or null when the page was opened without one. */
export function shareFromHash(hash: string): string | null {
  const m = /^#s=(.*)$/.exec(hash);
  return m ? m[1] : null;
}
