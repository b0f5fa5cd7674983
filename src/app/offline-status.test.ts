import { describe, expect, it } from 'vitest';
import { summarizeOffline, type OfflineStatus, type TaskOffline } from './offline-status';

const t = (title: string, state: TaskOffline['state']): TaskOffline => ({ task: 'ocr', title, state });
const five = (states: TaskOffline['state'][]) =>
  ['Classify images', 'Detect objects', 'Read text (OCR)', 'Summarize', 'Classify text'].map((n, i) => t(n, states[i]));
const status = (over: Partial<OfflineStatus>): OfflineStatus => ({
  shell: true,
  runtime: true,
  tasks: five(['none', 'none', 'none', 'none', 'none']),
  ...over,
});

describe('summarizeOffline', () => {
  it('no service worker yet: not offline', () => {
    expect(summarizeOffline(status({ shell: false, tasks: five(['ready', 'ready', 'ready', 'ready', 'ready']) }))).toMatchObject({
      ready: false,
      text: 'Not offline yet',
    });
  });
  it('the shell alone, or models without the runtime, is not "offline ready"', () => {
    expect(summarizeOffline(status({ runtime: true }))).toMatchObject({ ready: false, text: 'Offline: no task ready yet' });
    const noRuntime = summarizeOffline(status({ runtime: false, tasks: five(['ready', 'none', 'none', 'none', 'none']) }));
    expect(noRuntime).toMatchObject({ ready: false, text: 'Offline: no task ready yet' });
    expect(noRuntime.details.join(' ')).toMatch(/ONNX Runtime .* is not stored yet/);
  });
  it('one task used: ready, and says which tasks still need an online run', () => {
    const s = summarizeOffline(status({ tasks: five(['ready', 'none', 'none', 'none', 'none']) }));
    expect(s).toMatchObject({ ready: true, text: 'Offline ready: 1 of 5 tasks' });
    expect(s.details).toContain('Works offline: Classify images.');
    expect(s.details).toContain('Needs one online run (or a download in Storage): Detect objects, Read text (OCR), Summarize, Classify text.');
  });
  it('every task stored: plain "Offline ready"', () => {
    expect(summarizeOffline(status({ tasks: five(['ready', 'ready', 'ready', 'ready', 'ready']) }))).toMatchObject({ ready: true, text: 'Offline ready' });
  });
  it('a task with a broken-off download is named, and the app is not called ready', () => {
    const s = summarizeOffline(status({ tasks: five(['ready', 'partial', 'none', 'none', 'none']) }));
    expect(s).toMatchObject({ ready: false, text: 'Offline: Detect objects incomplete' });
    expect(s.details.join(' ')).toMatch(/missing .*Detect objects/);
  });
});
