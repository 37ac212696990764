/**
 * The comma lists of --state, --ctstate and --ctstatus (libxt_conntrack): names in any case,
 * abbreviated or not (strncasecmp over the item's length: "est,rel"), no empty items. Errors
 * quote the rest of the list from the bad item on, as iptables does.
 */
import type { ExtError } from './ext';
import { extError } from './ext';

export function parseNameList(arg: string, names: [string, number][], what: string): number | ExtError {
  let bits = 0;
  let rest = arg;
  let offset = 0;
  for (;;) {
    const comma = rest.indexOf(',');
    const item = comma >= 0 ? rest.slice(0, comma) : rest;
    if (comma < 0 && item === '' && what === 'state') {
      return { ...extError('bad-value', '"--state" requires a list of states with no spaces, e.g. ESTABLISHED,RELATED'), offset };
    }
    const up = item.toUpperCase();
    const hit = names.find(([n]) => n.startsWith(up));
    if (item === '' || !hit) {
      return { ...extError('bad-value', `Bad ${what} "${rest}"`, 'arg', `expected one of ${names.map(([n]) => n).join(', ')}`), offset };
    }
    bits |= hit[1];
    if (comma < 0) return bits;
    rest = rest.slice(comma + 1);
    offset += comma + 1;
  }
}
