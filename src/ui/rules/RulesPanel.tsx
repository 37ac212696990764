import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { InputError } from '../../sim/api';
import { useT } from '../i18n/useT';
import { send } from '../sim/bridge';
import { useUi } from '../store/store';
import { RulesEditor } from './RulesEditor';

const NO_ERRORS: InputError[] = [];

/** A draft goes to the simulation with the revision it was written against (refused if the rules moved on). */
function sendDraft(node: string, text: string): void {
  send({ type: 'setRules', node, text, base: useUi.getState().rulesBase.get(node) });
}

/** The selected node's rules: an editor checked by the engine's parser while typing, and `iptables -L -v -n`. */
export function RulesPanel() {
  const t = useT();
  const { nodes, selected, selectNode, draft, base, errors, pending, stale, setDraft, dropDraft } = useUi(
    useShallow((s) => {
      const view = s.snapshot?.nodes.find((n) => n.id === s.selectedNode) ?? s.snapshot?.nodes[1];
      const id = view?.id ?? s.selectedNode;
      return {
        nodes: s.snapshot?.nodes,
        selected: id,
        selectNode: s.selectNode,
        draft: s.rulesDraft.get(id),
        base: s.rulesBase.get(id),
        errors: s.rulesNode === id && s.rulesDraft.has(id) ? s.rulesErrors : NO_ERRORS,
        pending: s.rulesNode === id && s.rulesPending,
        stale: s.rulesNode === id && s.rulesStale,
        setDraft: s.setRulesDraft,
        dropDraft: s.dropRulesDraft,
      };
    }),
  );
  const view = nodes?.find((n) => n.id === selected);
  // one truth: without an edit of its own, the editor shows the rules the engine holds
  // (without the text's last newline: the cursor at its end stays on the last rule's line)
  const text = draft ?? (view?.rulesText ?? '').replace(/\n$/, '');
  // one debounce per node: switching nodes never loses an edit that was not sent yet
  const timers = useRef(new Map<string, { id: ReturnType<typeof setTimeout>; text: string }>());
  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const [node, p] of pending) {
        clearTimeout(p.id);
        sendDraft(node, p.text);
      }
      pending.clear();
    };
  }, []);

  const onChange = (next: string) => {
    const node = selected;
    setDraft(node, next);
    const old = timers.current.get(node);
    if (old) clearTimeout(old.id);
    const id = setTimeout(() => {
      timers.current.delete(node);
      sendDraft(node, next);
    }, 350);
    timers.current.set(node, { id, text: next });
  };

  if (!view) return <div className="side-scroll empty">{t('sim.loading')}</div>;
  const edited = draft !== undefined;
  // the rules changed (a console) since this draft was written: never overwritten silently
  const conflict = edited && ((base !== undefined && base !== view.rulesRev) || stale);
  const keepMine = () => {
    if (draft !== undefined) send({ type: 'setRules', node: view.id, text: draft });
  };
  return (
    <div className="side-scroll">
      <div className="node-tabs" role="group" aria-label={t('ct.node')}>
        {(nodes ?? []).map((n) => (
          <button key={n.id} type="button" className="btn" aria-pressed={n.id === selected} onClick={() => selectNode(n.id)}>
            {n.name}
          </button>
        ))}
      </div>
      <h3 className="section-title">{t('rules.title', { name: view.name })}</h3>
      <p className="muted small" style={{ margin: '0 0 0.3rem' }}>
        {t('rules.hint')}
      </p>
      {conflict && (
        <div className="rules-conflict small bad" role="alert" data-testid="rules-conflict" style={{ margin: '0 0 0.3rem' }}>
          <span>{t('rules.changedInConsole')}</span>{' '}
          <button type="button" className="btn" onClick={() => dropDraft(view.id)}>
            {t('rules.reload')}
          </button>{' '}
          <button type="button" className="btn" onClick={keepMine}>
            {t('rules.keepMine')}
          </button>
        </div>
      )}
      <RulesEditor key={view.id} label={`${view.name} rules`} doc={text} errors={errors} onChange={onChange} />
      <div className="rules-status" aria-live="polite" data-testid="rules-status">
        {pending ? (
          <span className="muted">{t('rules.pending')}</span>
        ) : errors.length > 0 ? (
          <span className="bad">✕ {t('rules.errors', { n: errors.length })}</span>
        ) : edited ? (
          <span className="ok">✓ {t('rules.valid')}</span>
        ) : null}
      </div>
      {errors.length > 0 && (
        <ul className="rules-errors" role="alert">
          {errors.map((e, i) => (
            <li key={i}>{t('rules.error', { line: e.line, column: e.column, message: e.message })}</li>
          ))}
        </ul>
      )}
      <h3 className="section-title">
        <span className="mono">[root@{view.name} /]# iptables -L -v -n</span>
      </h3>
      <pre className="out" data-testid="rules-listing">{view.rulesListing}</pre>
    </div>
  );
}
