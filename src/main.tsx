import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './app/styles.css';
import { installDiagnostics } from './app/diagnostics';
import { consumeLaunches } from './app/share/launch';
import { routeOf } from './app/share/SharePage';

installDiagnostics();
consumeLaunches(routeOf);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
