import { lazy, Suspense } from 'react';
import { FEATURES } from '../features/registry';
import { PwaStatus } from './PwaStatus';
import { useRoute } from './router';
import { SettingsPanel } from './SettingsPanel';
import { StoragePanel } from './StoragePanel';
import { TunePrompt } from './benchmark/TunePrompt';

/** #/benchmark: its own chunk (charts, tuning, the history store), loaded when opened. */
const BenchmarkPage = lazy(() => import('./benchmark/BenchmarkPage'));

export function App() {
  const route = useRoute();
  const feature = FEATURES.find((f) => f.route === route);
  const page =
    route === '/settings' ? 'settings' : route === '/storage' ? 'storage' : route === '/benchmark' ? 'benchmark' : (feature ?? (route === '/' ? FEATURES[0] : undefined));
  if (route === '/' && typeof page === 'object') history.replaceState(null, '', `#${FEATURES[0].route}`);
  return (
    <div className="app">
      <header className="topbar">
        <a className="brand" href={`#${FEATURES[0].route}`}>
          <img src={`${import.meta.env.BASE_URL}icons/icon.svg`} alt="" width={28} height={28} />
          <span>On-device ML</span>
        </a>
        <PwaStatus />
      </header>
      <nav className="tabs" aria-label="Tasks">
        {FEATURES.map((f) => (
          <a key={f.route} href={`#${f.route}`} aria-current={page === f ? 'page' : undefined}>
            {f.title}
          </a>
        ))}
        <span className="spacer" />
        <a href="#/benchmark" aria-current={page === 'benchmark' ? 'page' : undefined}>
          Benchmark
        </a>
        <a href="#/storage" aria-current={page === 'storage' ? 'page' : undefined}>
          Storage
        </a>
        <a href="#/settings" aria-current={page === 'settings' ? 'page' : undefined}>
          Settings
        </a>
      </nav>
      <TunePrompt />
      <main>
        {page === 'benchmark' ? (
          <Suspense fallback={<p className="muted">Loading…</p>}>
            <BenchmarkPage />
          </Suspense>
        ) : page === 'settings' ? (
          <SettingsPanel />
        ) : page === 'storage' ? (
          <StoragePanel />
        ) : page === undefined ? (
          <section className="panel">
            <h1>Page not found</h1>
            <p>
              There is no page at <code>#{route}</code>. <a href={`#${FEATURES[0].route}`}>Go to {FEATURES[0].title}</a>.
            </p>
          </section>
        ) : (
          <Suspense fallback={<p className="muted">Loading…</p>}>
            <page.Panel key={page.route} />
          </Suspense>
        )}
      </main>
      <footer className="foot muted">Everything runs on this device. Your images and text are never uploaded.</footer>
    </div>
  );
}
