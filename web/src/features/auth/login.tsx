import { useState } from 'preact/hooks';
import { errorText, login } from '../../api.ts';
import { LangSwitch } from '../../components/lang-switch.tsx';
import { TextField } from '../../components/ui.tsx';
import { label, t } from '../../i18n.ts';
import type { Role } from '../../vocabulary.ts';

const TENANT_KEY = 'firegrid.tenant';
const DEMO_TENANTS = ['demo-a', 'demo-b', 'demo-city'];
const DEMO_ROLES: Role[] = [
  'committee_admin',
  'committee_staff',
  'station_staff',
  'community_staff',
  'grid_member',
  'department_staff',
  'property_manager',
  'volunteer',
];

function lastTenant(): string {
  try {
    return localStorage.getItem(TENANT_KEY) ?? '';
  } catch {
    return '';
  }
}

export function LoginPage(props: { onLoggedIn: () => void | Promise<void> }) {
  const [tenant, setTenant] = useState(lastTenant);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(tenant.trim(), username.trim(), password);
      try {
        localStorage.setItem(TENANT_KEY, tenant.trim());
      } catch {
        // ignore
      }
      await props.onLoggedIn();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <main class="login">
      <div class="login-card">
        <div class="login-top">
          <span class="logo" aria-hidden="true">
            火
          </span>
          <LangSwitch />
        </div>
        <h1>
          {t('app.name')} · {t('login.title')}
        </h1>
        <p class="muted">{t('login.subtitle')}</p>
        <form class="form" onSubmit={submit}>
          <TextField
            name="tenant"
            label={t('login.tenant')}
            value={tenant}
            onValue={setTenant}
            required
            autoComplete="organization"
            autoCapitalize="none"
            spellcheck={false}
            placeholder="demo-a"
          />
          <TextField
            name="username"
            label={t('login.username')}
            value={username}
            onValue={setUsername}
            required
            autoComplete="username"
            autoCapitalize="none"
            spellcheck={false}
          />
          <TextField
            name="password"
            type="password"
            label={t('login.password')}
            value={password}
            onValue={setPassword}
            required
            autoComplete="current-password"
          />
          {error ? (
            <div class="alert" role="alert">
              <span>{errorText(error)}</span>
            </div>
          ) : null}
          <button type="submit" class="btn primary block" disabled={busy}>
            {busy ? t('login.busy') : t('login.submit')}
          </button>
        </form>
        <details class="demo">
          <summary>{t('login.demo')}</summary>
          <p class="muted small">{t('login.demoHint')}</p>
          <div class="chips">
            {DEMO_TENANTS.map((slug) => (
              <button key={slug} type="button" class="chip-btn" aria-pressed={tenant === slug} onClick={() => setTenant(slug)}>
                {slug}
              </button>
            ))}
          </div>
          <div class="chips">
            {DEMO_ROLES.map((role) => (
              <button
                key={role}
                type="button"
                class="chip-btn"
                aria-pressed={username === role}
                onClick={() => {
                  if (!tenant) setTenant('demo-a');
                  setUsername(role);
                  setPassword('firegrid-demo');
                }}
              >
                {label('role', role)}
                <span class="muted small"> {role}</span>
              </button>
            ))}
          </div>
        </details>
      </div>
    </main>
  );
}
