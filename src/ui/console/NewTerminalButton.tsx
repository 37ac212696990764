import { useShallow } from 'zustand/react/shallow';
import { useT } from '../i18n/useT';
import { useUi } from '../store/store';
import { nextTerminal, terminalKey } from './terminals';

/** "New terminal on <node>": another terminal, like a second SSH session (disabled at the limit). */
export function NewTerminalButton({ node, name, label }: { node: string; name: string; label?: boolean }) {
  const t = useT();
  const { next, openTerminal } = useUi(
    useShallow((s) => {
      const view = s.snapshot?.nodes.find((n) => n.id === node);
      return { next: view ? nextTerminal(view, s.openedTerminals, s.closedTerminals) : null, openTerminal: s.openTerminal };
    }),
  );
  return (
    <button
      type="button"
      className="preset new-term"
      aria-label={`New terminal on ${name}`}
      title={t('console.newTerminal', { name })}
      disabled={next === null}
      onClick={() => next !== null && openTerminal(terminalKey(node, next))}
    >
      {label ? <>&gt;_ {t('console.newTerminal', { name })}</> : '+'}
    </button>
  );
}

/** The firewall's terminal button, for the network panel's header (the firewall has no console until opened). */
export function FirewallTerminalButton() {
  const fw = useUi(useShallow((s) => {
    const n = s.snapshot?.nodes.find((x) => x.kind === 'firewall');
    return n ? { id: n.id, name: n.name } : null;
  }));
  return fw ? <NewTerminalButton node={fw.id} name={fw.name} label /> : null;
}
