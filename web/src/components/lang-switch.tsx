import { getLang, setLang, t } from '../i18n.ts';

/** Shows the other language's name; one tap switches the whole UI. */
export function LangSwitch() {
  const next = getLang() === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <button
      type="button"
      class="btn ghost lang"
      lang={next}
      aria-label={`${t('lang.switchLabel')}: ${t('lang.switch')}`}
      onClick={() => setLang(next)}
    >
      {t('lang.switch')}
    </button>
  );
}
