/**
 * The benchmark's built-in inputs: drawn at run time (no file ships with the app, so the page works offline and
 * the bundle stays small). A picture of a few objects for the image tasks, a printed page for OCR, a paragraph
 * for the text tasks. The same input every run, so runs compare.
 */
import type { TaskId, TaskInput } from '../../protocol/messages';

export const SAMPLE_TEXT =
  'The city council approved a plan on Tuesday to turn the old railway yard into a park with a public library, ' +
  'a market hall and three hundred new homes. Work starts next spring and should take four years. Residents had ' +
  'asked for more green space for a decade; the council said the plan keeps the historic engine shed, which will ' +
  'house a café and a small museum about the railway. Critics said the budget of forty million is too low for a ' +
  'project of this size, and that the homes should be cheaper. The mayor answered that half of them will be rented ' +
  'at prices fixed by the city, and that the park will open before the homes are finished.';

export const SAMPLE_LINES = ['On-device benchmark', 'The quick brown fox jumps', 'over the lazy dog 1234'];

type Canvas2D = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

function canvas(width: number, height: number): { ctx: Canvas2D; toBlob: () => Promise<Blob> } {
  if (typeof OffscreenCanvas !== 'undefined') {
    const c = new OffscreenCanvas(width, height);
    return { ctx: c.getContext('2d')!, toBlob: () => c.convertToBlob({ type: 'image/png' }) };
  }
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  return {
    ctx: c.getContext('2d')!,
    toBlob: () => new Promise((res, rej) => c.toBlob((b) => (b ? res(b) : rej(new Error('canvas.toBlob gave nothing'))), 'image/png')),
  };
}

/** A simple scene: sky, ground, a sun, a house and a car-like shape. */
function drawScene(ctx: Canvas2D, w: number, h: number) {
  const sky = ctx.createLinearGradient(0, 0, 0, h * 0.6);
  sky.addColorStop(0, '#5b8fd6');
  sky.addColorStop(1, '#cfe3f7');
  ctx.fillStyle = sky;
  ctx.fillRect(0, 0, w, h * 0.6);
  ctx.fillStyle = '#6b8f3a';
  ctx.fillRect(0, h * 0.6, w, h * 0.4);
  ctx.fillStyle = '#f6d34a';
  ctx.beginPath();
  ctx.arc(w * 0.82, h * 0.18, h * 0.09, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#b5523b';
  ctx.fillRect(w * 0.12, h * 0.38, w * 0.26, h * 0.3);
  ctx.fillStyle = '#6e2c1f';
  ctx.beginPath();
  ctx.moveTo(w * 0.09, h * 0.4);
  ctx.lineTo(w * 0.25, h * 0.22);
  ctx.lineTo(w * 0.41, h * 0.4);
  ctx.fill();
  ctx.fillStyle = '#2d4f7c';
  ctx.fillRect(w * 0.52, h * 0.62, w * 0.32, h * 0.12);
  ctx.fillRect(w * 0.58, h * 0.53, w * 0.18, h * 0.1);
  ctx.fillStyle = '#222';
  for (const x of [0.58, 0.78]) {
    ctx.beginPath();
    ctx.arc(w * x, h * 0.75, h * 0.045, 0, Math.PI * 2);
    ctx.fill();
  }
}

function drawPage(ctx: Canvas2D, w: number, h: number) {
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  ctx.fillStyle = '#111';
  ctx.font = '32px sans-serif';
  ctx.textBaseline = 'top';
  SAMPLE_LINES.forEach((line, i) => ctx.fillText(line, 24, 24 + i * 56));
}

/** The built-in input for a task, and the options its run needs. */
export async function sampleInput(task: TaskId): Promise<{ input: TaskInput; options?: Record<string, unknown>; name: string }> {
  if (task === 'summarization') return { input: { kind: 'text', text: SAMPLE_TEXT, name: 'sample text' }, name: 'sample text (paragraph)' };
  if (task === 'text-classification') {
    // Zero-shot models need labels; the sentiment models ignore them.
    return {
      input: { kind: 'text', text: SAMPLE_TEXT, name: 'sample text' },
      options: { labels: ['politics', 'sports', 'cooking'] },
      name: 'sample text (paragraph)',
    };
  }
  const ocr = task === 'ocr';
  const [w, h] = ocr ? [480, 200] : [320, 240];
  const { ctx, toBlob } = canvas(w, h);
  if (ocr) drawPage(ctx, w, h);
  else drawScene(ctx, w, h);
  const blob = await toBlob();
  const name = ocr ? 'sample-page.png' : 'sample-scene.png';
  return { input: { kind: 'file', file: new File([blob], name, { type: 'image/png' }) }, name: `${name} (${w}×${h}, drawn)` };
}
