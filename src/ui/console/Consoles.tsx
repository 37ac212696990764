import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useUi } from '../store/store';
import { Console } from './Console';
import { Crafter } from './Crafter';
import { visibleTerminals } from './terminals';

/** The terminals side by side: each host's first, then those opened; the crafter opens from a host's. */
export function Consoles() {
  const { nodes, opened, closed } = useUi(
    useShallow((s) => ({ nodes: s.snapshot?.nodes, opened: s.openedTerminals, closed: s.closedTerminals })),
  );
  const [crafting, setCrafting] = useState<string | null>(null);
  const all = nodes ?? [];
  const hosts = all.filter((n) => n.kind === 'host').map((n) => ({ id: n.id, name: n.name, addr: (n.addrs[0] ?? '').split('/')[0] }));
  const terms = visibleTerminals(all, opened, closed);
  return (
    <div className={`consoles${terms.length > 2 ? ' many' : ''}`} style={{ position: 'absolute', inset: 0, gridTemplateColumns: `repeat(${Math.max(1, terms.length)}, minmax(0, 1fr))` }}>
      {terms.map((term) => {
        const view = all.find((n) => n.id === term.node)!;
        const isHost = view.kind === 'host';
        return (
          <Console
            key={term.key}
            node={term.node}
            tty={term.tty}
            name={view.name}
            onCraft={isHost && term.tty === 1 ? () => setCrafting(term.node) : undefined}
            closable={!(isHost && term.tty === 1)}
          />
        );
      })}
      {crafting && <Crafter hosts={hosts} node={crafting} onClose={() => setCrafting(null)} />}
    </div>
  );
}
