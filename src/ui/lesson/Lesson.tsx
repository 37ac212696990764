import { CT_STATES } from '../common/states';
import { StateBadge } from '../common/StateBadge';
import { useT } from '../i18n/useT';
import { useUi } from '../store/store';

/** The seed example's lesson: why a stateful rule beats opening a port both ways, and what each state means. */
export function Lesson() {
  const t = useT();
  // the rules as loaded on the left host (the note's three lines in the seed example)
  const left = useUi((s) => s.scenario?.nodes[0] ?? null);
  return (
    <div className="side-scroll lesson">
      <h3>{t('lesson.title')}</h3>
      <p>{t('lesson.intro')}</p>
      <p>{t('lesson.stateless')}</p>
      <div className="rule-eg">
        {'# stateless: port 80 both ways (too wide)\n-A INPUT -p tcp --sport 80 -j ACCEPT\n-A OUTPUT -p tcp --dport 80 -j ACCEPT'}
      </div>
      <p>{t('lesson.stateful')}</p>
      <div className="rule-eg">
        {left ? `${t('lesson.rulesOf', { name: left.name })}\n${left.rules}` : ''}
      </div>
      <p>
        <strong>{t('lesson.try')}</strong>
      </p>
      <p className="muted small">
        {t('lesson.noteDiffers')}
      </p>
      <h4 className="section-title">{t('lesson.states')}</h4>
      <div className="state-list">
        {CT_STATES.map((s) => (
          <div key={s} style={{ display: 'contents' }}>
            <StateBadge state={s} short />
            <span>{t(`state.${s}.desc`)}</span>
          </div>
        ))}
      </div>
      <h4 className="section-title">{t('lesson.helper.title')}</h4>
      <p>{t('lesson.helper.text')}</p>
      <div className="rule-eg">{'iptables -t raw -A OUTPUT -p tcp --dport 21 -j CT --helper ftp'}</div>
      <h4 className="section-title">{t('lesson.howto')}</h4>
      <ol>
        <li>{t('lesson.howto.1')}</li>
        <li>{t('lesson.howto.2')}</li>
        <li>{t('lesson.howto.3')}</li>
      </ol>
    </div>
  );
}
