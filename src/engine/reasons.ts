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

const extraCatalogs: Record<string, string>[] = [];

/** Lets a module with its own catalog (iptables, helpers, the node) join the lookup. */
export function registerReasons(catalog: Record<string, string>): void {
  extraCatalogs.push(catalog);
}

export function reasonTemplate(code: string): string | undefined {
  return (
    CORE_REASONS[code] ??
    TCP_REASONS[code] ??
    UDP_REASONS[code] ??
    ICMP_REASONS[code] ??
    GENERIC_REASONS[code] ??
    GRE_REASONS[code] ??
    HEADERLESS_REASONS[code] ??
    FTP_REASONS[code] ??
    IPT_REASONS[code] ??
    NODE_REASONS[code] ??
    extraCatalogs.find((c) => code in c)?.[code]
  );
}

/** The English text of a reason, parameters filled in; unknown codes show the code itself. */
export function formatReason(code: string, params?: ReasonParams): string {
  const t = reasonTemplate(code);
  if (t === undefined) return params ? `${code} ${JSON.stringify(params)}` : code;
  return t.replace(/\{(\w+)\}/g, (m, k: string) => (params && k in params ? String(params[k]) : m));
}

/** All codes and templates (for the UI's translation tables and their completeness test). */
export function allReasonTemplates(): Record<string, string> {
  return Object.assign(
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
    ...extraCatalogs,
  );
}
