import { describe, expect, it } from 'vitest';
import { parseHostList } from './addr';

describe('parseHostList (xtables_ipparse_multiple)', () => {
  it('reads 1-4 decimal parts, missing trailing parts 0, masks as prefix or dotted', () => {
    expect(parseHostList('10')).toEqual([{ addr: 0x0a000000, mask: -1 }]);
    expect(parseHostList('1.2.3')).toEqual([{ addr: 0x01020300, mask: -1 }]);
    expect(parseHostList('192.168.3.1')).toEqual([{ addr: 0xc0a80301 | 0, mask: -1 }]);
    expect(parseHostList('010.0.0.255/8')).toEqual([{ addr: 0x0a000000, mask: 0xff000000 | 0 }]);
    expect(parseHostList('1.0.3.4/255.0.255.0')).toEqual([{ addr: 0x01000300, mask: 0xff00ff00 | 0 }]);
    expect(parseHostList('localhost,10.0.0.1')).toEqual([{ addr: 0x7f000001, mask: -1 }, { addr: 0x0a000001, mask: -1 }]);
  });

  it('says which host or mask it cannot read', () => {
    for (const bad of ['', '1..2', '1.2.', '.1', '1.2.3.4.5', '256.0.0.1', '0001.2.3.4', '1.2.3.4x', 'toString', '-1']) {
      expect(parseHostList(bad), bad).toBe(`host/network \`${bad}' not found`);
    }
    expect(parseHostList('1.2.3.4/33')).toBe("invalid mask `33' specified");
    expect(parseHostList('1.2.3.4/255.0.0')).toBe("invalid mask `255.0.0' specified");
  });
});
