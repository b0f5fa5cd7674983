/**
 * The OCR test set: real text images with exact ground truth, rendered deterministically by headless
 * Chromium from HTML in the fonts Debian ships (Liberation, DejaVu), then degraded on a canvas
 * (rotation, blur, low contrast, photo-like noise and lighting with JPEG, light-on-dark, transparent
 * background). Written to a git-ignored folder; used by e2e/ocr.spec.ts and bench/ocr.bench.mjs.
 */
import type { Browser } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const OCR_SET_DIR = path.resolve('e2e/.generated/ocr');
const VERSION = 6;

export interface OcrTestImage {
  file: string;
  kind: string;
  /** Ground truth: lines in reading order, joined by "\n". */
  text: string;
}

const PARAS = [
  [
    'The quick brown fox jumps over the lazy dog near the river bank.',
    'Offline OCR reads printed text from photos, scans and screenshots.',
    'Every line is outlined on the image together with its confidence.',
    'Invoice 2026-0417 was paid on 14 March 2026 at 09:45 by card.',
    'Please call +1 (555) 010-7788 or write to help@example.org today.',
  ],
  [
    'Nothing you give this app is uploaded: models run on your device.',
    'Batteries last longer when the screen brightness is set to 40%.',
    'Store the box in a cool, dry place away from direct sunlight.',
    'Chapter 7 begins on page 213 with a short note about the maps.',
  ],
  [
    'Meeting notes, Tuesday: budget review moved to Friday at 3 pm.',
    'Action items: send the draft to Alice and Bob; book room B-12.',
    'Total attendance was 18 people, 4 of them joined remotely.',
  ],
  [
    'Keep this receipt as proof of purchase for returns within 30 days.',
    'Opening hours: Monday to Saturday 8:00 to 20:00, Sunday closed.',
    'Visit www.example.com/help for manuals, drivers and warranty terms.',
  ],
];

/** Text with few or no spaces (addresses, code, numbers): a spurious space is an error here. */
const CODE = [
  'https://docs.example.org/guide/install?lang=en#offline',
  'mail: first.last+news@mail.example.co.uk',
  'const maxRetries = parseInt(env.MAX_RETRIES, 10);',
  'snake_case_name_42 camelCaseValue SKU-2026-04/B12',
  'Total: 1,234,567.89 at 12:45:07 on 2026-11-21',
];

/** More prose for the blurred kind, set in other fonts than the other kinds' paragraphs. */
const BLUR_PARAS = [
  'Turn the dial slowly until the green light stops blinking.',
  'Our office moved to 48 Harbour Road, second floor, room 7.',
  'Bring your ticket, a photo ID and a pen to the exam hall.',
];

const RECEIPT = [
  ['CORNER MARKET', ''],
  ['12 Baker Street, Springfield', ''],
  ['Milk 2L', '2.49'],
  ['Whole wheat bread', '3.15'],
  ['Apples 1.2 kg', '4.08'],
  ['Coffee beans 500g', '11.90'],
  ['Eggs (12)', '3.79'],
  ['SUBTOTAL', '25.41'],
  ['TAX 8%', '2.03'],
  ['TOTAL', '27.44'],
  ['Card **** 4821', 'APPROVED'],
];

const TABLE = [
  ['Product', 'Quantity', 'Price'],
  ['Notebook A5', '12', '$3.50'],
  ['Ballpoint pen', '40', '$0.95'],
  ['Stapler', '2', '$8.20'],
  ['Paper clips', '300', '$1.10'],
];

const FONTS = {
  serif: "'Liberation Serif'",
  sans: "'Liberation Sans'",
  dejavu: "'DejaVu Sans'",
  mono: "'Liberation Mono'",
  narrow: "'Liberation Sans Narrow'",
  dejavuSerif: "'DejaVu Serif'",
};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

interface Spec {
  name: string;
  kind: string;
  html: string;
  text: string;
  /** Canvas post-processing. */
  post?: { rotate?: number; blur?: number; noise?: number; light?: boolean; jpeg?: number; tilt?: number };
  transparent?: boolean;
}

function doc(lines: string[], font: string, size: number, opts: { color?: string; bg?: string; pad?: number; weight?: number } = {}): string {
  const { color = '#111', bg = '#fff', pad = 40, weight = 400 } = opts;
  const style = `display:inline-block;padding:${pad}px;background:${bg};color:${color};font:${weight} ${size}px/${Math.round(size * 1.5)}px ${font}`;
  return `<div id="root" style="${style}">${lines.map((l) => `<div style="white-space:pre">${esc(l)}</div>`).join('')}</div>`;
}

function specs(): Spec[] {
  const s: Spec[] = [];
  const t = (lines: string[]) => lines.join('\n');
  // Clean documents in several fonts and sizes.
  s.push({ name: 'doc-serif-20', kind: 'document', html: doc(PARAS[0], FONTS.serif, 20), text: t(PARAS[0]) });
  s.push({ name: 'doc-sans-16', kind: 'document', html: doc(PARAS[1], FONTS.sans, 16), text: t(PARAS[1]) });
  s.push({ name: 'doc-dejavu-15', kind: 'document', html: doc(PARAS[2], FONTS.dejavu, 15), text: t(PARAS[2]) });
  s.push({ name: 'doc-dejavuserif-24', kind: 'document', html: doc(PARAS[3], FONTS.dejavuSerif, 24), text: t(PARAS[3]) });
  // Small print.
  s.push({ name: 'small-sans-12', kind: 'smallprint', html: doc(PARAS[3], FONTS.sans, 12, { pad: 16 }), text: t(PARAS[3]) });
  s.push({ name: 'small-serif-12', kind: 'smallprint', html: doc(PARAS[1], FONTS.serif, 12, { pad: 16 }), text: t(PARAS[1]) });
  // Receipts: monospace, item and price apart on each row.
  const receiptLines = RECEIPT.map(([a, b]) => (b ? a.padEnd(28) + b.padStart(9) : a));
  s.push({
    name: 'receipt-mono-15',
    kind: 'receipt',
    html: doc(receiptLines, FONTS.mono, 15, { pad: 24 }),
    text: t(RECEIPT.map(([a, b]) => (b ? `${a} ${b}` : a))),
  });
  s.push({
    name: 'receipt-narrow-17',
    kind: 'receipt',
    html: `<div id="root" style="display:inline-block;padding:24px;background:#fbfaf5;color:#222;font:400 17px/26px ${FONTS.narrow};width:300px">${RECEIPT.map(
      ([a, b]) => `<div style="display:flex;justify-content:space-between;white-space:pre"><span>${esc(a)}</span><span>${esc(b)}</span></div>`,
    ).join('')}</div>`,
    text: t(RECEIPT.map(([a, b]) => (b ? `${a} ${b}` : a))),
  });
  // A table with borders, read row by row.
  const table = (font: string, size: number) =>
    `<div id="root" style="display:inline-block;padding:24px;background:#fff">` +
    `<table style="border-collapse:collapse;font:400 ${size}px ${font};color:#111">${TABLE.map(
      (r, i) => `<tr>${r.map((c) => `<td style="border:1px solid #444;padding:6px 14px;${i === 0 ? 'font-weight:700' : ''}">${esc(c)}</td>`).join('')}</tr>`,
    ).join('')}</table></div>`;
  s.push({ name: 'table-sans-16', kind: 'table', html: table(FONTS.sans, 16), text: t(TABLE.map((r) => r.join(' '))) });
  s.push({ name: 'table-serif-18', kind: 'table', html: table(FONTS.serif, 18), text: t(TABLE.map((r) => r.join(' '))) });
  // A two-column page under a full-width heading: read the left column, then the right.
  const col = (lines: string[]) => `<div style="width:330px">${lines.map((l) => `<div style="white-space:pre">${esc(l)}</div>`).join('')}</div>`;
  const left = ['Local models keep your photos', 'on this device. Nothing leaves', 'the browser, even offline.'];
  const right = ['Downloads are checked before', 'they are stored, so a broken', 'file never reaches the cache.'];
  s.push({
    name: 'columns-sans-16',
    kind: 'columns',
    html:
      `<div id="root" style="display:inline-block;padding:32px;background:#fff;color:#111;font:400 16px/26px ${FONTS.sans}"><div style="font:700 ` +
      `24px ${FONTS.sans};margin-bottom:16px">Private by design</div><div style="display:flex;gap:48px">${col(left)}${col(right)}</div></div>`,
    text: t(['Private by design', ...left, ...right]),
  });
  // A screenshot-like UI.
  s.push({
    name: 'screenshot-settings',
    kind: 'screenshot',
    html:
      `<div id="root" style="display:inline-block;width:640px;background:#f3f4f6;font-family:${FONTS.sans}">
      <div style="background:#1d4ed8;color:#fff;padding:12px 20px;font:700 22px ${FONTS.sans}">Account settings</div>
      <div style="padding:16px 20px;font-size:15px;color:#1f2937">
        <div style="margin:6px 0">Display name: Jordan Lee</div>
        <div style="margin:6px 0">Email address: jordan.lee@example.net</div>
        <div style="margin:6px 0;color:#6b7280">Last sign-in 2 hours ago from Firefox on Linux</div>
        <div style="margin-top:14px;display:flex;gap:16px"><span style="background:#16a34a;color:#fff;padding:8px 16px;border-radius:6px">` +
      `Save changes</span><span style="border:1px solid #9ca3af;padding:8px 16px;border-radius:6px">Cancel</span></div>
      </div></div>`,
    text: t([
      'Account settings',
      'Display name: Jordan Lee',
      'Email address: jordan.lee@example.net',
      'Last sign-in 2 hours ago from Firefox on Linux',
      'Save changes Cancel',
    ]),
  });
  s.push({
    name: 'screenshot-chat',
    kind: 'screenshot',
    html: `<div id="root" style="display:inline-block;width:520px;background:#fff;padding:16px;font:400 14px/20px ${FONTS.dejavu}">
      <div style="background:#e5e7eb;border-radius:12px;padding:8px 12px;margin:6px 80px 6px 0">Are we still on for lunch at 12:30?</div>
      <div style="background:#2563eb;color:#fff;border-radius:12px;padding:8px 12px;margin:6px 0 6px 80px">Yes! Meet you at the cafe on 5th Avenue.</div>
      <div style="background:#e5e7eb;border-radius:12px;padding:8px 12px;margin:6px 80px 6px 0">Great, I will bring the report.</div></div>`,
    text: t(['Are we still on for lunch at 12:30?', 'Yes! Meet you at the cafe on 5th Avenue.', 'Great, I will bring the report.']),
  });
  // Signs and posters.
  s.push({
    name: 'sign-open',
    kind: 'sign',
    html: doc(['OPEN 24 HOURS', 'ALL WELCOME'], FONTS.sans, 64, { color: '#fff', bg: '#b91c1c', weight: 700, pad: 48 }),
    text: 'OPEN 24 HOURS\nALL WELCOME',
  });
  s.push({
    name: 'sign-parking',
    kind: 'sign',
    html: doc(['NO PARKING', 'Tow-away zone 7am-7pm'], FONTS.dejavu, 48, { color: '#111', bg: '#facc15', weight: 700, pad: 40 }),
    text: 'NO PARKING\nTow-away zone 7am-7pm',
  });
  // Rotated pages.
  for (const r of [90, 180, 270])
    s.push({
      name: `rotated-${r}`,
      kind: 'rotated',
      html: doc(PARAS[2], FONTS.sans, 18),
      text: t(PARAS[2]),
      post: { rotate: r },
    });
  // Blur, low contrast, photo-like, light on dark, transparent.
  s.push({ name: 'blurred-serif', kind: 'blurred', html: doc(PARAS[0], FONTS.serif, 20), text: t(PARAS[0]), post: { blur: 1.2 } });
  s.push({ name: 'blurred-sans', kind: 'blurred', html: doc(PARAS[2], FONTS.sans, 18), text: t(PARAS[2]), post: { blur: 1 } });
  s.push({ name: 'lowcontrast-grey', kind: 'lowcontrast', html: doc(PARAS[1], FONTS.sans, 18, { color: '#9a9a9a', bg: '#c4c4c4' }), text: t(PARAS[1]) });
  s.push({ name: 'lowcontrast-beige', kind: 'lowcontrast', html: doc(PARAS[3], FONTS.serif, 20, { color: '#b8a888', bg: '#e8dcc0' }), text: t(PARAS[3]) });
  s.push({ name: 'photo-doc', kind: 'photo', html: doc(PARAS[0], FONTS.serif, 22), text: t(PARAS[0]), post: { tilt: 2, noise: 18, light: true, jpeg: 0.7 } });
  s.push({
    name: 'photo-receipt',
    kind: 'photo',
    html: doc(receiptLines, FONTS.mono, 16, { pad: 24, bg: '#f7f3e8' }),
    text: t(RECEIPT.map(([a, b]) => (b ? `${a} ${b}` : a))),
    post: { tilt: -3, noise: 14, light: true, jpeg: 0.6, blur: 0.6 },
  });
  s.push({ name: 'blurred-dejavu', kind: 'blurred', html: doc(BLUR_PARAS, FONTS.dejavu, 16), text: t(BLUR_PARAS), post: { blur: 1.1 } });
  s.push({ name: 'blurred-narrow', kind: 'blurred', html: doc(BLUR_PARAS, FONTS.narrow, 19), text: t(BLUR_PARAS), post: { blur: 1 } });
  // Addresses, code and numbers: few spaces, and none may be invented.
  s.push({ name: 'code-mono-15', kind: 'code', html: doc(CODE, FONTS.mono, 15), text: t(CODE) });
  s.push({ name: 'code-sans-16', kind: 'code', html: doc(CODE, FONTS.sans, 16), text: t(CODE) });
  s.push({ name: 'code-blurred-serif', kind: 'code', html: doc(CODE, FONTS.serif, 18), text: t(CODE), post: { blur: 1 } });
  s.push({ name: 'dark-sans', kind: 'dark', html: doc(PARAS[1], FONTS.sans, 18, { color: '#e5e7eb', bg: '#1f2328' }), text: t(PARAS[1]) });
  s.push({ name: 'dark-mono', kind: 'dark', html: doc(PARAS[2], FONTS.mono, 16, { color: '#7ee787', bg: '#0d1117' }), text: t(PARAS[2]) });
  s.push({ name: 'transparent-sans', kind: 'transparent', html: doc(PARAS[3], FONTS.sans, 18, { bg: 'transparent' }), text: t(PARAS[3]), transparent: true });
  s.push({
    name: 'transparent-white',
    kind: 'transparent',
    html: doc(PARAS[2], FONTS.sans, 18, { bg: 'transparent', color: '#fff' }),
    text: t(PARAS[2]),
    transparent: true,
  });
  s.push({ name: 'transparent-serif', kind: 'transparent', html: doc(PARAS[0], FONTS.serif, 20, { bg: 'transparent' }), text: t(PARAS[0]), transparent: true });
  return s;
}

/** Canvas post-processing, run inside the page. Deterministic (seeded noise). */
async function postProcess(browser: Browser, png: Buffer, post: NonNullable<Spec['post']>): Promise<{ data: Buffer; ext: string }> {
  const page = await browser.newPage();
  try {
    const out = await page.evaluate(
      async ({ b64, post }) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        let w = img.width,
          h = img.height;
        const rot = post.rotate ?? 0;
        const tilt = ((post.tilt ?? 0) * Math.PI) / 180;
        const c = document.createElement('canvas');
        if (rot === 90 || rot === 270) [w, h] = [h, w];
        const pad = tilt ? Math.ceil(Math.abs(Math.sin(tilt)) * Math.max(w, h)) + 20 : 0;
        c.width = w + 2 * pad;
        c.height = h + 2 * pad;
        const ctx = c.getContext('2d')!;
        ctx.fillStyle = post.light ? '#8a8478' : '#fff';
        ctx.fillRect(0, 0, c.width, c.height);
        ctx.translate(c.width / 2, c.height / 2);
        ctx.rotate((rot * Math.PI) / 180 + tilt);
        if (post.blur) ctx.filter = `blur(${post.blur}px)`;
        ctx.drawImage(img, -img.width / 2, -img.height / 2);
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.filter = 'none';
        if (post.light) {
          const g = ctx.createLinearGradient(0, 0, c.width, c.height);
          g.addColorStop(0, 'rgba(255,240,200,0.15)');
          g.addColorStop(1, 'rgba(0,0,30,0.35)');
          ctx.fillStyle = g;
          ctx.fillRect(0, 0, c.width, c.height);
        }
        if (post.noise) {
          const d = ctx.getImageData(0, 0, c.width, c.height);
          let s = 12345;
          const rnd = () => (s = (s * 1103515245 + 12345) >>> 0) / 4294967296;
          for (let i = 0; i < d.data.length; i += 4) {
            const n = (rnd() + rnd() + rnd() - 1.5) * post.noise;
            for (let k = 0; k < 3; k++) d.data[i + k] = Math.max(0, Math.min(255, d.data[i + k] + n));
          }
          ctx.putImageData(d, 0, 0);
        }
        if (post.jpeg) {
          // JPEG artefacts, stored losslessly as PNG so that Node and the browser see the same pixels.
          const j = new Image();
          j.src = c.toDataURL('image/jpeg', post.jpeg);
          await j.decode();
          ctx.drawImage(j, 0, 0);
        }
        return c.toDataURL('image/png').split(',')[1];
      },
      { b64: png.toString('base64'), post },
    );
    return { data: Buffer.from(out, 'base64'), ext: 'png' };
  } finally {
    await page.close();
  }
}

/** Render specs to PNG files in `dir` (HTML in headless Chromium, then the canvas post-processing). */
async function renderSpecs(browser: Browser, list: Spec[], dir: string): Promise<OcrTestImage[]> {
  fs.mkdirSync(dir, { recursive: true });
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  const images: OcrTestImage[] = [];
  try {
    for (const spec of list) {
      await page.setContent(`<!doctype html><html><body style="margin:0;background:${spec.transparent ? 'transparent' : '#fff'}">${spec.html}</body></html>`);
      await page.evaluate(() => document.fonts.ready);
      let data = await page.locator('#root').screenshot({ omitBackground: !!spec.transparent, animations: 'disabled' });
      let ext = 'png';
      if (spec.post) ({ data, ext } = await postProcess(browser, data, spec.post));
      const file = `${spec.name}.${ext}`;
      fs.writeFileSync(path.join(dir, file), data);
      images.push({ file, kind: spec.kind, text: spec.text });
    }
  } finally {
    await page.close();
  }
  return images;
}

/** Render the test set (once per VERSION) and return its manifest. */
export async function ensureOcrTestSet(browser: Browser, dir = OCR_SET_DIR): Promise<OcrTestImage[]> {
  const manifestPath = path.join(dir, 'manifest.json');
  try {
    const m = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
    if (m.version === VERSION && m.images.every((i: OcrTestImage) => fs.existsSync(path.join(dir, i.file)))) return m.images;
  } catch {
    // not generated yet
  }
  const images = await renderSpecs(browser, specs(), dir);
  fs.writeFileSync(manifestPath, JSON.stringify({ version: VERSION, images }, null, 2));
  return images;
}

/** A blank page and a huge scan (for the bad-input tests), rendered on a canvas. */
export async function renderSpecial(browser: Browser, kind: 'blank' | 'huge' | 'tall', dir = OCR_SET_DIR): Promise<string> {
  const file = path.join(dir, `${kind}.png`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(dir, { recursive: true });
  const page = await browser.newPage();
  try {
    const b64 = await page.evaluate(
      async ({ kind, lines, tall }) => {
        const c = document.createElement('canvas');
        [c.width, c.height] = kind === 'huge' ? [6000, 8000] : kind === 'tall' ? [900, 9000] : [800, 600];
        const ctx = c.getContext('2d')!;
        ctx.fillStyle = '#fff';
        ctx.fillRect(0, 0, c.width, c.height);
        if (kind === 'huge') {
          ctx.fillStyle = '#111';
          ctx.font = "120px 'Liberation Serif'";
          lines.forEach((l, i) => ctx.fillText(l, 300, 600 + i * 200));
        }
        if (kind === 'tall') {
          // A long scrolling screenshot: 20 px text spread over 9000 px.
          ctx.fillStyle = '#111';
          ctx.font = "20px 'Liberation Sans'";
          tall.forEach((l, i) => ctx.fillText(l, 24, 200 + i * 900));
        }
        const blob = await new Promise<Blob>((r) => c.toBlob((b) => r(b!), 'image/png'));
        const bytes = new Uint8Array(await blob.arrayBuffer());
        let s = '';
        for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        return btoa(s);
      },
      { kind, lines: PARAS[1], tall: TALL_LINES },
    );
    fs.writeFileSync(file, Buffer.from(b64, 'base64'));
  } finally {
    await page.close();
  }
  return file;
}

/**
 * Chinese, the recogniser's other script (its dictionary is PaddleOCR's Chinese one), set in Droid Sans
 * Fallback (Debian's fonts-droid-fallback, which .ci/run installs). Clean at two sizes and blurred.
 * Kept out of the tesseract.js comparison: that runs English data only.
 */
export const CHINESE_LINES = [
  '今天天气很好，我们去公园散步。',
  '请在下午三点之前提交报告。',
  '本店营业时间：早上八点至晚上十点',
  '价格：人民币128元（含税）',
  '中华人民共和国成立于1949年。',
];

export async function renderChinese(browser: Browser, dir = OCR_SET_DIR): Promise<string[]> {
  if (!execFileSync('fc-list', [':family=Droid Sans Fallback'], { encoding: 'utf8' }).trim()) {
    throw new Error("The font 'Droid Sans Fallback' is missing: apt-get install fonts-droid-fallback");
  }
  const font = "'Droid Sans Fallback'";
  const text = CHINESE_LINES.join('\n');
  const list: Spec[] = [
    { name: 'zh-20', kind: 'chinese', html: doc(CHINESE_LINES, font, 20), text },
    { name: 'zh-28', kind: 'chinese', html: doc(CHINESE_LINES, font, 28), text },
    { name: 'zh-blurred-22', kind: 'chinese', html: doc(CHINESE_LINES, font, 22), text, post: { blur: 1 } },
  ];
  const files = list.map((l) => path.join(dir, `${l.name}.png`));
  if (!files.every((f) => fs.existsSync(f))) await renderSpecs(browser, list, dir);
  return files;
}

export const HUGE_TEXT = PARAS[1].join('\n');
const TALL_LINES = [...PARAS[0], ...PARAS[3]];
export const TALL_TEXT = TALL_LINES.join('\n');
