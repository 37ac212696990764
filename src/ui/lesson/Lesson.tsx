import { CT_STATES } from '../common/states';
import { StateBadge } from '../common/StateBadge';
import { useT } from '../i18n/useT';

/** The seed example's lesson: why a stateful rule beats opening a port both ways, and what each state means. */
export function Lesson() {
  const t = useT();
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
        {'# stateful\n-P INPUT DROP\n-A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT\n-A OUTPUT -m state --state NEW,ESTABLISHED,RELATED -j ACCEPT'}
      </div>
      <p>
        <strong>{t('lesson.try')}</strong>
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
