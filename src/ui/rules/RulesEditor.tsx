import { useEffect, useRef, useState } from 'react';
import type { InputError } from '../../sim/api';
import { useT } from '../i18n/useT';
import type { RulesEditorHandle } from './cmEditor';

interface Props {
  label: string;
  doc: string;
  errors: InputError[];
  onChange: (text: string) => void;
}

/** Mounts the lazily loaded CodeMirror editor; shows a note while it loads. */
export function RulesEditor({ label, doc, errors, onChange }: Props) {
  const t = useT();
  const host = useRef<HTMLDivElement>(null);
  const handle = useRef<RulesEditorHandle | null>(null);
  const change = useRef(onChange);
  const tRef = useRef(t);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    change.current = onChange;
    tRef.current = t;
  });

  useEffect(() => {
    let cancelled = false;
    void import('./cmEditor').then(({ createRulesEditor }) => {
      if (cancelled || !host.current) return;
      handle.current = createRulesEditor(host.current, {
        doc,
        label,
        onChange: (text) => change.current(text),
        unreachable: (line) => tRef.current('rules.unreachable', { line }),
      });
      setLoaded(true);
    });
    return () => {
      cancelled = true;
      handle.current?.destroy();
      handle.current = null;
    };
    // the editor is created once per label (node); later doc changes go through setDoc
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [label]);

  useEffect(() => {
    handle.current?.setDoc(doc);
  }, [doc, loaded]);
  useEffect(() => {
    handle.current?.setErrors(errors);
  }, [errors, loaded]);

  return (
    <div className="rules-editor">
      {!loaded && <div className="empty small">{t('rules.loading')}</div>}
      <div ref={host} />
    </div>
  );
}
