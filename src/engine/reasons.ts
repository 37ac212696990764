/**
 * Every reason the engine can give, by code, in English. Each part of the engine keeps its own
 * catalog beside its code; this file joins them and fills in parameters. The UI translates by
 * code and falls back to this text.
 */
import { CORE_REASONS } from './conntrack';
import { GENERIC_REASONS } from './proto/genericTracker';
import { GRE_REASONS } from './proto/greTracker';
import { HEADERLESS_REASONS } from './proto/headerlessTracker';
import { FTP_REASONS } from './helpers/ftpReasons';
import { IPT_REASONS } from './iptables/iptReasons';
import { NODE_REASONS } from './nodeReasons';
import { ICMP_REASONS } from './proto/icmpTracker';
import { TCP_REASONS } from './proto/tcpReasons';
import { UDP_REASONS } from './proto/udpTracker';
import type { ReasonParams } from './trace';

/** Every catalog, merged once: codes are unique across them (module-prefixed: ct., tcp., ipt. ...). */
const TEMPLATES: Readonly<Record<string, string>> = Object.assign(
  {},
  CORE_REASONS,
  TCP_REASONS,
  UDP_REASONS,
  ICMP_REASONS,
  GENERIC_REASONS,
  GRE_REASONS,
  HEADERLESS_REASONS,
  FTP_REASONS,
  IPT_REASONS,
  NODE_REASONS,
);

export function reasonTemplate(code: string): string | undefined {
  return Object.hasOwn(TEMPLATES, code) ? TEMPLATES[code] : undefined;
}

/**
 * Each template split once into text and parameter names, alternately (`'a {x} b'` becomes
 * `['a ', 'x', ' b']`): the simulation explains every packet, and a regular expression per
 * reason was a quarter of a flood's time.
 */
const PARTS = new Map<string, string[]>();

function partsOf(code: string, template: string): string[] {
  let p = PARTS.get(code);
  if (p === undefined) {
    p = template.split(/\{(\w+)\}/);
    PARTS.set(code, p);
  }
  return p;
}

/** The English text of a reason, parameters filled in; unknown codes show the code itself. */
export function formatReason(code: string, params?: ReasonParams): string {
  const t = reasonTemplate(code);
  if (t === undefined) return params ? `${code} ${JSON.stringify(params)}` : code;
  const parts = partsOf(code, t);
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const k = parts[i];
    out += (params !== undefined && k in params ? String(params[k]) : `{${k}}`) + parts[i + 1];
  }
  return out;
}

/** All codes and templates (for the UI's translation tables and their completeness test). */
export function allReasonTemplates(): Record<string, string> {
  return { ...TEMPLATES };
}
