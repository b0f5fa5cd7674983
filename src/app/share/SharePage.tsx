/** `#/share`: what another app shared (or a file opened with this app) and which task should take it. */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { FEATURES } from '../../features/registry';
import type { TaskId } from '../../protocol/messages';
import { awaitingChoice, deliver, openShared, rememberChoice, rememberedChoice, SHARE_TASKS, subscribeShare, takeStoredShare } from './inbox';

export const routeOf = (task: TaskId) => FEATURES.find((f) => f.task === task)?.route ?? '/';

export function SharePage({ route }: { route: string }) {
  const choosing = useSyncExternalStore(subscribeShare, awaitingChoice);
  const [remember, setRemember] = useState(true);
  const id = new URLSearchParams(route.split('?')[1] ?? '').get('id');
  const [missing, setMissing] = useState(false);

  useEffect(() => {
    if (!id) return;
    let live = true;
    void takeStoredShare(id, `${location.origin}${import.meta.env.BASE_URL}`).then((s) => {
      if (!live) return;
      if (s) void openShared(s, routeOf);
      else setMissing(true);
    });
    return () => {
      live = false;
    };
  }, [id]);

  if (id && !missing && !choosing) return <p className="muted">Opening what was shared…</p>;
  if (!choosing)
    return (
      <section className="panel" data-testid="share-page">
        <h1>Shared with this app</h1>
        <p>
          {missing ? 'What was shared is no longer here (it was opened already).' : 'Nothing is waiting to be opened.'} Share images or text from another app to
          open them here.
        </p>
      </section>
    );
  if (choosing.kind === null)
    return (
      <section className="panel" data-testid="share-page">
        <h1>Shared with this app</h1>
        <p className="error" role="alert" data-testid="share-error">
          {choosing.error ??
            `This app opens images and text (.txt, .md files, or shared text)${choosing.refused.length ? `; ${choosing.refused.join(', ')} ${choosing.refused.length > 1 ? 'are' : 'is'} neither` : ', and nothing of either was shared'}.`}
        </p>
      </section>
    );
  const { kind, items, refused } = choosing;
  const what = kind === 'image' ? `${items.files.length} image${items.files.length > 1 ? 's' : ''}` : `text (${items.text.length.toLocaleString()} characters)`;
  return (
    <section className="panel" data-testid="share-page">
      <h1>Open {what} with…</h1>
      {kind === 'image' ? (
        <p className="muted">{items.files.map((f) => f.name).join(', ')}</p>
      ) : (
        <blockquote className="muted share-text">
          {items.text.slice(0, 280)}
          {items.text.length > 280 ? '…' : ''}
        </blockquote>
      )}
      {refused.length > 0 && (
        <p className="muted" data-testid="share-refused">
          Left out (not {kind === 'image' ? 'an image' : 'text'}): {refused.join(', ')}
        </p>
      )}
      <div className="share-choices">
        {SHARE_TASKS[kind].map((task) => {
          const f = FEATURES.find((x) => x.task === task)!;
          return (
            <button
              key={task}
              type="button"
              className="button"
              onClick={() => {
                if (remember) rememberChoice(kind, task);
                deliver(task, f.route, items);
              }}
            >
              {f.title}
            </button>
          );
        })}
      </div>
      <label>
        <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} data-testid="share-remember" /> Always open shared{' '}
        {kind === 'image' ? 'images' : 'text'} this way (Settings can change it)
      </label>
    </section>
  );
}

/** Settings: which task shared images and text open in, or "Ask every time". */
export function ShareChoices() {
  const [, force] = useState(0);
  return (
    <fieldset data-testid="share-choices">
      <legend>Shared with this app</legend>
      {(['image', 'text'] as const).map((kind) => {
        const current = rememberedChoice(kind);
        return (
          <label key={kind}>
            {kind === 'image' ? 'Shared or opened images open in' : 'Shared or opened text opens in'}{' '}
            <select
              value={current ?? ''}
              onChange={(e) => {
                rememberChoice(kind, (e.target.value || null) as TaskId | null);
                force((n) => n + 1);
              }}
            >
              <option value="">Ask every time</option>
              {SHARE_TASKS[kind].map((t) => (
                <option key={t} value={t}>
                  {FEATURES.find((f) => f.task === t)?.title}
                </option>
              ))}
            </select>
          </label>
        );
      })}
    </fieldset>
  );
}
