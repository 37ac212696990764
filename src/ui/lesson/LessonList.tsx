import { COURSE } from '../../lessons/catalog';
import { useT } from '../i18n/useT';
import { useUi } from '../store/store';
import { openLesson } from './courseActions';
import { useCourse } from './courseStore';
import { lessonOf, lessonScore } from './progress';

/** The course's lessons, with the reader's progress: ✓ done, score, the step reached. */
export function LessonList() {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const progress = useCourse((s) => s.progress);
  const loading = useCourse((s) => s.loading);
  return (
    <nav aria-label={t('course.nav')} className="course-list">
      <h3>{t('course.nav')}</h3>
      <p className="muted small">{t('course.intro')}</p>
      <ol>
        {COURSE.map((l, i) => {
          const lp = lessonOf(progress, l.id);
          const { right, asked } = lessonScore(lp);
          const current = progress.current?.id === l.id;
          return (
            <li key={l.id}>
              <button type="button" className={`course-item${current ? ' current' : ''}`} onClick={() => void openLesson(l.id, current ? progress.current!.step : 0)} aria-busy={loading === l.id}>
                <span className="num">{i + 1}</span>
                <span className="title">{l.title[lang]}</span>
                <span className="meta">
                  {lp.done && (
                    <span className="done" title={t('course.doneTitle')}>
                      ✓ {t('course.done')}
                    </span>
                  )}
                  {asked > 0 && (
                    <span className="score" title={t('course.scoreTitle', { right, asked })}>
                      {t('course.scoreShort', { right, asked })}
                    </span>
                  )}
                  {!lp.done && lp.step > 0 && <span className="muted">{t('course.atStep', { step: lp.step + 1 })}</span>}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
