import { describe, expect, it } from 'vitest';
import { IP_CT_TCP_FLAG_CLOSE_INIT, IP_CT_TCP_FLAG_DATA_UNACKNOWLEDGED } from './tcpStates';
import {
  TCP_CONNTRACK_CLOSE,
  TCP_CONNTRACK_MAX,
  TCP_CONNTRACK_NONE,
  TCP_CONNTRACK_SYN_SENT,
  TCP_CONNTRACK_TIME_WAIT,
  TCP_FLAG_CLASSES,
  TCP_NONE_SET,
  TCP_STATE_NAMES,
  sIG,
  sIV,
  tcpFlagClass,
  tcpFlagIndex,
  tcpNextState,
  tcpTimeout,
  tcpTransitionWhy,
  tcpTransitionsForDiagram,
  tcpSpecialTransitions,
} from './tcpStates';
import { NF_ACCEPT, NF_INVALID, NF_REPEAT } from '../ctinfo';
import type { Dir } from '../ctinfo';
import { DEFAULT_SETTINGS } from '../settings';
import { IPS_ASSURED, IPS_CONFIRMED, IPS_SEEN_REPLY } from '../status';
import { TcpHarness } from './tcpTestHarness';
import type { Step } from './tcpTestHarness';

describe('state names', () => {
  it('are the ones conntrack -L prints', () => {
    expect(TCP_STATE_NAMES).toEqual([
      'NONE', 'SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT',
      'CLOSE_WAIT', 'LAST_ACK', 'TIME_WAIT', 'CLOSE', 'SYN_SENT2',
    ]);
    expect(TCP_STATE_NAMES.length).toBe(TCP_CONNTRACK_MAX);
  });
});

describe('get_conntrack_index', () => {
  it.each([
    ['S', 'syn'], ['SA', 'synack'], ['SAP', 'synack'], ['F', 'fin'], ['FA', 'fin'], ['A', 'ack'],
    ['PA', 'ack'], ['R', 'rst'], ['RA', 'rst'], ['SR', 'rst'], ['SF', 'syn'], ['', 'none'], ['U', 'none'],
  ])('%s is %s', (letters, cls) => {
    const h = new TcpHarness();
    expect(tcpFlagClass(h.packet(0, { flags: letters }).flags)).toBe(cls);
  });
  it('none is the last index', () => {
    expect(tcpFlagIndex(0)).toBe(TCP_NONE_SET);
  });
});

describe('the table', () => {
  it('has the kernel 6.x cells that differ from old kernels', () => {
    // original SYN/ACK in SYN_RECV: late retransmitted SYN/ACK of a simultaneous open
    expect(tcpNextState(0, 1, 2)).toBe(2);
    // original SYN/ACK in ESTABLISHED: invalid (was ignored in 2.6)
    expect(tcpNextState(0, 1, 3)).toBe(sIV);
    // reply SYN in TIME_WAIT: reopen with roles switched
    expect(tcpNextState(1, 0, TCP_CONNTRACK_TIME_WAIT)).toBe(TCP_CONNTRACK_SYN_SENT);
  });
  it('explains every cell that leads somewhere', () => {
    for (const e of tcpTransitionsForDiagram(true)) {
      if (e.flagClass !== 'none') expect(e.why, `${e.dir} ${e.flagClass} ${e.from}`).not.toBe('');
    }
  });
  it('gives the diagram only real edges by default', () => {
    const edges = tcpTransitionsForDiagram();
    expect(edges.every((e) => e.to !== 'INVALID' && e.to !== 'IGNORE')).toBe(true);
    expect(edges).toContainEqual(expect.objectContaining({
      from: 'SYN_SENT', to: 'SYN_RECV', dir: 'reply', flagClass: 'synack',
    }));
    expect(edges.filter((e) => e.reopens).map((e) => `${e.dir} ${e.from}`).sort()).toEqual([
      'original CLOSE', 'original TIME_WAIT', 'reply TIME_WAIT',
    ]);
    expect(tcpTransitionsForDiagram(true)).toHaveLength(2 * 6 * 10);
  });
  it('lists the special cases apart, each a real edge the table does not give', () => {
    const special = tcpSpecialTransitions();
    expect(special.length).toBe(3 + 7);
    for (const e of special) {
      const dir = e.dir === 'original' ? 0 : 1;
      const i = TCP_FLAG_CLASSES.indexOf(e.flagClass);
      const s = TCP_STATE_NAMES.indexOf(e.from);
      expect(TCP_STATE_NAMES[tcpNextState(dir, i, s)] ?? 'not a state').not.toBe(e.to);
    }
  });
  it('has timeouts per state from the settings, SYN_SENT2 fixed at 120 s', () => {
    expect(tcpTimeout(DEFAULT_SETTINGS, 3)).toBe(432000);
    expect(tcpTimeout(DEFAULT_SETTINGS, 9)).toBe(120);
    expect(tcpTimeout({ ...DEFAULT_SETTINGS, tcp_timeout_close: 3 }, TCP_CONNTRACK_CLOSE)).toBe(3);
  });
});

/*
 * Every cell of tcp_conntracks, driven through the tracker: a confirmed, assured entry in the
 * given state whose window tracking is in sync with the packets sent, so that only the table
 * decides. Expected: sIV -> INVALID and no change; sIG -> ACCEPT and no change; a SYN in
 * TIME_WAIT/CLOSE after a FIN close -> the entry is killed and the packet repeated; otherwise the
 * table's next state.
 */
const PACKET: Record<string, Step> = {
  syn: { flags: 'S' },
  synack: { flags: 'SA' },
  fin: { flags: 'FA' },
  ack: { flags: 'A' },
  rst: { flags: 'R' },
  none: { flags: '' },
};

const cells: [Dir, number, number][] = [];
for (const dir of [0, 1] as Dir[]) {
  for (let i = 0; i < 6; i++) for (let s = 0; s < TCP_CONNTRACK_MAX; s++) cells.push([dir, i, s]);
}

describe.each(cells)('dir %i, flag class %i, state %i', (dir, index, state) => {
  const cls = TCP_FLAG_CLASSES[index];
  const next = tcpNextState(dir, index, state);
  const label = `${dir ? 'reply' : 'original'} ${cls} in ${TCP_STATE_NAMES[state]} -> ${
    next === sIV ? 'INVALID' : next === sIG ? 'IGNORE' : TCP_STATE_NAMES[next]
  }`;
  it(label, () => {
    const h = new TcpHarness();
    const ct = h.ct;
    ct.status = IPS_CONFIRMED | IPS_SEEN_REPLY | IPS_ASSURED;
    ct.tcpState = state;
    ct.tcpLastIndex = TCP_NONE_SET;
    ct.oTdEnd = 1000; ct.oTdMaxend = 1000 + 64240; ct.oTdMaxwin = 64240;
    ct.rTdEnd = 5000; ct.rTdMaxend = 5000 + 64240; ct.rTdMaxwin = 64240;
    ct.oTdFlags = IP_CT_TCP_FLAG_CLOSE_INIT;
    ct.timeout = 1_000_000;
    const step = { ...PACKET[cls], seq: dir ? 5000 : 1000, ack: dir ? 1000 : 5000 };
    const v = h.send(dir, step);
    if (cls === 'none' || next === sIV) {
      expect(v).toBe(NF_INVALID);
      expect(ct.tcpState).toBe(state);
    } else if (next === sIG) {
      expect(v).toBe(NF_ACCEPT);
      expect(ct.tcpState).toBe(state);
      expect(ct.timeout).toBe(1_000_000);
      expect(h.codes()).toContain('tcp.ignored');
    } else if (next === TCP_CONNTRACK_SYN_SENT && state >= TCP_CONNTRACK_TIME_WAIT) {
      expect(v).toBe(NF_REPEAT);
      expect(h.killed).toBe(1);
    } else {
      expect(v).toBe(NF_ACCEPT);
      expect(ct.tcpState).toBe(next);
      expect(h.codes()).toContain('tcp.state');
      if (next !== state) expect(h.transitions).toEqual([{ from: state, to: next, dir }]);
      else expect(h.transitions).toEqual([]);
      expect(tcpTransitionWhy(dir, index, state)).not.toBe('');
    }
  });
});

describe('flags of struct ip_ct_tcp_state', () => {
  it('match the uapi header', () => {
    expect(IP_CT_TCP_FLAG_CLOSE_INIT).toBe(0x04);
    expect(IP_CT_TCP_FLAG_DATA_UNACKNOWLEDGED).toBe(0x10);
    expect(TCP_CONNTRACK_NONE).toBe(0);
  });
});
