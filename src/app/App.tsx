import { lazy, Suspense, useState } from 'react';
import { FEATURES } from '../features/registry';
import { PwaStatus } from './PwaStatus';
import { useRoute } from './router';
import { SettingsPanel } from './SettingsPanel';
import { SharePage } from './share/SharePage';
import { PrivacyPage } from './privacy/PrivacyPage';
import { StoragePanel } from './StoragePanel';
import { TunePrompt } from './benchmark/TunePrompt';

/** #/benchmark: its own chunk (charts, tuning, the history store), loaded when opened. */
const BenchmarkPage = lazy(() => import('./benchmark/BenchmarkPage'));

/** Short names for the bottom bar on narrow screens. */
const SHORT: Record<string, string> = {
  '/classify-image': 'Classify',
  '/detect': 'Detect',
  '/ocr': 'Read text',
  '/summarize': 'Summarize',
  '/classify-text': 'Text labels',
};
/** Pages besides the tasks: in the top tabs on wide screens, behind "More" in the bottom bar on narrow ones. */
const MORE = [
  { route: '/storage', title: 'Storage' },
  { route: '/settings', title: 'Settings' },
  { route: '/privacy', title: 'Privacy' },
  { route: '/benchmark', title: 'Benchmark' },
];

export function App() {
  const route = useRoute();
  const [moreOpen, setMoreOpen] = useState(false);
  const feature = FEATURES.find((f) => f.route === route);
  const page =
    route === '/settings'
      ? 'settings'
      : route === '/storage'
        ? 'storage'
        : route === '/share' || route.startsWith('/share?')
          ? 'share'
          : route === '/privacy'
            ? 'privacy'
            : route === '/benchmark'
              ? 'benchmark'
              : (feature ?? (route === '/' ? FEATURES[0] : undefined));
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
        <a href="#/privacy" aria-current={page === 'privacy' ? 'page' : undefined}>
          Privacy
        </a>
        <a href="#/settings" aria-current={page === 'settings' ? 'page' : undefined}>
          Settings
        </a>
      </nav>
      {/* Narrow screens (phones): the tasks in a bottom bar, one tap each; the other pages behind More. */}
      <nav className="bottombar" aria-label="Tasks (bottom bar)" data-testid="bottombar">
        {FEATURES.map((f) => (
          <a key={f.route} href={`#${f.route}`} aria-current={page === f ? 'page' : undefined} onClick={() => setMoreOpen(false)}>
            {SHORT[f.route] ?? f.title}
          </a>
        ))}
        <button type="button" aria-expanded={moreOpen} aria-controls="more-menu" onClick={() => setMoreOpen((o) => !o)}>
          More
        </button>
        {moreOpen && (
          <ul id="more-menu" className="more-menu">
            {MORE.map((m) => (
              <li key={m.route}>
                <a href={`#${m.route}`} aria-current={route === m.route ? 'page' : undefined} onClick={() => setMoreOpen(false)}>
                  {m.title}
                </a>
              </li>
            ))}
          </ul>
        )}
      </nav>
      <TunePrompt />
      <main>
        {page === 'benchmark' ? (
          <Suspense fallback={<p className="muted">Loading…</p>}>
            <BenchmarkPage />
          </Suspense>
        ) : page === 'settings' ? (
          <SettingsPanel />
        ) : page === 'privacy' ? (
          <PrivacyPage />
        ) : page === 'share' ? (
          <SharePage route={route} />
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
