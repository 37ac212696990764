/**
 * Fills a lesson text's placeholders from the scenario loaded (host names and addresses are
 * never written into a lesson): `{labos-2.ip}` (first interface), `{fw.ip1}` (second one),
 * `{labos-1.name}`; `{ui:KEY}` is a UI label in the reader's language. An unknown placeholder
 * stays as it is, so a test can find it.
 */
import type { Scenario } from '../sim/api';

export function fillLessonText(text: string, scenario: Scenario, ui: (key: string) => string | null): string {
  return text.replace(/\{([A-Za-z0-9._-]+|ui:[A-Za-z0-9.]+)\}/g, (m, key: string) => {
    if (key.startsWith('ui:')) return ui(key.slice(3)) ?? m;
    const dot = key.lastIndexOf('.');
    const node = scenario.nodes.find((n) => n.id === key.slice(0, dot));
    if (!node) return m;
    const field = key.slice(dot + 1);
    if (field === 'name') return node.name;
    const ip = /^ip(\d?)$/.exec(field);
    const iface = ip ? node.ifaces[Number(ip[1] || 0)] : undefined;
    return iface ? iface.addr : m;
  });
}

/** Placeholders left in a filled text (none may remain in a lesson). */
export function unfilled(text: string): string[] {
  return [...text.matchAll(/\{[A-Za-z0-9._:-]+\}/g)].map((m) => m[0]);
}
