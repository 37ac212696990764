import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n/useT';
import { send } from '../sim/bridge';
import { useUi } from '../store/store';
import { craftFields, defaultForm, TCP_FLAGS, validateCraft, type CraftForm } from './crafter';

interface Props {
  hosts: { id: string; name: string; addr: string }[];
  node: string;
  onClose: () => void;
}

/** A form for any single packet with every header field; the simulation sends it from the chosen host. */
export function Crafter({ hosts, node, onClose }: Props) {
  const t = useT();
  const other = hosts.find((h) => h.id !== node)?.addr ?? '';
  const [form, setForm] = useState<CraftForm>(() => defaultForm(node, other));
  const [touched, setTouched] = useState(false);
  const [waiting, setWaiting] = useState(false);
  const simErrors = useUi((s) => s.craftErrors);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);
  useEffect(() => {
    if (waiting && simErrors !== null && simErrors.length === 0) dialog.current?.close();
  }, [waiting, simErrors]);
  const errors = validateCraft(form);
  const valid = Object.keys(errors).length === 0;
  const set = (patch: Partial<CraftForm>) => setForm((f) => ({ ...f, ...patch }));

  const field = (key: keyof CraftForm & string, label: string, extra?: { hidden?: boolean }) =>
    extra?.hidden ? null : (
      <label>
        {label}
        <input
          name={key}
          value={String(form[key])}
          aria-invalid={touched && !!errors[key]}
          onChange={(e) => {
            setTouched(true);
            set({ [key]: e.target.value } as Partial<CraftForm>);
          }}
        />
        <span className="err" role={touched && errors[key] ? 'alert' : undefined}>
          {touched && errors[key] ? t(errors[key]) : ''}
        </span>
      </label>
    );

  return (
    <dialog ref={dialog} className="crafter" aria-label={t('craft.title')} onClose={onClose} onCancel={onClose}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          setTouched(true);
          if (!valid) return;
          setWaiting(true);
          send({ type: 'craft', node: form.node, fields: craftFields(form) });
        }}
      >
        <header>{t('craft.title')}</header>
        <div className="fields">
          <label>
            {t('craft.from')}
            <select value={form.node} onChange={(e) => set({ node: e.target.value })}>
              {hosts.map((h) => (
                <option key={h.id} value={h.id}>
                  {h.name}
                </option>
              ))}
            </select>
            <span className="err" />
          </label>
          <label>
            {t('craft.proto')}
            <select value={form.proto} onChange={(e) => set({ proto: e.target.value as CraftForm['proto'] })}>
              <option value="tcp">TCP</option>
              <option value="udp">UDP</option>
              <option value="icmp">ICMP</option>
            </select>
            <span className="err" />
          </label>
          {field('dst', t('craft.dst'))}
          {field('src', t('craft.src'))}
          {field('sport', t('craft.sport'), { hidden: form.proto === 'icmp' })}
          {field('dport', t('craft.dport'), { hidden: form.proto === 'icmp' })}
          {field('icmpType', t('craft.icmpType'), { hidden: form.proto !== 'icmp' })}
          {field('icmpCode', t('craft.icmpCode'), { hidden: form.proto !== 'icmp' })}
          {form.proto === 'tcp' && (
            <fieldset>
              <legend>{t('craft.flags')}</legend>
              {TCP_FLAGS.map((fl) => (
                <label key={fl}>
                  <input
                    type="checkbox"
                    checked={form.flags.includes(fl)}
                    onChange={(e) => set({ flags: e.target.checked ? [...form.flags, fl] : form.flags.filter((x) => x !== fl) })}
                  />
                  {fl}
                </label>
              ))}
            </fieldset>
          )}
          {field('seq', t('craft.seq'), { hidden: form.proto !== 'tcp' })}
          {field('ack', t('craft.ack'), { hidden: form.proto !== 'tcp' })}
          {field('win', t('craft.win'), { hidden: form.proto !== 'tcp' })}
          {field('ttl', t('craft.ttl'))}
          {field('payload', t('craft.data'))}
          {waiting && simErrors && simErrors.length > 0 && (
            <ul className="cmd err" role="alert">
              {simErrors.map((e, i) => (
                <li key={i}>
                  {e.field}: {e.message}
                </li>
              ))}
            </ul>
          )}
        </div>
        <footer>
          <button type="button" className="btn" onClick={() => dialog.current?.close()}>
            {t('craft.cancel')}
          </button>
          <button type="submit" className="btn primary" disabled={touched && !valid}>
            {t('craft.send')}
          </button>
        </footer>
      </form>
    </dialog>
  );
}
