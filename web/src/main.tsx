import { render } from 'preact';
import { App } from './app.tsx';
import { loadLang } from './i18n.ts';
import './styles.css';

const start = () => render(<App />, document.getElementById('app')!);
// English is a chunk of its own: when it was the last choice it loads first. If it cannot, the
// UI starts in Chinese, which is built in (t falls back to it).
loadLang().then(start, start);
