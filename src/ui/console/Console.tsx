import { memo, useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ConsoleLine } from '../../sim/api';
import { useT } from '../i18n/useT';
import { send } from '../sim/bridge';
import { useUi } from '../store/store';
import { presets as simPresets } from '../../sim/presets';
import { completeCommand, historyStep, PRESET_LABELS } from './presets';

const EMPTY: ConsoleLine[] = [];

export function prompt(name: string): string {
  return `[root@${name} /]#`;
}

/** Lines kept on screen: a flood prints one per packet; older ones are counted, not drawn. */
const MAX_LINES = 300;

const Line = memo(function Line({ line, name }: { line: ConsoleLine; name: string }) {
  return (
    <div className={`l-${line.kind}`}>
      {line.kind === 'input' ? (
        <>
          <span className="prompt">{prompt(name)}</span> {line.text}
        </>
      ) : (
        line.text
      )}
    </div>
  );
});

/** A host's console: the sim's output log, and a plain input with history and Tab completion. */
export function Console({ node, name, onCraft }: { node: string; name: string; onCraft: () => void }) {
  const t = useT();
  const { lines, cleared, ready, clearConsole, scenario } = useUi(
    useShallow((s) => ({
      scenario: s.scenario,
      lines: s.console.get(node) ?? EMPTY,
      cleared: s.consoleCleared.get(node) ?? 0,
      ready: s.simStatus === 'ready',
      clearConsole: s.clearConsole,
    })),
  );
  const [text, setText] = useState('');
  const [history, setHistory] = useState<string[]>([]);
  const [hIndex, setHIndex] = useState(-1);
  const [hint, setHint] = useState<string[]>([]);
  const draft = useRef('');
  const out = useRef<HTMLDivElement>(null);
  const first = Math.max(cleared, lines.length - MAX_LINES);
  const visible = lines.slice(first);

  // scrolled in the next frame, before it is laid out anyway (scrolling now would force a layout
  // of the whole page after every batch a flood prints into)
  useEffect(() => {
    const raf = requestAnimationFrame(() => {
      const el = out.current;
      if (el) el.scrollTop = el.scrollHeight;
    });
    return () => cancelAnimationFrame(raf);
  }, [lines.length, cleared, hint]);

  const run = (cmd: string) => {
    const c = cmd.trim();
    setHint([]);
    if (!c) return;
    setHistory((h) => (h[h.length - 1] === c ? h : [...h, c]));
    setHIndex(-1);
    if (c === 'clear') {
      clearConsole(node);
      return;
    }
    send({ type: 'command', node, text: c });
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      run(text);
      setText('');
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      if (hIndex === -1) draft.current = text;
      const i = historyStep(history, hIndex, e.key === 'ArrowUp' ? 'up' : 'down');
      setHIndex(i);
      setText(i === -1 ? draft.current : history[i]);
    } else if (e.key === 'Tab' && text.trim() && !/\s/.test(text.trim())) {
      e.preventDefault();
      const r = completeCommand(text);
      setText(r.text);
      setHint(r.candidates.length > 1 ? r.candidates : []);
    } else if (e.key === 'l' && e.ctrlKey) {
      e.preventDefault();
      clearConsole(node);
    }
  };

  const presets = (scenario ? simPresets(scenario) : []).filter((p) => p.node === node && PRESET_LABELS[p.id]);
  return (
    <div className="console" data-node={node}>
      <div className="console-head">
        <span className="name">{name}</span>
        {presets.map((p) => (
          <button
            key={p.id}
            type="button"
            className="preset"
            title={`${p.command} — ${PRESET_LABELS[p.id].title ? t(PRESET_LABELS[p.id].title!) : p.title}`}
            disabled={!ready}
            data-preset={p.id}
            onClick={() => run(p.command)}
          >
            {t(PRESET_LABELS[p.id].label)}
          </button>
        ))}
        <button type="button" className="preset craft" onClick={onCraft} disabled={!ready}>
          {t('console.craft')}
        </button>
      </div>
      <div className="console-out" role="log" aria-label={`${name} console output`} aria-live="polite" ref={out} onClick={() => out.current?.parentElement?.querySelector('input')?.focus()}>
        {first > cleared && <div className="l-output muted">{t('console.earlier', { n: first - cleared })}</div>}
        {visible.map((l, i) => (
          <Line key={i + first} line={l} name={name} />
        ))}
        {hint.length > 0 && <div className="l-output">{hint.join('  ')}</div>}
      </div>
      <div className="console-in">
        <span className="prompt" aria-hidden="true">
          {prompt(name)}
        </span>
        <input
          type="text"
          aria-label={`${name} console`}
          title={t('console.hint')}
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setHIndex(-1);
          }}
          onKeyDown={onKeyDown}
        />
      </div>
    </div>
  );
}
