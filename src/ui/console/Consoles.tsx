import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Console } from './Console';
import { Crafter } from './Crafter';
import { useUi } from '../store/store';

/** A console for each host, side by side; the packet crafter opens from either. */
export function Consoles() {
  const hosts = useUi(
    useShallow((s) =>
      (s.snapshot?.nodes ?? [])
        .filter((n) => n.kind === 'host')
        .map((n) => `${n.id}|${n.name}|${(n.addrs[0] ?? '').split('/')[0]}`),
    ),
  ).map((k) => {
    const [id, name, addr] = k.split('|');
    return { id, name, addr };
  });
  const [crafting, setCrafting] = useState<string | null>(null);
  return (
    <div className="consoles" style={{ position: 'absolute', inset: 0 }}>
      {hosts.map((h) => (
        <Console key={h.id} node={h.id} name={h.name} onCraft={() => setCrafting(h.id)} />
      ))}
      {crafting && <Crafter hosts={hosts} node={crafting} onClose={() => setCrafting(null)} />}
    </div>
  );
}
