/**
 * The UI's one store: plain data only — what is selected, the filters, the language, and the
 * latest data the simulation reported. Everything else is derived (see derive.ts).
 */
import { create } from 'zustand';
import type { ConsoleLine, CraftError, CtStateName, InputError, NodeView, PacketEvent, Scenario, SimBatch, SimSnapshot } from '../../sim/api';
import { initialLang, type Lang } from '../i18n';
import { DEFAULT_SPEED } from '../transport/speed';
import { consoleKeyOf } from '../console/terminals';

export type SidePanel = 'lesson' | 'conntrack' | 'inspector' | 'rules';

export interface EventFilters {
  text: string;
  state: CtStateName | 'all';
  verdict: 'all' | 'ACCEPT' | 'DROP' | 'REJECT';
  onlyFollowed: boolean;
}

export interface UiState {
  lang: Lang;
  selectedNode: string;
  selectedEventId: number | null;
  /** The connection the diagram follows (ConnView.id / NodeVerdict.connId), or null. */
  followedConn: number | null;
  filters: EventFilters;
  sidePanel: SidePanel;
  /** Speed multiplier as sent to the simulation. */
  speed: number;

  scenario: Scenario | null;
  snapshot: SimSnapshot | null;
  /** performance.now() when the snapshot arrived (to extrapolate the clock while playing). */
  snapshotAt: number;
  packets: PacketEvent[];
  console: ReadonlyMap<string, ConsoleLine[]>;
  /** Errors of the last setRules, and the node they were sent for. */
  rulesErrors: InputError[];
  rulesNode: string | null;
  /** An edit not sent yet, or sent and not answered yet ("Checking…"). */
  rulesPending: boolean;
  /** The number of the last rules text sent (SimRequest setRules `check`). */
  rulesSentCheck: number;
  /** An edit is waiting for its debounce (not sent yet). */
  rulesUnsent: boolean;
  simStatus: 'loading' | 'ready' | 'unavailable' | 'failed';
  simError: string | null;
  /** The answer to the last craft request: null while none came back yet. */
  craftErrors: CraftError[] | null;
  /** Rules text being edited per node (absent: the editor shows the rules the engine holds). */
  rulesDraft: ReadonlyMap<string, string>;
  /**
   * The rules revision (NodeView.rulesRev) each draft was written against: when the node's
   * rules change past it (a console), the editor asks "reload / keep mine" and does not send.
   */
  rulesBase: ReadonlyMap<string, number>;
  /** The `check` of the last setRules answer whose revision went into rulesBase. */
  rulesBaseCheck: number;
  /** The last rules text sent was refused: the rules had changed since its base. */
  rulesStale: boolean;
  /** Lines hidden by "clear" per terminal (terminals.ts key): index into console[key]. */
  consoleCleared: ReadonlyMap<string, number>;
  /** Terminals opened with "New terminal on …" and closed ones, by key (`labos-1#2`; terminals.ts). */
  openedTerminals: string[];
  closedTerminals: string[];
  /** The share dialog: closed (null), waiting for the link, the link, or why it failed. */
  share: null | { state: 'making' } | { state: 'ready'; url: string; at: number } | { state: 'failed'; error: string };
  /** Why the page's shared link could not be loaded (the default example runs instead). */
  linkError: string | null;
  /** A shared session is being replayed (until the first batch). */
  linkReplay: boolean;
  /** A checkpoint of the session exists: after a failure it can be reloaded there. */
  recoverable: boolean;
}

/** The watchdog's failure: cleared by the first batch that comes after all (a long replay). */
export const NO_ANSWER = 'no answer from the worker';
/** The stuck-worker watchdog's failure (bridge.ts): also cleared by a batch that comes after all. */
export const STUCK = 'the simulation has not answered for 10 s';
const clearedByBatch = (s: UiState) => s.simStatus === 'failed' && (s.simError === NO_ANSWER || s.simError === STUCK);

export interface UiActions {
  setLang(lang: Lang): void;
  selectNode(id: string): void;
  selectEvent(id: number | null): void;
  follow(conn: number | null): void;
  setFilters(f: Partial<EventFilters>): void;
  setSidePanel(p: SidePanel): void;
  setSpeed(speed: number): void;
  setScenario(s: Scenario): void;
  applyBatch(b: SimBatch, at: number): void;
  /** A rules text goes to the simulation: its check number. */
  rulesSent(node: string): number;
  setSimStatus(status: UiState['simStatus'], error?: string | null): void;
  clearConsole(key: string): void;
  openTerminal(key: string): void;
  closeTerminal(key: string): void;
  /** `unsent` = false: a text the simulation has already (a shared link's). */
  setRulesDraft(node: string, text: string, unsent?: boolean): void;
  /** "Reload": the editor drops its draft and shows the rules the engine holds. */
  dropRulesDraft(node: string): void;
  craftSent(): void;
  setShare(share: UiState['share']): void;
  setLinkError(error: string | null): void;
  setLinkReplay(on: boolean): void;
  setRecoverable(on: boolean): void;
}

/** Console lines by terminal key (terminals.ts; a Map: a node may be called `constructor` in a shared scenario). */
function groupConsole(into: ReadonlyMap<string, ConsoleLine[]>, lines: ConsoleLine[]): ReadonlyMap<string, ConsoleLine[]> {
  if (lines.length === 0) return into;
  const out = new Map(into);
  const copied = new Map<string, ConsoleLine[]>();
  for (const l of lines) {
    const key = consoleKeyOf(l);
    let mine = copied.get(key);
    if (!mine) {
      mine = [...(into.get(key) ?? [])];
      copied.set(key, mine);
      out.set(key, mine);
    }
    mine.push(l);
  }
  return out;
}

export const initialUiState = (languages?: readonly string[]): UiState => ({
  lang: initialLang(languages),
  selectedNode: 'fw',
  selectedEventId: null,
  followedConn: null,
  filters: { text: '', state: 'all', verdict: 'all', onlyFollowed: false },
  sidePanel: 'lesson',
  speed: DEFAULT_SPEED,
  scenario: null,
  snapshot: null,
  snapshotAt: 0,
  packets: [],
  console: new Map(),
  rulesErrors: [],
  rulesNode: null,
  rulesPending: false,
  rulesSentCheck: 0,
  rulesUnsent: false,
  simStatus: 'loading',
  simError: null,
  consoleCleared: new Map(),
  openedTerminals: [],
  closedTerminals: [],
  rulesDraft: new Map(),
  rulesBase: new Map(),
  rulesBaseCheck: 0,
  rulesStale: false,
  craftErrors: null,
  share: null,
  linkError: null,
  linkReplay: false,
  recoverable: false,
});

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.every((x, i) => x === b[i]));
}

function sameNode(a: NodeView, b: NodeView): boolean {
  return (
    a.id === b.id &&
    a.name === b.name &&
    a.kind === b.kind &&
    a.hasRules === b.hasRules &&
    (a.busy ?? null) === (b.busy ?? null) &&
    a.prompt === b.prompt &&
    JSON.stringify(a.terminals ?? []) === JSON.stringify(b.terminals ?? []) &&
    a.conntrack === b.conntrack &&
    a.expectations === b.expectations &&
    a.rulesListing === b.rulesListing &&
    a.rulesText === b.rulesText &&
    a.rulesRev === b.rulesRev &&
    a.sockets === b.sockets &&
    sameStrings(a.addrs, b.addrs) &&
    (a.services === b.services || JSON.stringify(a.services) === JSON.stringify(b.services))
  );
}

/**
 * The nodes of a new batch, sharing what did not change with the previous ones (so selectors
 * of `snapshot.nodes` see the same objects), with the big views of the previous complete batch
 * when this one is partial (api.ts SimBatch.partial).
 */
export function mergeNodes(prev: readonly NodeView[] | undefined, next: NodeView[], partial: boolean): NodeView[] {
  if (!prev) return next;
  let same = prev.length === next.length;
  const out = next.map((n, i) => {
    const p = prev[i]?.id === n.id ? prev[i] : prev.find((x) => x.id === n.id);
    if (!p) {
      same = false;
      return n;
    }
    const m = partial ? { ...n, conntrack: p.conntrack, expectations: p.expectations, rulesListing: p.rulesListing, rulesText: p.rulesText, sockets: p.sockets } : n;
    if (sameNode(p, m)) return p;
    same = false;
    return m;
  });
  return same && out.every((n, i) => n === prev[i]) ? (prev as NodeView[]) : out;
}

/**
 * The drafts' base revisions after a batch: the answer to a text sent moves its node's base to
 * the revision it left (once per answer); a draft with no base yet (a shared link's) takes the
 * node's current one.
 */
function rulesBaseAfter(s: UiState, b: SimBatch, nodes: readonly NodeView[]): Pick<UiState, 'rulesBase' | 'rulesBaseCheck' | 'rulesStale'> {
  let base = s.rulesBase;
  const set = (node: string, rev: number) => {
    if (base.get(node) === rev) return;
    if (base === s.rulesBase) base = new Map(base);
    (base as Map<string, number>).set(node, rev);
  };
  let check = s.rulesBaseCheck;
  if (b.rulesChecked > check && b.rulesChecked === s.rulesSentCheck) {
    check = b.rulesChecked;
    if (s.rulesNode !== null && b.rulesRev !== undefined && !b.rulesStale && s.rulesDraft.has(s.rulesNode)) set(s.rulesNode, b.rulesRev);
  }
  for (const id of s.rulesDraft.keys()) {
    const n = nodes.find((x) => x.id === id);
    if (n && !base.has(id)) set(id, n.rulesRev);
  }
  const stale = b.rulesChecked === s.rulesSentCheck ? b.rulesStale === true : s.rulesStale;
  return { rulesBase: base, rulesBaseCheck: check, rulesStale: stale };
}

/** The reducer half, pure, so tests can run it without React. */
export function reduceBatch(s: UiState, b: SimBatch, at: number): Partial<UiState> {
  const nodes = mergeNodes(s.snapshot?.nodes, b.snapshot.nodes, b.partial === true && !b.reset);
  const snapshot = nodes === b.snapshot.nodes ? b.snapshot : { ...b.snapshot, nodes };
  const packets = b.reset ? b.packets : b.packets.length ? [...s.packets, ...b.packets] : s.packets;
  const console = b.reset ? groupConsole(new Map(), b.console) : groupConsole(s.console, b.console);
  const selectedStillThere = s.selectedEventId === null || packets.some((p) => p.id === s.selectedEventId);
  return {
    snapshot,
    snapshotAt: at,
    packets,
    console,
    consoleCleared: b.reset ? new Map() : s.consoleCleared,
    rulesErrors: b.rulesErrors,
    ...rulesBaseAfter(s, b, nodes),
    // the status follows the answer to the text last sent, not any batch (one may come from the clock)
    rulesPending: s.rulesUnsent || b.rulesChecked < s.rulesSentCheck,
    selectedEventId: selectedStillThere ? s.selectedEventId : null,
    simStatus: s.simStatus === 'loading' || clearedByBatch(s) ? 'ready' : s.simStatus,
    simError: clearedByBatch(s) ? null : s.simError,
    linkReplay: false,
    ...(b.craftErrors !== undefined ? { craftErrors: b.craftErrors } : {}),
  };
}

const nav = typeof navigator !== 'undefined' ? navigator : undefined;

export const useUi = create<UiState & UiActions>()((set, get) => ({
  ...initialUiState(nav?.languages?.length ? nav.languages : nav?.language ? [nav.language] : undefined),
  setLang: (lang) => set({ lang }),
  selectNode: (selectedNode) => set({ selectedNode }),
  selectEvent: (selectedEventId) =>
    set((s) => ({ selectedEventId, sidePanel: selectedEventId !== null ? 'inspector' : s.sidePanel })),
  follow: (followedConn) => set({ followedConn }),
  setFilters: (f) => set((s) => ({ filters: { ...s.filters, ...f } })),
  setSidePanel: (sidePanel) => set({ sidePanel }),
  setSpeed: (speed) => set({ speed }),
  setScenario: (scenario) => set({ scenario }),
  applyBatch: (b, at) => set((s) => reduceBatch(s, b, at)),
  rulesSent: (node) => {
    const check = get().rulesSentCheck + 1;
    set({ rulesNode: node, rulesPending: true, rulesSentCheck: check, rulesUnsent: false });
    return check;
  },
  setSimStatus: (simStatus, simError = null) => set({ simStatus, simError }),
  setShare: (share) => set({ share }),
  setLinkError: (linkError) => set({ linkError }),
  setLinkReplay: (linkReplay) => set({ linkReplay }),
  setRecoverable: (recoverable) => set({ recoverable }),
  craftSent: () => set({ craftErrors: null }),
  // an edit is pending from the first keystroke until the simulation answers that text
  setRulesDraft: (node, text, unsent = true) =>
    set((s) => {
      // a draft starts from the rules shown: their revision is its base
      const rev = s.snapshot?.nodes.find((n) => n.id === node)?.rulesRev;
      const rulesBase = s.rulesBase.has(node) || rev === undefined ? s.rulesBase : new Map(s.rulesBase).set(node, rev);
      return { rulesDraft: new Map(s.rulesDraft).set(node, text), rulesBase, rulesNode: node, rulesPending: unsent || s.rulesPending, rulesUnsent: unsent || s.rulesUnsent };
    }),
  dropRulesDraft: (node) =>
    set((s) => {
      const rulesDraft = new Map(s.rulesDraft);
      const rulesBase = new Map(s.rulesBase);
      rulesDraft.delete(node);
      rulesBase.delete(node);
      return { rulesDraft, rulesBase, rulesStale: false, rulesErrors: s.rulesNode === node ? [] : s.rulesErrors };
    }),
  clearConsole: (key) => set((s) => ({ consoleCleared: new Map(s.consoleCleared).set(key, s.console.get(key)?.length ?? 0) })),
  openTerminal: (key) => set((s) => ({ openedTerminals: s.openedTerminals.includes(key) ? s.openedTerminals : [...s.openedTerminals, key] })),
  closeTerminal: (key) => set((s) => ({ closedTerminals: s.closedTerminals.includes(key) ? s.closedTerminals : [...s.closedTerminals, key] })),
}));
