import { useEffect } from 'react';
import { useT } from '../i18n/useT';
import { useUi } from '../store/store';
import { followBreakpoint, openFromHash } from './courseActions';
import { useCourse } from './courseStore';
import { LessonList } from './LessonList';
import { LessonView } from './LessonView';
import './course.css';

let hashHandled = false;

/** The side panel's course: the list of lessons, or the lesson open. */
export function Lesson() {
  const t = useT();
  const lesson = useCourse((s) => s.lesson);
  const loading = useCourse((s) => s.loading);
  const error = useCourse((s) => s.error);
  const ready = useUi((s) => s.simStatus === 'ready');
  // the prediction follows the simulation's breakpoint as batches come
  useEffect(() => useUi.subscribe(followBreakpoint), []);
  // a `#lesson=3&step=2` link opens that lesson once the simulation is there
  useEffect(() => {
    if (!ready || hashHandled) return;
    hashHandled = true;
    openFromHash(window.location.hash);
  }, [ready]);
  return (
    <div className="side-scroll lesson">
      {error && (
        <div className="course-error" role="alert">
          {t('course.error', { message: error })}{' '}
          <button type="button" className="btn" onClick={() => useCourse.setState({ error: null })}>
            {t('course.dismiss')}
          </button>
        </div>
      )}
      {loading && !lesson && <p className="muted">{t('course.loading')}</p>}
      {lesson ? <LessonView lesson={lesson} /> : <LessonList />}
    </div>
  );
}
