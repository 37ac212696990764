import { AnimatePresence, motion } from 'motion/react';
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ConntrackPanel } from './conntrack/ConntrackPanel';
import { Consoles } from './console/Consoles';
import { FirewallTerminalButton } from './console/NewTerminalButton';
import { Panel } from './common/Panel';
import { DiagramCaption, StateDiagram } from './diagram/StateDiagram';
import { EventList } from './events/EventList';
import { EventFilters } from './events/EventFilters';
import { Inspector } from './events/Inspector';
import { Header } from './Header';
import { useT } from './i18n/useT';
import { Lesson } from './lesson/Lesson';
import { RulesPanel } from './rules/RulesPanel';
import { SimBanner } from './SimBanner';
import { startSim } from './sim/bridge';
import { useUi, type SidePanel } from './store/store';
import { Topology } from './topology/Topology';
import { useKeyboard } from './useKeyboard';

const SIDE_TABS: SidePanel[] = ['lesson', 'conntrack', 'inspector', 'rules'];

function SideTabs() {
  const t = useT();
  const { side, setSide } = useUi(useShallow((s) => ({ side: s.sidePanel, setSide: s.setSidePanel })));
  return (
    <div className="tabs" role="tablist">
      {SIDE_TABS.map((p) => (
        <button
          key={p}
          type="button"
          role="tab"
          id={`tab-${p}`}
          aria-selected={side === p}
          aria-controls="side-panel"
          className="tab"
          onClick={() => setSide(p)}
        >
          {t(`panel.${p}`)}
        </button>
      ))}
    </div>
  );
}

function SideBody() {
  const side = useUi((s) => s.sidePanel);
  return (
    <div id="side-panel" role="tabpanel" aria-labelledby={`tab-${side}`} style={{ position: 'absolute', inset: 0 }}>
      <AnimatePresence initial={false}>
        <motion.div
          key={side}
          style={{ position: 'absolute', inset: 0 }}
          initial={{ opacity: 0, x: 12 }}
          animate={{ opacity: 1, x: 0 }}
          exit={{ opacity: 0, transition: { duration: 0.08 } }}
          transition={{ duration: 0.18, ease: 'easeOut' }}
        >
          {side === 'lesson' && <Lesson />}
          {side === 'conntrack' && <ConntrackPanel />}
          {side === 'inspector' && <Inspector />}
          {side === 'rules' && <RulesPanel />}
        </motion.div>
      </AnimatePresence>
    </div>
  );
}

export function App() {
  const t = useT();
  const lang = useUi((s) => s.lang);
  useEffect(() => startSim(), []);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  useKeyboard();

  return (
    <div className="app">
      <Header />
      <SimBanner />
      <main className="grid">
        <div className="col">
          <Panel area="topo" title={t('panel.topology')} tools={<FirewallTerminalButton />}>
            <Topology />
          </Panel>
          <Panel area="consoles" label={t('panel.consoles')}>
            <Consoles />
          </Panel>
          <Panel area="events" title={t('panel.events')} tools={<EventFilters />}>
            <EventList />
          </Panel>
        </div>
        <div className="col">
          <Panel area="diagram" className="diagram" label="State diagram" title={t('panel.diagram')} tools={<DiagramCaption />}>
            <StateDiagram />
          </Panel>
          <Panel area="side" tools={<SideTabs />}>
            <SideBody />
          </Panel>
        </div>
      </main>
    </div>
  );
}
