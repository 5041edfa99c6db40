import { getLang, setLang, t } from '../i18n.ts';
import { notify } from '../store.ts';

/** Shows the other language's name; one tap switches the whole UI. */
export function LangSwitch() {
  const next = getLang() === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <button
      type="button"
      class="btn ghost lang"
      lang={next}
      aria-label={`${t('lang.switchLabel')}: ${t('lang.switch')}`}
      onClick={() => setLang(next).catch(() => notify(t('common.networkError')))}
    >
      {t('lang.switch')}
    </button>
  );
}
