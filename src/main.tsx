import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './app/styles.css';
import { installDiagnostics } from './app/diagnostics';

/** Set by test builds only (`TEST_HOOKS=1`, vite.config.ts): users' builds leave the diagnostics hook out. */
declare const __TEST_HOOKS__: boolean;

if (__TEST_HOOKS__) installDiagnostics();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
