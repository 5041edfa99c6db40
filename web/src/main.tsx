import { render } from 'preact';
import { App } from './app.tsx';
import { startLang } from './i18n.ts';
import './styles.css';

const start = () => render(<App />, document.getElementById('app')!);
// English is a chunk of its own: when it was the last choice it loads first (startLang).
void startLang().then(start);
