import { COURSE, lessonNumber } from '../../lessons/catalog';
import type { Lesson } from '../../lessons/types';
import { useT } from '../i18n/useT';
import { useUi } from '../store/store';
import { closeLesson, goStep, nextLessonStep, runStep } from './courseActions';
import { useCourse } from './courseStore';
import { LessonText, useLessonFill } from './LessonText';
import { PredictionBox } from './PredictionBox';
import { lessonOf, lessonScore } from './progress';

/** One lesson: its title, "2 / 7", the step's text, code, Run, prediction, and the way on. */
export function LessonView({ lesson }: { lesson: Lesson }) {
  const t = useT();
  const fill = useLessonFill();
  const lang = useUi((s) => s.lang);
  const ready = useUi((s) => s.simStatus === 'ready');
  const step = useCourse((s) => s.step);
  const progress = useCourse((s) => s.progress);
  const scenario = useUi((s) => s.scenario);
  const lp = lessonOf(progress, lesson.id);
  const nodeName = (id: string) => scenario?.nodes.find((x) => x.id === id)?.name ?? id;
  const st = lesson.steps[step];
  const total = lesson.steps.length;
  const n = lessonNumber(lesson.id);
  const last = step === total - 1;
  const { right, asked } = lessonScore(lp);
  return (
    <article className="lesson-view" aria-labelledby="lesson-title">
      <div className="lesson-top">
        <button type="button" className="btn" onClick={closeLesson}>
          {t('lesson.back')}
        </button>
        {asked > 0 && <span className="score">{t('lesson.score', { right, asked })}</span>}
      </div>
      <h3 id="lesson-title">
        {n}. {lesson.title[lang]}
      </h3>
      <div className="lesson-progress" aria-label={t('lesson.stepOf', { step: step + 1, total })}>
        <span className="count">
          {step + 1} / {total}
        </span>
        <span className="dots" aria-hidden="true">
          {lesson.steps.map((_, i) => (
            <span key={i} className={`dot${i === step ? ' now' : i <= lp.step ? ' seen' : ''}`} />
          ))}
        </span>
      </div>
      <p>
        <LessonText text={fill(st.text)} />
      </p>
      {st.code && <pre className="rule-eg">{fill(st.code)}</pre>}
      {st.run && st.run.length > 0 && (
        <div className="lesson-run">
          <p className="muted small">{t('lesson.runHint')}</p>
          <pre className="run-lines">
            {st.run.map((r) => `${nodeName(r.node)}# ${fill(r.line)}`).join('\n')}
          </pre>
          <button type="button" className="btn primary" onClick={runStep} disabled={!ready}>
            ▶ {t('lesson.run')}
          </button>
        </div>
      )}
      {st.predict && <PredictionBox key={`${lesson.id}:${step}`} predict={st.predict} step={step} />}
      <div className="lesson-nav">
        <button type="button" className="btn" disabled={step === 0} onClick={() => goStep(step - 1)}>
          {t('lesson.prev')}
        </button>
        <button type="button" className="btn" onClick={nextLessonStep} title={t('lesson.keyNext')} aria-keyshortcuts="N">
          {!last ? t('lesson.next') : n < COURSE.length ? t('lesson.nextLesson') : t('lesson.finish')} →
        </button>
      </div>
    </article>
  );
}
