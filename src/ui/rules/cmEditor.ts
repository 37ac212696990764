/**
 * The CodeMirror 6 rules editor with a small iptables highlighter. Loaded with a dynamic import
 * so it does not weigh on start-up.
 */
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { HighlightStyle, StreamLanguage, syntaxHighlighting } from '@codemirror/language';
import { forceLinting, linter, type Diagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, lineNumbers } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { lintRulesText } from '../../engine/iptables/rulesLint';
import type { InputError } from '../../sim/api';
import { looksLikeSave } from '../../engine/iptables/node';
import { restoreText } from '../../engine/iptables/restoreText';

const STATE_RE = /^(?:NEW|ESTABLISHED|RELATED|INVALID|UNTRACKED)(?:,(?:NEW|ESTABLISHED|RELATED|INVALID|UNTRACKED))*/i;

const iptables = StreamLanguage.define<{ x: number }>({
  name: 'iptables',
  startState: () => ({ x: 0 }),
  token(stream) {
    if (stream.eatSpace()) return null;
    if (stream.match(/^#.*/)) return 'comment';
    if (stream.match(/^(?:iptables-save|iptables-restore|iptables|ip6tables|COMMIT)\b/)) return 'keyword';
    if (stream.sol() && stream.match(/^\*(?:filter|raw|nat|mangle|security)\b/)) return 'keyword';
    if (stream.sol() && stream.match(/^:[A-Za-z_-]+/)) return 'variableName';
    if (stream.match(/^--?[a-zA-Z][\w-]*/)) return 'attributeName';
    if (stream.match(/^(?:ACCEPT|DROP|REJECT|LOG|NOTRACK|RETURN|CT|QUEUE)\b/)) return 'atom';
    if (stream.match(STATE_RE)) return 'string';
    if (stream.match(/^(?:INPUT|OUTPUT|FORWARD|PREROUTING|POSTROUTING)\b/)) return 'variableName';
    if (stream.match(/^[\d[][\d./:\]]*/)) return 'number';
    stream.next();
    return null;
  },
});

const style = HighlightStyle.define([
  { tag: tags.keyword, class: 'tok-cmd' },
  { tag: tags.attributeName, class: 'tok-opt' },
  { tag: tags.atom, class: 'tok-target' },
  { tag: tags.string, class: 'tok-state' },
  { tag: tags.variableName, class: 'tok-chain' },
  { tag: tags.number, class: 'tok-num' },
  { tag: tags.comment, class: 'tok-comment' },
]);

export interface RulesEditorHandle {
  setDoc(text: string): void;
  setErrors(errors: InputError[]): void;
  destroy(): void;
}

/** Offset of a 1-based line and column in a document, clamped into it. */
function offsetOf(state: EditorState, line: number, column: number): number {
  const l = state.doc.line(Math.min(Math.max(1, line), state.doc.lines));
  return Math.min(l.to, l.from + Math.max(0, column - 1));
}

export interface RulesEditorOptions {
  doc: string;
  label: string;
  onChange: (text: string) => void;
  /** The warning on a rule that can never match, naming the line of the rule that shadows it. */
  unreachable: (byLine: number) => string;
}

export function createRulesEditor(parent: HTMLElement, opts: RulesEditorOptions): RulesEditorHandle {
  let errors: InputError[] = [];
  const errorDiags = (state: EditorState): Diagnostic[] =>
    errors.map((e) => {
      const from = offsetOf(state, e.line, e.column);
      const line = state.doc.lineAt(from);
      const wordEnd = /^\S*/.exec(state.sliceDoc(from, line.to))?.[0].length ?? 0;
      return { from, to: Math.min(line.to, from + Math.max(1, wordEnd)), severity: 'error', message: e.message };
    });
  // the loading errors (from the simulation) and the engine's warnings on rules that can never match
  const rulesLinter = linter(
    (v) => {
      const warnings: Diagnostic[] = lintRulesText(v.state.doc.toString()).map((w) => {
        const line = v.state.doc.line(Math.min(w.line, v.state.doc.lines));
        return { from: line.from, to: line.to, severity: 'warning', message: opts.unreachable(w.byLine) };
      });
      return [...errorDiags(v.state), ...warnings];
    },
    { delay: 300 },
  );
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: opts.doc,
      extensions: [
        lineNumbers(),
        history(),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        iptables,
        rulesLinter,
        syntaxHighlighting(style),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': opts.label, spellcheck: 'false' }),
        // A pasted iptables-save text comes in as the command lines that build the same rules
        // (restoreText.ts); one it cannot read is pasted as it is, and the check says why.
        EditorView.domEventHandlers({
          paste(e, v) {
            const text = e.clipboardData?.getData('text/plain') ?? '';
            if (!looksLikeSave(text)) return false;
            const r = restoreText(text);
            if (!r.ok) return false;
            e.preventDefault();
            v.dispatch(v.state.replaceSelection(r.text));
            return true;
          },
        }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) opts.onChange(u.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    setDoc(text) {
      if (view.state.doc.toString() !== text) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    setErrors(next) {
      errors = next;
      forceLinting(view);
    },
    destroy() {
      view.destroy();
    },
  };
}
