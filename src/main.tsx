import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './app/styles.css';
import { installDiagnostics } from './app/diagnostics';
import { consumeLaunches } from './app/share/launch';
import { applyStrictLocal } from './app/privacy/strict';
import { settings } from './app/settings';
import { routeOf } from './app/share/SharePage';

installDiagnostics();
consumeLaunches(routeOf);
applyStrictLocal(settings.get().strictLocal);
settings.subscribe(() => applyStrictLocal(settings.get().strictLocal));
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
