import type { Prediction, PredictionAnswer } from '../../lessons/types';
import { StateBadge } from '../common/StateBadge';
import { CT_STATES } from '../common/states';
import { reasonText } from '../i18n';
import { useT } from '../i18n/useT';
import { useUi } from '../store/store';
import { check, choose } from './courseActions';
import { useCourse } from './courseStore';
import { LessonText, useLessonFill } from './LessonText';

const VERDICTS: PredictionAnswer[] = ['ACCEPT', 'DROP'];

/** Predict-then-see: the question, the choices while the packet is held, then the engine's answer and reasons. */
export function PredictionBox({ predict, step }: { predict: Prediction; step: number }) {
  const t = useT();
  const fill = useLessonFill();
  const lang = useUi((s) => s.lang);
  const p = useCourse((s) => (s.prediction?.step === step ? s.prediction : null));
  const nodeName = useUi((s) => s.scenario?.nodes.find((n) => n.id === predict.packet.at)?.name ?? predict.packet.at);
  const options: PredictionAnswer[] = predict.kind === 'state' ? [...CT_STATES] : VERDICTS;
  const answered = p?.phase === 'answered';
  const open = p !== null && !answered && p.phase !== 'checking';
  return (
    <div className={`prediction${p?.phase === 'asking' ? ' asking' : ''}`}>
      <p className="question">
        <strong>
          <LessonText text={fill(predict.question)} />
        </strong>
      </p>
      <div role="radiogroup" aria-label={t('lesson.predict')} className="choices">
        {options.map((o) => (
          <label key={o} className={`choice${p?.choice === o ? ' chosen' : ''}${answered && p?.answer === o ? ' is-answer' : ''}`}>
            <input type="radio" name={`predict-${step}`} value={o} checked={p?.choice === o} disabled={!open} onChange={() => choose(o)} />
            {predict.kind === 'state' ? <StateBadge state={o as (typeof CT_STATES)[number]} short /> : <span className={`verdict ${o}`}>{o}</span>}
          </label>
        ))}
      </div>
      <div className="predict-bar">
        <button type="button" className="btn primary" disabled={p?.phase !== 'asking' || p.choice === null} onClick={check}>
          {t('lesson.check')}
        </button>
        <span className="muted small" role="status">
          {!p && t('lesson.waiting')}
          {p?.phase === 'waiting' && t('lesson.waiting')}
          {p?.phase === 'asking' && t('lesson.held', { node: nodeName, summary: p.held ?? '' })}
          {p?.phase === 'checking' && t('lesson.checking')}
        </span>
      </div>
      {answered && p.answer && (
        <div className={`predict-answer ${p.choice === null ? 'unchecked' : p.choice === p.answer ? 'right' : 'wrong'}`} role="status">
          <p>
            <strong>
              {p.choice === null
                ? t('lesson.unchecked', { answer: p.answer })
                : p.choice === p.answer
                  ? t('lesson.right')
                  : t('lesson.wrong', { chosen: p.choice, answer: p.answer })}
            </strong>{' '}
            <LessonText text={fill(predict.explain)} />
          </p>
          {p.verdict && (
            <>
              <h4 className="section-title">{t('lesson.reasons', { node: nodeName })}</h4>
              <ul className="reasons">
                {p.verdict.reasons.map((r, i) => (
                  <li key={i} data-code={r.code}>
                    {reasonText(lang, r)}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </div>
  );
}
