import { ExportMenu } from './export/ExportMenu';
import { useT } from './i18n/useT';
import { useUi } from './store/store';
import { ShareButton, ShareDialog } from './share/Share';
import { Transport } from './transport/Transport';

function LangToggle() {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const setLang = useUi((s) => s.setLang);
  return (
    <div className="lang" role="group" aria-label={`${t('lang.toggle')} / Language`}>
      <button type="button" aria-pressed={lang === 'en'} onClick={() => setLang('en')} lang="en">
        English
      </button>
      <button type="button" aria-pressed={lang === 'zh'} onClick={() => setLang('zh')} lang="zh">
        中文
      </button>
    </div>
  );
}

export function Header() {
  const t = useT();
  return (
    <header className="header">
      <div className="brand">
        <h1>
          Conntrack <span className="mark">Lab</span>
        </h1>
        <span className="tagline">{t('app.tagline')}</span>
      </div>
      <div className="spacer" />
      <Transport />
      <ExportMenu />
      <ShareButton />
      <LangToggle />
      <ShareDialog />
    </header>
  );
}
