import { memo, useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ConsoleLine } from '../../sim/api';
import { useT } from '../i18n/useT';
import { send } from '../sim/bridge';
import { useUi } from '../store/store';
import { presets as simPresets } from '../../sim/presets';
import { NewTerminalButton } from './NewTerminalButton';
import { addToHistory, COMMANDS, completeCommand, historyStep, PRESET_LABELS } from './presets';
import { terminalKey } from './terminals';

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

/**
 * A terminal of a node: the sim's output log, and a plain input with history and Tab completion.
 * `tty` 1 is the node's first terminal; 2, 3 … the ones opened with "New terminal on …".
 */
export function Console({ node, tty = 1, name, onCraft, closable = false }: { node: string; tty?: number; name: string; onCraft?: () => void; closable?: boolean }) {
  const t = useT();
  const key = terminalKey(node, tty);
  const { lines, cleared, ready, clearConsole, scenario, busy } = useUi(
    useShallow((s) => {
      const view = s.snapshot?.nodes.find((n) => n.id === node);
      return {
        scenario: s.scenario,
        lines: s.console.get(key) ?? EMPTY,
        cleared: s.consoleCleared.get(key) ?? 0,
        ready: s.simStatus === 'ready',
        clearConsole: s.clearConsole,
        busy: (tty === 1 ? view?.busy : view?.terminals?.find((x) => x.tty === tty)?.busy) ?? null,
      };
    }),
  );
  const closeTerminal = useUi((s) => s.closeTerminal);
  const title = tty === 1 ? name : `${name} ${tty}`;
  const cmd = (text: string) => send(tty === 1 ? { type: 'command', node, text } : { type: 'command', node, text, tty });
  // closing a terminal hangs up what runs in it
  const close = () => {
    if (busy !== null) cmd('^C');
    closeTerminal(key);
  };
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
      cmd(line);
      return;
    }
    setHistory((h) => addToHistory(h, line));
    if (line.trim() === 'clear') {
      clearConsole(key);
      return;
    }
    cmd(line);
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
      cmd(`${text}^C`);
      setText('');
    } else if (e.ctrlKey && !e.altKey && !e.metaKey && key === 'd') {
      e.preventDefault();
      // ^D: end of input for a running program; at the prompt bash would log out (we stay)
      if (busy !== null && text === '') cmd('^D');
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
      clearConsole(key);
    }
  };

  const allPresets = scenario ? simPresets(scenario) : [];
  const presets = tty === 1 ? allPresets.filter((p) => p.node === node && PRESET_LABELS[p.id]) : [];
  const hostWords = scenario ? scenario.nodes.flatMap((n) => [n.name, ...n.ifaces.map((f) => f.addr)]) : [];
  // the first screen says what to do: in the console of the seed's first command, while empty
  const firstStep = allPresets.find((p) => p.id === 'seed-ok');
  const showFirstStep = firstStep?.node === node && tty === 1 && lines.length === 0 && scenario !== null;
  return (
    <div className="console" data-node={node} data-tty={tty}>
      <div className="console-head">
        <span className="name">{title}</span>
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
        {onCraft && (
          <button type="button" className="preset craft" onClick={onCraft} disabled={!ready}>
            {t('console.craft')}
          </button>
        )}
        {tty === 1 && <NewTerminalButton node={node} name={name} />}
        {closable && (
          <button type="button" className="preset term-close" aria-label={`Close ${name} terminal ${tty}`} title={t('console.closeTerminal')} onClick={close}>
            ×
          </button>
        )}
      </div>
      <div className="console-out" role="log" aria-label={`${title} console output`} aria-live="polite" ref={out} onClick={() => out.current?.parentElement?.querySelector('input')?.focus()}>
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
          aria-label={tty === 1 ? `${name} console` : `${name} console ${tty}`}
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
