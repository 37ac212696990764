import { memo, useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ConsoleLine } from '../../sim/api';
import { useT } from '../i18n/useT';
import { send } from '../sim/bridge';
import { useUi } from '../store/store';
import { presets as simPresets } from '../../sim/presets';
import { addToHistory, COMMANDS, completeCommand, historyStep, PRESET_LABELS } from './presets';

const EMPTY: ConsoleLine[] = [];

export function prompt(name: string): string {
  return `[root@${name} /]#`;
}

/** Lines kept on screen: a flood prints one per packet; older ones are counted, not drawn. */
const MAX_LINES = 300;

/**
 * One line as a terminal shows it: a command typed at the prompt after its prompt, a line typed
 * to a running program as it was typed, output and errors alike (a terminal does not colour
 * stderr), blank lines kept.
 */
const Line = memo(function Line({ line }: { line: ConsoleLine }) {
  return (
    <div className={`l-${line.kind}`}>
      {line.prompt !== undefined ? (
        <>
          <span className="prompt">{line.prompt}</span> {line.text}
        </>
      ) : (
        line.text || '\u00a0'
      )}
    </div>
  );
});

/** A host's console: the sim's output log, and a plain input with history and Tab completion. */
export function Console({ node, name, onCraft }: { node: string; name: string; onCraft: () => void }) {
  const t = useT();
  const { lines, cleared, ready, clearConsole, scenario, busy } = useUi(
    useShallow((s) => ({
      scenario: s.scenario,
      lines: s.console[node] ?? EMPTY,
      cleared: s.consoleCleared[node] ?? 0,
      ready: s.simStatus === 'ready',
      clearConsole: s.clearConsole,
      busy: s.snapshot?.nodes.find((n) => n.id === node)?.busy ?? null,
    })),
  );
  const [text, setText] = useState('');
  const [history, setHistory] = useState<readonly string[]>([]);
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

  /** A line typed: to the running program as it is (blank lines too), else to the shell. */
  const run = (line: string) => {
    setHint([]);
    setHIndex(-1);
    if (busy !== null) {
      send({ type: 'command', node, text: line });
      return;
    }
    setHistory((h) => addToHistory(h, line));
    if (line.trim() === 'clear') {
      clearConsole(node);
      return;
    }
    send({ type: 'command', node, text: line });
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    const key = e.key.toLowerCase();
    if (e.key === 'Enter') {
      e.preventDefault();
      run(text);
      setText('');
    } else if (e.ctrlKey && !e.altKey && !e.metaKey && key === 'c') {
      // ^C, unless there is a selection to copy (a browser's Ctrl+C)
      const el = e.currentTarget;
      if (el.selectionStart !== el.selectionEnd) return;
      e.preventDefault();
      setHint([]);
      send({ type: 'command', node, text: `${text}^C` });
      setText('');
    } else if (e.ctrlKey && !e.altKey && !e.metaKey && key === 'd') {
      e.preventDefault();
      // ^D: end of input for a running program; at the prompt bash would log out (we stay)
      if (busy !== null && text === '') send({ type: 'command', node, text: '^D' });
    } else if (e.ctrlKey && !e.altKey && !e.metaKey && key === 'u') {
      e.preventDefault();
      setText('');
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      if (hIndex === -1) draft.current = text;
      const i = historyStep(history, hIndex, e.key === 'ArrowUp' ? 'up' : 'down');
      setHIndex(i);
      setText(i === -1 ? draft.current : history[i]);
    } else if (e.key === 'Tab') {
      e.preventDefault();
      if (busy !== null) return;
      const r = completeCommand(text, COMMANDS, hostWords);
      setText(r.text);
      setHint(r.candidates.length > 1 ? r.candidates : []);
    } else if (key === 'l' && e.ctrlKey) {
      e.preventDefault();
      clearConsole(node);
    }
  };

  const allPresets = scenario ? simPresets(scenario) : [];
  const presets = allPresets.filter((p) => p.node === node && PRESET_LABELS[p.id]);
  const hostWords = scenario ? scenario.nodes.flatMap((n) => [n.name, ...n.ifaces.map((f) => f.addr)]) : [];
  // the first screen says what to do: in the console of the seed's first command, while empty
  const firstStep = allPresets.find((p) => p.id === 'seed-ok');
  const showFirstStep = firstStep?.node === node && lines.length === 0 && scenario !== null;
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
        {showFirstStep && firstStep && scenario && (
          <div className="first-step">
            {t('console.firstStep', {
              command: firstStep.command,
              host: name,
              server: scenario.nodes[2].name,
            })}
          </div>
        )}
        {visible.map((l, i) => (
          <Line key={i + first} line={l} />
        ))}
        {hint.length > 0 && <div className="l-output">{hint.join('  ')}</div>}
      </div>
      <div className="console-in">
        {busy === null && (
          <span className="prompt" aria-hidden="true">
            {prompt(name)}
          </span>
        )}
        <input
          type="text"
          aria-label={`${name} console`}
          title={t('console.hint')}
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
          placeholder={showFirstStep && firstStep ? firstStep.command : undefined}
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
