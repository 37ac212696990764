/**
 * A pcapng writer (the format tcpdump, Wireshark and tshark read; draft-ietf-opsawg-pcapng):
 * a Section Header Block, one Interface Description Block per interface (its name as if_name),
 * and an Enhanced Packet Block per frame with its direction in epb_flags (inbound/outbound, as
 * `tcpdump -i any` records it). Little-endian, time stamps in microseconds (the default
 * if_tsresol).
 */

export interface PcapInterface {
  name: string;
  description: string;
  /** LINKTYPE_ETHERNET = 1. */
  linkType: number;
}

export interface PcapFrame {
  iface: number;
  /** Microseconds since the epoch. */
  timeUs: number;
  dir: 'in' | 'out';
  data: Uint8Array;
}

const SHB = 0x0a0d0d0a;
const IDB = 0x00000001;
const EPB = 0x00000006;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const SNAPLEN = 262144;

class Writer {
  private chunks: Uint8Array[] = [];
  private size = 0;

  bytes(b: Uint8Array): void {
    this.chunks.push(b);
    this.size += b.length;
  }

  result(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

const pad4 = (n: number): number => (n + 3) & ~3;

/** An option (code, value padded to 4 bytes). */
function option(code: number, value: Uint8Array): Uint8Array {
  const b = new Uint8Array(4 + pad4(value.length));
  const v = new DataView(b.buffer);
  v.setUint16(0, code, true);
  v.setUint16(2, value.length, true);
  b.set(value, 4);
  return b;
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

function u32le(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}

/** A block: type, total length, the body, the options (with opt_endofopt), total length again. */
function block(type: number, body: Uint8Array, options: Uint8Array[]): Uint8Array {
  const optLen = options.length ? options.reduce((n, o) => n + o.length, 0) + 4 : 0;
  const total = 12 + pad4(body.length) + optLen;
  const b = new Uint8Array(total);
  const v = new DataView(b.buffer);
  v.setUint32(0, type, true);
  v.setUint32(4, total, true);
  b.set(body, 8);
  let at = 8 + pad4(body.length);
  for (const o of options) {
    b.set(o, at);
    at += o.length;
  }
  v.setUint32(total - 4, total, true); // opt_endofopt is the four zero bytes before
  return b;
}

export function writePcapng(ifaces: PcapInterface[], frames: PcapFrame[], app: string): Uint8Array {
  const w = new Writer();
  const shb = new Uint8Array(16);
  const sv = new DataView(shb.buffer);
  sv.setUint32(0, BYTE_ORDER_MAGIC, true);
  sv.setUint16(4, 1, true);
  sv.setUint16(6, 0, true);
  sv.setBigInt64(8, -1n, true); // section length not given
  w.bytes(block(SHB, shb, [option(4, text(app))]));
  for (const f of ifaces) {
    const idb = new Uint8Array(8);
    const iv = new DataView(idb.buffer);
    iv.setUint16(0, f.linkType, true);
    iv.setUint32(4, SNAPLEN, true);
    w.bytes(block(IDB, idb, [option(2, text(f.name)), option(3, text(f.description))]));
  }
  for (const fr of frames) {
    const body = new Uint8Array(20 + fr.data.length);
    const bv = new DataView(body.buffer);
    const ts = BigInt(Math.round(fr.timeUs));
    bv.setUint32(0, fr.iface, true);
    bv.setUint32(4, Number(ts >> 32n), true);
    bv.setUint32(8, Number(ts & 0xffffffffn), true);
    bv.setUint32(12, fr.data.length, true);
    bv.setUint32(16, fr.data.length, true);
    body.set(fr.data, 20);
    w.bytes(block(EPB, body, [option(2, u32le(fr.dir === 'in' ? 1 : 2))]));
  }
  return w.result();
}
