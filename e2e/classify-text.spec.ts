/**
 * #/classify-text on the generated random-weight models (tooling/gen-text-models), in the built app,
 * against the same transformers.js pipelines in Node (onnxruntime-node): scores within 1e-4.
 */
import { test, expect, clickAndWait, downloadFrom, exportJson, panel, watchModelResponses } from './helpers';
import { ensureGeneratedModels, nodePipeline } from './text-models';
import { sentimentLabels, zeroShotLabels } from '../src/features/classify-text/output';
import type { Label } from '../src/features/classify-text/batch';

const TOL = 1e-4;

function expectClose(browser: Label[], node: Label[]) {
  expect(browser.map((l) => l.label)).toEqual(node.map((l) => l.label));
  browser.forEach((l, i) => expect(Math.abs(l.score - node[i].score), `${l.label}: ${l.score} vs ${node[i].score}`).toBeLessThan(TOL));
}

// The reference: the same pipelines on onnxruntime-node (independent of the browser's runtime), their raw
// output mapped to labels by the app's own code (output.ts), so only the runtimes are compared.
async function nodeSentiment(text: string): Promise<Label[]> {
  const pipe = await nodePipeline('text-classification', 'test-tiny/bert-sst2');
  return sentimentLabels((await pipe(text, { top_k: null })) as Label[]);
}
async function nodeZeroShot(text: string, labels: string[], template: string, multi: boolean): Promise<Label[]> {
  const pipe = await nodePipeline('zero-shot-classification', 'test-tiny/bert-nli');
  return zeroShotLabels((await pipe(text, labels, { hypothesis_template: template, multi_label: multi })) as { labels: string[]; scores: number[] });
}

test.beforeAll(() => ensureGeneratedModels());

test.beforeEach(async ({ page }) => {
  await page.goto('/#/classify-text');
  await expect(page.getByRole('heading', { name: 'Classify text' })).toBeVisible();
});

test('sentiment on the generated model matches transformers.js in Node and exports sorted [{label, score}]', async ({ page }) => {
  const responses = watchModelResponses(page);
  await page.getByTestId('model-select').selectOption('test-tiny/bert-sst2');
  await expect(page.getByTestId('model-description')).toContainText('RANDOM weights');
  const text = 'I loved this movie, it was wonderful! 你好 👋';
  await page.getByLabel('Text to classify').fill(text);
  await clickAndWait(page, 'Classify');
  await expect(page.getByTestId('label')).toHaveCount(2);
  const doc = await exportJson(page);
  expect(doc).toMatchObject({ task: 'text-classification', model: 'test-tiny/bert-sst2', backend: 'wasm', dtype: 'fp32' });
  expect(doc.items).toHaveLength(1);
  const out = doc.items[0].output as Label[];
  expect(out.map((l) => l.label).sort()).toEqual(['NEGATIVE', 'POSITIVE']);
  expect(out[0].score).toBeGreaterThanOrEqual(out[1].score);
  expect(out[0].score + out[1].score).toBeCloseTo(1, 5);
  expectClose(out, await nodeSentiment(text));
  // Every model file came from the self-hosted folder, none was missing.
  expect(responses.filter((r) => r.status >= 400)).toEqual([]);
  expect(responses.some((r) => r.url.endsWith('/test-tiny/bert-sst2/tokenizer.json'))).toBe(true);
});

test('zero-shot with typed labels, a custom template, single- and multi-label, matches Node', async ({ page }) => {
  await page.getByLabel('Zero-shot (your labels)').check();
  await page.getByTestId('model-select').selectOption('test-tiny/bert-nli');
  const text = 'The team won the match after a late goal.';
  await page.getByLabel('Text to classify').fill(text);
  const add = page.getByLabel('Add a label');
  await add.fill('sports');
  await add.press('Enter');
  await add.fill('politics, food');
  await add.press('Enter');
  await expect(page.getByTestId('label-tag')).toHaveText(['sports×', 'politics×', 'food×']);
  const template = 'This text is about {}.';
  await page.getByLabel('Hypothesis template').fill(template);

  await clickAndWait(page, 'Classify');
  let out = (await exportJson(page)).items[0].output as Label[];
  expect(out.map((l) => l.label).sort()).toEqual(['food', 'politics', 'sports']);
  expect(out.reduce((a, l) => a + l.score, 0)).toBeCloseTo(1, 5); // single-label: one distribution
  expectClose(out, await nodeZeroShot(text, ['sports', 'politics', 'food'], template, false));

  await page.getByLabel('Several labels can be true (multi-label)').check();
  await clickAndWait(page, 'Classify');
  out = (await exportJson(page)).items[0].output as Label[];
  expectClose(out, await nodeZeroShot(text, ['sports', 'politics', 'food'], template, true));
});

test('a batch from lines and from a CSV column: sortable table, CSV and JSON export, all equal to Node', async ({ page }) => {
  await page.getByTestId('model-select').selectOption('test-tiny/bert-sst2');
  await page.getByLabel('Batch (one per line, or a CSV)').check();
  const lines = [
    'This film was terrible and boring.',
    'Great food, friendly staff!',
    'It is neither good nor bad.',
    'Prices rose again this month.',
    'You are the best!',
  ];
  await page.getByLabel('Texts, one per line').fill(lines.join('\n') + '\n\n');
  await expect(page.getByRole('button', { name: 'Classify 5 texts' })).toBeEnabled();
  await clickAndWait(page, 'Classify 5 texts');
  const rows = page.getByTestId('result-row');
  await expect(rows).toHaveCount(5);
  const doc = await exportJson(page);
  expect(doc.items).toHaveLength(5);
  for (let i = 0; i < 5; i++) expectClose(doc.items[i].output as Label[], await nodeSentiment(lines[i]));

  // Sort by score, descending then ascending.
  await page.getByRole('button', { name: 'Score' }).click();
  const scores = async () => (await page.getByTestId('top-score').allInnerTexts()).map((s) => parseFloat(s));
  const desc = await scores();
  expect([...desc].sort((a, b) => b - a)).toEqual(desc);
  await page.getByRole('button', { name: 'Score' }).click();
  const asc = await scores();
  expect([...asc].sort((a, b) => a - b)).toEqual(asc);

  const csv = (await downloadFrom(page, page.getByRole('button', { name: 'Export CSV' }))).bytes.toString('utf8').trim().split(/\r\n/);
  expect(csv[0]).toMatch(/^#,text,top_label,top_score,score_(NEGATIVE,score_POSITIVE|POSITIVE,score_NEGATIVE),error$/);
  expect(csv).toHaveLength(6);

  // A CSV file: the "review" column is picked, quoted commas and newlines survive.
  await page.getByTestId('text-file-input').setInputFiles({
    name: 'reviews.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('id,review,stars\n1,"Good, really good",5\n2,"Bad.\nVery bad",1\n3,Okay,3\n'),
  });
  await expect(page.getByTestId('csv-source')).toContainText('reviews.csv: 3 rows');
  await expect(page.getByLabel('Text column')).toHaveValue('1');
  await clickAndWait(page, 'Classify 3 texts');
  const csvDoc = await exportJson(page);
  expect(csvDoc.items.map((i) => i.input)).toEqual(['1: Good, really good', '2: Bad.\nVery bad', '3: Okay']);
  expectClose(csvDoc.items[1].output as Label[], await nodeSentiment('Bad.\nVery bad'));
});

test('bad input gets a specific message and nothing runs', async ({ page }) => {
  const classify = page.getByRole('button', { name: /^Classify/ });
  await expect(classify).toBeDisabled();
  await expect(page.getByTestId('empty-hint')).toHaveText('Type or paste some text to classify.');
  await page.getByLabel('Text to classify').fill('   \n\t  ');
  await expect(classify).toBeDisabled();

  // A binary file is refused from its bytes, whatever its name.
  await page.getByTestId('text-file-input').setInputFiles({
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0xff, 0xfe, 0x00, 0x01]),
  });
  await expect(page.getByTestId('file-error')).toHaveText('“notes.txt” does not look like text (it contains binary data). Drop a plain-text or Markdown file.');

  // Zero-shot without labels, then with a duplicate label, then with a template without {}.
  await page.getByLabel('Zero-shot (your labels)').check();
  await page.getByTestId('model-select').selectOption('test-tiny/bert-nli');
  await page.getByLabel('Text to classify').fill('Some text');
  await expect(page.getByTestId('input-problem')).toContainText('Add at least one label');
  await expect(classify).toBeDisabled();
  const add = page.getByLabel('Add a label');
  await add.fill('Sports, food, sports');
  await add.press('Enter');
  await expect(page.getByTestId('input-problem')).toHaveText('The label “sports” is listed twice (as “Sports” too): each label must be different.');
  await expect(classify).toBeDisabled();
  await page.getByRole('button', { name: 'Remove label sports', exact: true }).click();
  await expect(page.getByTestId('input-problem')).toHaveCount(0);
  await page.getByLabel('Hypothesis template').fill('It is about');
  await expect(page.getByTestId('input-problem')).toContainText('must contain {}');
  await page.getByLabel('Hypothesis template').fill('It is about {}.');
  await expect(classify).toBeEnabled();
  await clickAndWait(page, 'Classify');
  await expect(page.getByTestId('label')).toHaveCount(2);
  expect(await panel(page).getAttribute('data-running')).toBe('false');
});
