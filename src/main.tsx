import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './app/styles.css';
import { installDiagnostics } from './app/diagnostics';
import { consumeLaunches } from './app/share/launch';
import { applyStrictLocal } from './app/privacy/strict';
import { settings } from './runtime/settings';
import { routeOf } from './app/share/SharePage';

/** Set by test builds only (`TEST_HOOKS=1`, vite.config.ts): users' builds leave the diagnostics hook out. */
declare const __TEST_HOOKS__: boolean;

if (__TEST_HOOKS__) installDiagnostics();
consumeLaunches(routeOf);
applyStrictLocal(settings.get().strictLocal);
settings.subscribe(() => applyStrictLocal(settings.get().strictLocal));
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
