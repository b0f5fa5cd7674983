#!/usr/bin/env node
/**
 * Generates tiny RANDOM-WEIGHT text models in the exact transformers.js layout, for tests and the
 * benchmark (no real text model can be downloaded on the machines that build this project):
 *
 *   test-tiny/bert-sst2        BERT-style sequence classifier, 2 labels (NEGATIVE/POSITIVE)
 *   test-tiny/bert-nli         BERT-style NLI classifier (contradiction/neutral/entailment) for zero-shot
 *   test-tiny/qwen2-instruct   Qwen2-style decoder-only causal LM with past key values and a chat template
 *   test-tiny/qwen2-bench      the same, larger (hidden 512, 4 layers, ~25 MB), for the benchmark
 *   test-tiny/bart-cnn         BART-style encoder-decoder (encoder_model + decoder_model_merged with past
 *                              key values and use_cache_branch), DistilBART-CNN's generation settings
 *   test-tiny/trocr            TrOCR-style vision encoder-decoder (ViT-style encoder_model on 64×64 pixels +
 *                              decoder_model_merged), TrOCR's preprocessing and generation settings (OCR task)
 *   test-tiny/florence2        Florence-2-style image-text-to-text model (vision_encoder, embed_tokens,
 *                              encoder_model, decoder_model_merged on inputs_embeds), its processor settings,
 *                              steered to answer in the <OCR_WITH_REGION> shape (OCR task)
 *
 * Each has config.json, a real tokenizer.json (WordPiece or byte-level BPE, trained here on a small
 * built-in corpus), tokenizer_config.json, generation_config.json where relevant, and fp32 ONNX files
 * in onnx/ named as transformers.js requests them. The weights are random (fixed seed): the models make the real code paths run end to end
 * and prove nothing about quality. Output is deterministic (byte-identical on every run).
 *
 *   node tooling/gen-text-models/generate.mjs [outDir]     (default e2e/.generated/models)
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { DT, model, node, rng, tensor, valueInfo } from './onnx-writer.mjs';

/** `causal[S,T]` = (j <= past + i), from scalars `s` (new tokens), `t` (total length) and `past`. */
const causalMaskNodes = () => [
  node('Range', ['zero', 's', 'one'], ['rows0']),
  node('Add', ['rows0', 'past'], ['rows1']),
  node('Unsqueeze', ['rows1', 'axes1'], ['rows']),
  node('Range', ['zero', 't', 'one'], ['cols0']),
  node('Unsqueeze', ['cols0', 'axes0'], ['cols']),
  node('LessOrEqual', ['cols', 'rows'], ['causal']),
];

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = path.resolve(process.argv[2] ?? path.join(ROOT, 'e2e/.generated/models'));

const CORPUS = `
The quick brown fox jumps over the lazy dog. This movie was wonderful, great, and amazing; I loved it.
That film was terrible, boring and awful, and I hated every minute of it. The food is good but the service is bad.
Summaries should be short and clear. A summary keeps the main points of a long document and drops the details.
The weather today is sunny and warm, with a light wind from the sea. Tomorrow it will rain in the north.
Scientists found a new species of frog in the forest. The city council voted to build a new library near the park.
The team won the match after a late goal. Prices rose again this month, and people are worried about the economy.
This example is about sports, politics, science, technology, business, health, travel, food and music.
Please summarise the following text in a few sentences. Key points: headline, TL;DR, short, medium, long.
I think it is not bad at all, and it is quite good. It is neither good nor bad. You are the best!
`;

// ---------------------------------------------------------------- helpers
function write(dir, rel, data) {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof data === 'string' ? data : data);
}
const json = (o) => JSON.stringify(o, null, 2) + '\n';
const i64 = (arr) => BigInt64Array.from(arr.map((x) => BigInt(x)));
const constI64 = (name, values, dims = [values.length]) => tensor(name, DT.INT64, dims, i64(values));
const constF = (name, values, dims) => tensor(name, DT.FLOAT, dims, Float32Array.from(values));

// ---------------------------------------------------------------- WordPiece tokenizer (BERT)
function bertTokenizer() {
  const special = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
  const chars = [...'abcdefghijklmnopqrstuvwxyz0123456789'];
  const punct = [...'.,!?;:\'"-()/&%$#@*+=<>[]{}_~`|\\^'];
  const words = [...new Set(CORPUS.toLowerCase().match(/[a-z]+/g))].sort();
  const tokens = [...special, ...chars, ...punct, ...chars.map((c) => `##${c}`), ...words.filter((w) => w.length > 1)];
  const vocab = Object.fromEntries(tokens.map((t, i) => [t, i]));
  const st = (t, type_id) => ({ SpecialToken: { id: t, type_id } });
  const seq = (id, type_id) => ({ Sequence: { id, type_id } });
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: special.map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [st('[CLS]', 0), seq('A', 0), st('[SEP]', 0)],
      pair: [st('[CLS]', 0), seq('A', 0), st('[SEP]', 0), seq('B', 1), st('[SEP]', 1)],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [vocab['[CLS]']], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [vocab['[SEP]']], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
  const config = {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: 512,
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    mask_token: '[MASK]',
    clean_up_tokenization_spaces: true,
  };
  return { tokenizer, config, vocabSize: tokens.length, padId: 0 };
}

// ---------------------------------------------------------------- byte-level BPE tokenizer (Qwen2-style)
function bytesToUnicode() {
  const bs = [];
  for (let i = 33; i <= 126; i++) bs.push(i);
  for (let i = 161; i <= 172; i++) bs.push(i);
  for (let i = 174; i <= 255; i++) bs.push(i);
  const cs = [...bs];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bs.includes(b)) {
      bs.push(b);
      cs.push(256 + n++);
    }
  }
  return bs.map((b, i) => [b, String.fromCodePoint(cs[i])]);
}

function bpeTokenizer(numMerges = 300, leadingSpecials = []) {
  const table = bytesToUnicode();
  const byteChar = new Map(table);
  const enc = new TextEncoder();
  const pieces = CORPUS.match(/ ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+/gu) ?? [];
  const counts = new Map();
  for (const p of pieces) {
    const w = [...enc.encode(p)].map((b) => byteChar.get(b)).join('\u0001');
    counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  let words = [...counts].map(([w, c]) => ({ syms: w.split('\u0001'), c }));
  const vocabList = [...leadingSpecials, ...table.map(([, ch]) => ch)];
  const merges = [];
  for (let m = 0; m < numMerges; m++) {
    const pairs = new Map();
    for (const { syms, c } of words)
      for (let i = 0; i + 1 < syms.length; i++) {
        const k = `${syms[i]} ${syms[i + 1]}`;
        pairs.set(k, (pairs.get(k) ?? 0) + c);
      }
    if (!pairs.size) break;
    // Highest count; ties broken by the pair's text (deterministic).
    const [best] = [...pairs].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))[0];
    if (pairs.get(best) < 2) break;
    const [a, b] = best.split(' ');
    merges.push(best);
    vocabList.push(a + b);
    words = words.map(({ syms, c }) => {
      const out = [];
      for (let i = 0; i < syms.length; i++) {
        if (i + 1 < syms.length && syms[i] === a && syms[i + 1] === b) {
          out.push(a + b);
          i++;
        } else out.push(syms[i]);
      }
      return { syms: out, c };
    });
  }
  const specials = ['<|endoftext|>', '<|im_start|>', '<|im_end|>'];
  const vocab = Object.fromEntries(vocabList.map((t, i) => [t, i]));
  const ids = Object.fromEntries(specials.map((s, i) => [s, vocabList.length + i]));
  const bl = { add_prefix_space: false, trim_offsets: false, use_regex: true };
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.map((content) => ({
      id: ids[content],
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: 'NFC' },
    pre_tokenizer: { type: 'ByteLevel', ...bl },
    post_processor: { type: 'ByteLevel', ...bl },
    decoder: { type: 'ByteLevel', ...bl },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges,
    },
  };
  const config = {
    tokenizer_class: 'Qwen2Tokenizer',
    add_prefix_space: false,
    bos_token: null,
    eos_token: '<|im_end|>',
    pad_token: '<|endoftext|>',
    unk_token: null,
    model_max_length: 512,
    clean_up_tokenization_spaces: false,
    split_special_tokens: false,
    errors: 'replace',
    chat_template:
      "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}{% if " +
      "add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}",
  };
  return { tokenizer, config, vocabSize: vocabList.length + specials.length, ids };
}

// ---------------------------------------------------------------- graphs
/** BERT-style classifier: embeddings (word + position + type), a token-wise layer, masked mean pooling, a 2-layer head. */
function bertClassifierGraph({ vocabSize, numLabels, seed, D = 32, P = 512 }) {
  const r = rng(seed);
  const s = 1 / Math.sqrt(D);
  const init = [
    tensor('word_emb', DT.FLOAT, [vocabSize, D], r.weights(vocabSize * D, 1)),
    tensor('pos_emb', DT.FLOAT, [P, D], r.weights(P * D, 0.5)),
    tensor('type_emb', DT.FLOAT, [2, D], r.weights(2 * D, 0.5)),
    tensor('W1', DT.FLOAT, [D, D], r.weights(D * D, 2 * s)),
    tensor('b1', DT.FLOAT, [D], r.weights(D, 0.1)),
    tensor('W2', DT.FLOAT, [D, D], r.weights(D * D, 2 * s)),
    tensor('b2', DT.FLOAT, [D], r.weights(D, 0.1)),
    tensor('W3', DT.FLOAT, [D, numLabels], r.weights(D * numLabels, 3 * s)),
    tensor('b3', DT.FLOAT, [numLabels], r.weights(numLabels, 0.1)),
    constI64('one', [1], []),
    constI64('axis1', [1], []),
    constI64('axes1', [1]),
    constI64('axesLast', [-1]),
  ];
  const nodes = [
    node('Gather', ['word_emb', 'input_ids'], ['we']),
    node('Gather', ['type_emb', 'token_type_ids'], ['te']),
    node('CumSum', ['attention_mask', 'axis1'], ['pos_c']),
    node('Sub', ['pos_c', 'one'], ['pos']),
    node('Gather', ['pos_emb', 'pos'], ['pe']),
    node('Add', ['we', 'te'], ['x0']),
    node('Add', ['x0', 'pe'], ['x']),
    node('MatMul', ['x', 'W1'], ['h1m']),
    node('Add', ['h1m', 'b1'], ['h1a']),
    node('Tanh', ['h1a'], ['h1']),
    node('Cast', ['attention_mask'], ['maskf'], { to: DT.FLOAT }),
    node('Unsqueeze', ['maskf', 'axesLast'], ['mask3']),
    node('Mul', ['h1', 'mask3'], ['hm']),
    node('ReduceSum', ['hm', 'axes1'], ['sum'], { keepdims: 0 }),
    node('ReduceSum', ['mask3', 'axes1'], ['cnt'], { keepdims: 0 }),
    node('Div', ['sum', 'cnt'], ['pooled']),
    node('MatMul', ['pooled', 'W2'], ['h2m']),
    node('Add', ['h2m', 'b2'], ['h2a']),
    node('Tanh', ['h2a'], ['h2']),
    node('MatMul', ['h2', 'W3'], ['l0']),
    node('Add', ['l0', 'b3'], ['logits']),
  ];
  const ids = ['batch_size', 'sequence_length'];
  return model({
    name: 'bert_classifier',
    nodes,
    initializers: init,
    inputs: [valueInfo('input_ids', DT.INT64, ids), valueInfo('attention_mask', DT.INT64, ids), valueInfo('token_type_ids', DT.INT64, ids)],
    outputs: [valueInfo('logits', DT.FLOAT, ['batch_size', numLabels])],
  });
}

/**
 * Qwen2-style causal LM with a KV cache: per layer, multi-head self-attention over
 * concat(past, new) keys/values with a causal + padding mask, and a tanh MLP, both residual.
 * Inputs/outputs named as transformers.js expects: input_ids, attention_mask, position_ids,
 * past_key_values.N.{key,value} -> logits, present.N.{key,value}.
 */
function causalLmGraph({ vocabSize, seed, D = 32, H = 2, L = 2, P = 512, logitBias }) {
  const r = rng(seed);
  const dh = D / H;
  const s = 1 / Math.sqrt(D);
  const init = [
    tensor('emb', DT.FLOAT, [vocabSize, D], r.weights(vocabSize * D, 1)),
    tensor('pemb', DT.FLOAT, [P, D], r.weights(P * D, 0.5)),
    tensor('lm_head', DT.FLOAT, [D, vocabSize], r.weights(D * vocabSize, 3 * s)),
    tensor('lm_bias', DT.FLOAT, [vocabSize], logitBias),
    constI64('zero', [0], []),
    constI64('one', [1], []),
    constI64('axes0', [0]),
    constI64('axes1', [1]),
    constI64('axes12', [1, 2]),
    constI64('shape_heads', [0, 0, H, dh]),
    constI64('shape_merge', [0, 0, D]),
    constF('scale', [1 / Math.sqrt(dh)], []),
    constF('neg', [-1e9], []),
  ];
  const nodes = [
    node('Gather', ['emb', 'input_ids'], ['tok']),
    node('Gather', ['pemb', 'position_ids'], ['posv']),
    node('Add', ['tok', 'posv'], ['x_0']),
    // mask: allowed[b,1,i,j] = (j <= past + i) && attention_mask[b,j]
    node('Shape', ['input_ids'], ['s1'], { start: 1, end: 2 }),
    node('Shape', ['attention_mask'], ['t1'], { start: 1, end: 2 }),
    node('Squeeze', ['s1', 'axes0'], ['s']),
    node('Squeeze', ['t1', 'axes0'], ['t']),
    node('Sub', ['t', 's'], ['past']),
    ...causalMaskNodes(),
    node('Unsqueeze', ['attention_mask', 'axes12'], ['am4']),
    node('Cast', ['am4'], ['pad'], { to: DT.BOOL }),
    node('And', ['causal', 'pad'], ['allowed']),
  ];
  const inputs = [
    valueInfo('input_ids', DT.INT64, ['batch_size', 'sequence_length']),
    valueInfo('attention_mask', DT.INT64, ['batch_size', 'total_sequence_length']),
    valueInfo('position_ids', DT.INT64, ['batch_size', 'sequence_length']),
  ];
  const outputs = [valueInfo('logits', DT.FLOAT, ['batch_size', 'sequence_length', vocabSize])];
  for (let l = 0; l < L; l++) {
    const p = (n) => `l${l}_${n}`;
    for (const w of ['Wq', 'Wk', 'Wv', 'Wo', 'W1', 'W2']) init.push(tensor(p(w), DT.FLOAT, [D, D], r.weights(D * D, 1.5 * s)));
    const x = `x_${l}`;
    for (const [n, W] of [
      ['q', 'Wq'],
      ['k', 'Wk'],
      ['v', 'Wv'],
    ]) {
      nodes.push(node('MatMul', [x, p(W)], [p(`${n}m`)]));
      nodes.push(node('Reshape', [p(`${n}m`), 'shape_heads'], [p(`${n}r`)]));
      nodes.push(node('Transpose', [p(`${n}r`)], [p(n)], { perm: [0, 2, 1, 3] }));
    }
    nodes.push(node('Concat', [`past_key_values.${l}.key`, p('k')], [`present.${l}.key`], { axis: 2 }));
    nodes.push(node('Concat', [`past_key_values.${l}.value`, p('v')], [`present.${l}.value`], { axis: 2 }));
    nodes.push(node('Transpose', [`present.${l}.key`], [p('kt')], { perm: [0, 1, 3, 2] }));
    nodes.push(node('MatMul', [p('q'), p('kt')], [p('sc0')]));
    nodes.push(node('Mul', [p('sc0'), 'scale'], [p('sc1')]));
    nodes.push(node('Where', ['allowed', p('sc1'), 'neg'], [p('sc2')]));
    nodes.push(node('Softmax', [p('sc2')], [p('att')], { axis: -1 }));
    nodes.push(node('MatMul', [p('att'), `present.${l}.value`], [p('o0')]));
    nodes.push(node('Transpose', [p('o0')], [p('o1')], { perm: [0, 2, 1, 3] }));
    nodes.push(node('Reshape', [p('o1'), 'shape_merge'], [p('o2')]));
    nodes.push(node('MatMul', [p('o2'), p('Wo')], [p('o')]));
    nodes.push(node('Add', [x, p('o')], [p('h')]));
    nodes.push(node('MatMul', [p('h'), p('W1')], [p('f0')]));
    nodes.push(node('Tanh', [p('f0')], [p('f1')]));
    nodes.push(node('MatMul', [p('f1'), p('W2')], [p('f')]));
    nodes.push(node('Add', [p('h'), p('f')], [`x_${l + 1}`]));
    for (const kv of ['key', 'value']) {
      inputs.push(valueInfo(`past_key_values.${l}.${kv}`, DT.FLOAT, ['batch_size', H, 'past_sequence_length', dh]));
      outputs.push(valueInfo(`present.${l}.${kv}`, DT.FLOAT, ['batch_size', H, 'total_sequence_length', dh]));
    }
  }
  nodes.push(node('MatMul', [`x_${L}`, 'lm_head'], ['logits0']));
  nodes.push(node('Add', ['logits0', 'lm_bias'], ['logits']));
  return { bytes: model({ name: 'causal_lm', nodes, initializers: init, inputs, outputs }), D, H, L, P, dh };
}

/** BART-style tokenizer: byte-level BPE with <s>=0 <pad>=1 </s>=2 <unk>=3 first, RobertaProcessing. */
function bartTokenizer() {
  const specials = ['<s>', '<pad>', '</s>', '<unk>'];
  const base = bpeTokenizer(300, specials);
  const vocab = { ...base.tokenizer.model.vocab };
  delete vocab['<|endoftext|>'];
  delete vocab['<|im_start|>'];
  delete vocab['<|im_end|>'];
  const maskId = Object.keys(vocab).length;
  const bl = { add_prefix_space: false, trim_offsets: true, use_regex: true };
  const tokenizer = {
    ...base.tokenizer,
    added_tokens: [...specials, '<mask>'].map((content, i) => ({
      id: i < 4 ? i : maskId,
      content,
      single_word: false,
      lstrip: content === '<mask>',
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', ...bl },
    post_processor: { type: 'RobertaProcessing', sep: ['</s>', 2], cls: ['<s>', 0], trim_offsets: true, add_prefix_space: false },
    decoder: { type: 'ByteLevel', ...bl },
    model: { ...base.tokenizer.model, vocab: { ...vocab, '<mask>': maskId } },
  };
  const config = {
    tokenizer_class: 'BartTokenizer',
    add_prefix_space: false,
    bos_token: '<s>',
    eos_token: '</s>',
    sep_token: '</s>',
    cls_token: '<s>',
    unk_token: '<unk>',
    pad_token: '<pad>',
    mask_token: '<mask>',
    model_max_length: 512,
    errors: 'replace',
    clean_up_tokenization_spaces: true,
  };
  return { tokenizer, config, vocabSize: maskId + 1 };
}

/** Multi-head attention nodes: q from `x`, keys/values given as [B,H,T,dh] tensors, boolean `allowed` mask. */
function attention(nodes, p, x, K, V, allowed) {
  nodes.push(node('MatMul', [x, p('Wq')], [p('qm')]));
  nodes.push(node('Reshape', [p('qm'), 'shape_heads'], [p('qr')]));
  nodes.push(node('Transpose', [p('qr')], [p('q')], { perm: [0, 2, 1, 3] }));
  nodes.push(node('Transpose', [K], [p('kt')], { perm: [0, 1, 3, 2] }));
  nodes.push(node('MatMul', [p('q'), p('kt')], [p('sc0')]));
  nodes.push(node('Mul', [p('sc0'), 'scale'], [p('sc1')]));
  nodes.push(node('Where', [allowed, p('sc1'), 'neg'], [p('sc2')]));
  nodes.push(node('Softmax', [p('sc2')], [p('att')], { axis: -1 }));
  nodes.push(node('MatMul', [p('att'), V], [p('o0')]));
  nodes.push(node('Transpose', [p('o0')], [p('o1')], { perm: [0, 2, 1, 3] }));
  nodes.push(node('Reshape', [p('o1'), 'shape_merge'], [p('o2')]));
  nodes.push(node('MatMul', [p('o2'), p('Wo')], [p('o')]));
  return p('o');
}
/** Keys or values of `x` as [B,H,T,dh]. */
function heads(nodes, p, x, W, out) {
  nodes.push(node('MatMul', [x, p(W)], [p(`${W}m`)]));
  nodes.push(node('Reshape', [p(`${W}m`), 'shape_heads'], [p(`${W}r`)]));
  nodes.push(node('Transpose', [p(`${W}r`)], [out], { perm: [0, 2, 1, 3] }));
  return out;
}

function commonConsts(H, dh, D) {
  return [
    constI64('zero', [0], []),
    constI64('one', [1], []),
    constI64('axes0', [0]),
    constI64('axes1', [1]),
    constI64('axes12', [1, 2]),
    constI64('shape_heads', [0, 0, H, dh]),
    constI64('shape_merge', [0, 0, D]),
    constF('scale', [1 / Math.sqrt(dh)], []),
    constF('neg', [-1e9], []),
  ];
}

/**
 * `encoder_model` of a BART-style text encoder: token ids through the `shared` embeddings (or, without
 * them, `inputs_embeds` as given), learned positions from the attention mask, one encoder layer ->
 * last_hidden_state.
 */
function textEncoder({ r, D, H, P, name, shared = null }) {
  const dh = D / H;
  const s = 1 / Math.sqrt(D);
  const encInit = [...(shared ? [shared] : []), tensor('pemb', DT.FLOAT, [P, D], r.weights(P * D, 0.5)), ...commonConsts(H, dh, D)];
  for (const w of ['Wq', 'Wk', 'Wv', 'Wo', 'W1', 'W2']) encInit.push(tensor(`e_${w}`, DT.FLOAT, [D, D], r.weights(D * D, 1.5 * s)));
  const tok = shared ? 'tok' : 'inputs_embeds';
  const enc = [
    ...(shared ? [node('Gather', ['emb', 'input_ids'], ['tok'])] : []),
    node('CumSum', ['attention_mask', 'one'], ['pos_c']),
    node('Sub', ['pos_c', 'one'], ['pos']),
    node('Gather', ['pemb', 'pos'], ['posv']),
    node('Add', [tok, 'posv'], ['x0']),
    node('Unsqueeze', ['attention_mask', 'axes12'], ['am4']),
    node('Cast', ['am4'], ['allowed'], { to: DT.BOOL }),
  ];
  encoderLayer(enc, 'x0', 'allowed', { H, dh, D });
  const first = shared
    ? valueInfo('input_ids', DT.INT64, ['batch_size', 'encoder_sequence_length'])
    : valueInfo('inputs_embeds', DT.FLOAT, ['batch_size', 'encoder_sequence_length', D]);
  return model({
    name,
    nodes: enc,
    initializers: encInit,
    inputs: [first, valueInfo('attention_mask', DT.INT64, ['batch_size', 'encoder_sequence_length'])],
    outputs: [valueInfo('last_hidden_state', DT.FLOAT, ['batch_size', 'encoder_sequence_length', D])],
  });
}

/** ViT-style patch embedding of pixel_values [B,3,S,S] into `out` [B,(S/patch)²,D]: a strided convolution, then position embeddings. */
function patchEmbedding(r, { D, S, patch }, out) {
  const N = (S / patch) ** 2;
  return {
    init: [
      tensor('patch_w', DT.FLOAT, [D, 3, patch, patch], r.weights(D * 3 * patch * patch, 1 / patch)),
      tensor('patch_b', DT.FLOAT, [D], r.weights(D, 0.1)),
      tensor('vpemb', DT.FLOAT, [N, D], r.weights(N * D, 0.5)),
      constI64('shape_patches', [0, D, -1]),
    ],
    nodes: [
      node('Conv', ['pixel_values', 'patch_w', 'patch_b'], ['pe0'], { kernel_shape: [patch, patch], strides: [patch, patch] }),
      node('Reshape', ['pe0', 'shape_patches'], ['pe1']),
      node('Transpose', ['pe1'], ['pe2'], { perm: [0, 2, 1] }),
      node('Add', ['pe2', 'vpemb'], [out]),
    ],
  };
}

/**
 * BART-style encoder-decoder, split the way transformers.js loads it: `encoder_model` (input_ids,
 * attention_mask -> last_hidden_state: one self-attention layer with a padding mask and a tanh MLP)
 * and `decoder_model_merged` (see seq2seqDecoder).
 */
function bartGraphs({ vocabSize, seed, logitBias, D = 32, H = 2, L = 2, P = 512 }) {
  const r = rng(seed);
  const shared = tensor('emb', DT.FLOAT, [vocabSize, D], r.weights(vocabSize * D, 1));
  const encoder = textEncoder({ r, D, H, P, name: 'bart_encoder', shared });
  const decoder = seq2seqDecoder({ r, shared, vocabSize, logitBias, D, H, L, P, encoderMask: true, name: 'bart_decoder_merged' });
  return { encoder, decoder, D, H, L, P };
}

/** One encoder layer on `x` (self-attention with the boolean mask `allowed`, then a tanh MLP) -> `last_hidden_state`. */
function encoderLayer(enc, x, allowed, dims) {
  const ep = (n) => `e_${n}`;
  const ek = heads(enc, ep, x, 'Wk', ep('k'));
  const ev = heads(enc, ep, x, 'Wv', ep('v'));
  const eo = attention(enc, ep, x, ek, ev, allowed, dims);
  enc.push(node('Add', [x, eo], ['h']));
  enc.push(node('MatMul', ['h', ep('W1')], ['f0']));
  enc.push(node('Tanh', ['f0'], ['f1']));
  enc.push(node('MatMul', ['f1', ep('W2')], ['f']));
  enc.push(node('Add', ['h', 'f'], ['last_hidden_state']));
}

/**
 * `decoder_model_merged` of an encoder-decoder model (input_ids, [encoder_attention_mask,]
 * encoder_hidden_states, use_cache_branch, past_key_values.N.{decoder,encoder}.{key,value} -> logits,
 * present.N.{decoder,encoder}.{key,value}): causal self-attention over the decoder cache and
 * cross-attention over the encoder output. The cross-attention keys/values are recomputed from
 * encoder_hidden_states at every step (transformers.js keeps the first step's `present.N.encoder.*`,
 * which are the same values), so use_cache_branch and the encoder cache inputs are accepted and not
 * needed. BART's takes an encoder padding mask; TrOCR's (`encoderMask: false`) attends to every patch.
 */
function seq2seqDecoder({ r, shared, vocabSize, logitBias, D, H, L, P, encoderMask, name, embedsInput = false, phase = null }) {
  const dh = D / H;
  const s = 1 / Math.sqrt(D);
  const decInit = [
    shared,
    tensor('dpemb', DT.FLOAT, [P, D], r.weights(P * D, 0.5)),
    tensor('lm_head', DT.FLOAT, [D, vocabSize], r.weights(D * vocabSize, 3 * s)),
    tensor('lm_bias', DT.FLOAT, [vocabSize], logitBias),
    ...commonConsts(H, dh, D),
    constI64('two', [2], []),
  ];
  if (!encoderMask) decInit.push(tensor('enc_allowed', DT.BOOL, [1], new Uint8Array([1])));
  if (embedsInput) decInit.splice(0, 1); // the embeddings come in as inputs_embeds (embed_tokens made them)
  const first = embedsInput ? 'inputs_embeds' : 'input_ids';
  const dec = [
    ...(embedsInput ? [node('Identity', ['inputs_embeds'], ['tok'])] : [node('Gather', ['emb', 'input_ids'], ['tok'])]),
    // positions past..past+S-1, past = length of the decoder cache
    node('Shape', [first], ['s1'], { start: 1, end: 2 }),
    node('Squeeze', ['s1', 'axes0'], ['s']),
    node('Shape', ['past_key_values.0.decoder.key'], ['p1'], { start: 2, end: 3 }),
    node('Squeeze', ['p1', 'axes0'], ['past']),
    node('Add', ['past', 's'], ['t']),
    node('Range', ['past', 't', 'one'], ['pos1']),
    node('Unsqueeze', ['pos1', 'axes0'], ['pos']),
    node('Gather', ['dpemb', 'pos'], ['posv']),
    node('Add', ['tok', 'posv'], ['x_0']),
    // causal mask [S,T]
    ...causalMaskNodes(),
  ];
  const inputs = [];
  if (encoderMask) {
    // encoder padding mask [B,1,1,Senc]
    dec.push(node('Unsqueeze', ['encoder_attention_mask', 'axes12'], ['eam4']));
    dec.push(node('Cast', ['eam4'], ['enc_allowed'], { to: DT.BOOL }));
    inputs.push(valueInfo('encoder_attention_mask', DT.INT64, ['batch_size', 'encoder_sequence_length']));
  }
  inputs.push(
    embedsInput
      ? valueInfo('inputs_embeds', DT.FLOAT, ['batch_size', 'decoder_sequence_length', D])
      : valueInfo('input_ids', DT.INT64, ['batch_size', 'decoder_sequence_length']),
    valueInfo('encoder_hidden_states', DT.FLOAT, ['batch_size', 'encoder_sequence_length', D]),
  );
  const outputs = [valueInfo('logits', DT.FLOAT, ['batch_size', 'decoder_sequence_length', vocabSize])];
  for (let l = 0; l < L; l++) {
    const p = (n) => `d${l}_${n}`;
    const c = (n) => `c${l}_${n}`;
    for (const w of ['Wq', 'Wk', 'Wv', 'Wo', 'W1', 'W2']) decInit.push(tensor(p(w), DT.FLOAT, [D, D], r.weights(D * D, 1.5 * s)));
    for (const w of ['Wq', 'Wk', 'Wv', 'Wo']) decInit.push(tensor(c(w), DT.FLOAT, [D, D], r.weights(D * D, 1.5 * s)));
    const x = `x_${l}`;
    const k = heads(dec, p, x, 'Wk', p('k'));
    const v = heads(dec, p, x, 'Wv', p('v'));
    dec.push(node('Concat', [`past_key_values.${l}.decoder.key`, k], [`present.${l}.decoder.key`], { axis: 2 }));
    dec.push(node('Concat', [`past_key_values.${l}.decoder.value`, v], [`present.${l}.decoder.value`], { axis: 2 }));
    const so = attention(dec, p, x, `present.${l}.decoder.key`, `present.${l}.decoder.value`, 'causal', { H, dh, D });
    dec.push(node('Add', [x, so], [p('h')]));
    heads(dec, c, 'encoder_hidden_states', 'Wk', `present.${l}.encoder.key`);
    heads(dec, c, 'encoder_hidden_states', 'Wv', `present.${l}.encoder.value`);
    const co = attention(dec, c, p('h'), `present.${l}.encoder.key`, `present.${l}.encoder.value`, 'enc_allowed', { H, dh, D });
    dec.push(node('Add', [p('h'), co], [p('h2')]));
    dec.push(node('MatMul', [p('h2'), p('W1')], [p('f0')]));
    dec.push(node('Tanh', [p('f0')], [p('f1')]));
    dec.push(node('MatMul', [p('f1'), p('W2')], [p('f')]));
    dec.push(node('Add', [p('h2'), p('f')], [`x_${l + 1}`]));
    for (const kind of ['decoder', 'encoder']) {
      for (const kv of ['key', 'value']) {
        const len = kind === 'decoder' ? 'past_decoder_sequence_length' : 'encoder_sequence_length_out';
        inputs.push(valueInfo(`past_key_values.${l}.${kind}.${kv}`, DT.FLOAT, ['batch_size', H, len, dh]));
        outputs.push(
          valueInfo(`present.${l}.${kind}.${kv}`, DT.FLOAT, [
            'batch_size',
            H,
            kind === 'decoder' ? 'past_decoder_sequence_length + 1' : 'encoder_sequence_length',
            dh,
          ]),
        );
      }
    }
  }
  inputs.push(valueInfo('use_cache_branch', DT.BOOL, [1]));
  dec.push(node('MatMul', [`x_${L}`, 'lm_head'], ['logits0']));
  if (phase) {
    // A bias by decoder position: phase[pos] (one-hot over K phases) @ classes[K, vocab].
    decInit.push(tensor('phase', DT.FLOAT, [P, phase.K], phase.table), tensor('phase_bias', DT.FLOAT, [phase.K, vocabSize], phase.bias));
    dec.push(node('Gather', ['phase', 'pos'], ['ph']));
    dec.push(node('MatMul', ['ph', 'phase_bias'], ['phb']));
    dec.push(node('Add', ['logits0', 'phb'], ['logits1']));
    dec.push(node('Add', ['logits1', 'lm_bias'], ['logits']));
  } else dec.push(node('Add', ['logits0', 'lm_bias'], ['logits']));
  return model({ name, nodes: dec, initializers: decInit, inputs, outputs });
}

/**
 * TrOCR-style vision encoder-decoder (transformers.js `VisionEncoderDecoderModel`): `encoder_model`
 * (pixel_values [B,3,S,S] -> last_hidden_state [B,(S/patch)²,D]: ViT-style patch embedding by a
 * strided convolution, position embeddings, one encoder layer) and a `decoder_model_merged` without
 * an encoder mask, as TrOCR's.
 */
function trocrGraphs({ vocabSize, seed, logitBias, D = 32, H = 2, L = 2, P = 512, S = 64, patch = 8 }) {
  const r = rng(seed);
  const dh = D / H;
  const s = 1 / Math.sqrt(D);
  const N = (S / patch) ** 2;
  const pe = patchEmbedding(r, { D, S, patch }, 'x0');
  const encInit = [...pe.init, tensor('all_allowed', DT.BOOL, [1], new Uint8Array([1])), ...commonConsts(H, dh, D)];
  for (const w of ['Wq', 'Wk', 'Wv', 'Wo', 'W1', 'W2']) encInit.push(tensor(`e_${w}`, DT.FLOAT, [D, D], r.weights(D * D, 1.5 * s)));
  const enc = [...pe.nodes];
  encoderLayer(enc, 'x0', 'all_allowed', { H, dh, D });
  const encoder = model({
    name: 'trocr_encoder',
    nodes: enc,
    initializers: encInit,
    inputs: [valueInfo('pixel_values', DT.FLOAT, ['batch_size', 3, S, S])],
    outputs: [valueInfo('last_hidden_state', DT.FLOAT, ['batch_size', N, D])],
  });
  const shared = tensor('emb', DT.FLOAT, [vocabSize, D], r.weights(vocabSize * D, 1));
  const decoder = seq2seqDecoder({ r, shared, vocabSize, logitBias, D, H, L, P, encoderMask: false, name: 'trocr_decoder_merged' });
  return { encoder, decoder, D, H, L, P, S, patch };
}

/**
 * Florence-2-style image-text-to-text model, split the way transformers.js loads
 * `Florence2ForConditionalGeneration`: `vision_encoder` (pixel_values [B,3,S,S] -> image_features
 * [B,(S/patch)²,D]), `embed_tokens` (input_ids -> inputs_embeds), `encoder_model` (inputs_embeds and
 * attention_mask of image features followed by the prompt -> last_hidden_state) and a
 * `decoder_model_merged` that takes inputs_embeds. `phase` biases the decoder's logits by position so that
 * a random model still writes in the `<OCR_WITH_REGION>` answer's shape (see genFlorence2).
 */
function florence2Graphs({ vocabSize, seed, logitBias, phase, D = 32, H = 2, L = 2, P = 512, S = 64, patch = 8 }) {
  const r = rng(seed);
  const N = (S / patch) ** 2;
  const pe = patchEmbedding(r, { D, S, patch }, 'pe3');
  const vision = model({
    name: 'florence2_vision_encoder',
    nodes: [...pe.nodes, node('Tanh', ['pe3'], ['image_features'])],
    initializers: pe.init,
    inputs: [valueInfo('pixel_values', DT.FLOAT, ['batch_size', 3, S, S])],
    outputs: [valueInfo('image_features', DT.FLOAT, ['batch_size', N, D])],
  });
  const shared = tensor('emb', DT.FLOAT, [vocabSize, D], r.weights(vocabSize * D, 1));
  const embed = model({
    name: 'florence2_embed_tokens',
    nodes: [node('Gather', ['emb', 'input_ids'], ['inputs_embeds'])],
    initializers: [shared],
    inputs: [valueInfo('input_ids', DT.INT64, ['batch_size', 'sequence_length'])],
    outputs: [valueInfo('inputs_embeds', DT.FLOAT, ['batch_size', 'sequence_length', D])],
  });
  const encoder = textEncoder({ r, D, H, P, name: 'florence2_encoder' });
  const decoder = seq2seqDecoder({
    r,
    shared,
    vocabSize,
    logitBias,
    D,
    H,
    L,
    P,
    encoderMask: true,
    name: 'florence2_decoder_merged',
    embedsInput: true,
    phase,
  });
  return { vision, embed, encoder, decoder, D, H, L, P, S, patch };
}

// ---------------------------------------------------------------- models
function genBert(dir, labels, seed, extra = {}) {
  const tok = bertTokenizer();
  write(dir, 'tokenizer.json', json(tok.tokenizer));
  write(dir, 'tokenizer_config.json', json(tok.config));
  write(
    dir,
    'config.json',
    json({
      _comment: 'Tiny random-weight test model generated by tooling/gen-text-models (not a real model).',
      model_type: 'bert',
      architectures: ['BertForSequenceClassification'],
      vocab_size: tok.vocabSize,
      hidden_size: 32,
      num_hidden_layers: 1,
      num_attention_heads: 2,
      intermediate_size: 32,
      max_position_embeddings: 512,
      type_vocab_size: 2,
      pad_token_id: tok.padId,
      id2label: Object.fromEntries(labels.map((l, i) => [String(i), l])),
      label2id: Object.fromEntries(labels.map((l, i) => [l, i])),
      ...extra,
    }),
  );
  write(dir, 'onnx/model.onnx', bertClassifierGraph({ vocabSize: tok.vocabSize, numLabels: labels.length, seed }));
}

/**
 * A fixed logit bias that keeps a random model's output readable: single bytes other than ASCII
 * letters, digits, space and basic punctuation are pushed down (multi-byte UTF-8 stays valid), and so
 * are the ids in `alsoDown` (e.g. <unk>).
 */
function readableLogitBias(tok, alsoDown = []) {
  const logitBias = new Float32Array(tok.vocabSize);
  for (const [t, id] of Object.entries(tok.tokenizer.model.vocab)) {
    if ([...t].length === 1 && !/^[A-Za-z0-9.,!?'Ġ]$/.test(t)) logitBias[id] = -20;
  }
  for (const id of alsoDown) logitBias[id] = -20;
  return logitBias;
}

function genQwen(dir, seed, size = {}) {
  const tok = bpeTokenizer();
  const logitBias = readableLogitBias(tok);
  const g = causalLmGraph({ vocabSize: tok.vocabSize, seed, logitBias, ...size });
  write(dir, 'tokenizer.json', json(tok.tokenizer));
  write(dir, 'tokenizer_config.json', json(tok.config));
  const eos = [tok.ids['<|im_end|>'], tok.ids['<|endoftext|>']];
  write(
    dir,
    'config.json',
    json({
      _comment: 'Tiny random-weight test model generated by tooling/gen-text-models (not a real model).',
      model_type: 'qwen2',
      architectures: ['Qwen2ForCausalLM'],
      vocab_size: tok.vocabSize,
      hidden_size: g.D,
      intermediate_size: g.D,
      num_hidden_layers: g.L,
      num_attention_heads: g.H,
      num_key_value_heads: g.H,
      head_dim: g.dh,
      max_position_embeddings: g.P,
      bos_token_id: tok.ids['<|endoftext|>'],
      eos_token_id: eos[0],
      tie_word_embeddings: false,
      use_cache: true,
      torch_dtype: 'float32',
    }),
  );
  write(
    dir,
    'generation_config.json',
    json({ bos_token_id: tok.ids['<|endoftext|>'], eos_token_id: eos, pad_token_id: tok.ids['<|endoftext|>'], do_sample: false }),
  );
  write(dir, 'onnx/model.onnx', g.bytes);
}

function genBart(dir, seed) {
  const tok = bartTokenizer();
  const logitBias = readableLogitBias(tok, [3]); // 3: <unk>
  const g = bartGraphs({ vocabSize: tok.vocabSize, seed, logitBias });
  write(dir, 'tokenizer.json', json(tok.tokenizer));
  write(dir, 'tokenizer_config.json', json(tok.config));
  // The generation settings of DistilBART-CNN (minus beam search, which the app turns off for streaming).
  const gen = {
    bos_token_id: 0,
    decoder_start_token_id: 2,
    eos_token_id: 2,
    forced_bos_token_id: 0,
    forced_eos_token_id: 2,
    pad_token_id: 1,
    length_penalty: 2.0,
    max_length: 142,
    min_length: 20,
    no_repeat_ngram_size: 3,
    num_beams: 4,
    early_stopping: true,
  };
  write(
    dir,
    'config.json',
    json({
      _comment: 'Tiny random-weight test model generated by tooling/gen-text-models (not a real model).',
      model_type: 'bart',
      architectures: ['BartForConditionalGeneration'],
      is_encoder_decoder: true,
      vocab_size: tok.vocabSize,
      d_model: g.D,
      encoder_layers: 1,
      decoder_layers: g.L,
      encoder_attention_heads: g.H,
      decoder_attention_heads: g.H,
      encoder_ffn_dim: g.D,
      decoder_ffn_dim: g.D,
      max_position_embeddings: g.P,
      ...gen,
      use_cache: true,
      torch_dtype: 'float32',
    }),
  );
  write(dir, 'generation_config.json', json(gen));
  write(dir, 'onnx/encoder_model.onnx', g.encoder);
  write(dir, 'onnx/decoder_model_merged.onnx', g.decoder);
}

function genTrocr(dir, seed) {
  const tok = bartTokenizer();
  const logitBias = readableLogitBias(tok, [3]); // 3: <unk>
  const g = trocrGraphs({ vocabSize: tok.vocabSize, seed, logitBias });
  write(dir, 'tokenizer.json', json(tok.tokenizer));
  write(dir, 'tokenizer_config.json', json({ ...tok.config, tokenizer_class: 'RobertaTokenizer' }));
  // TrOCR's generation settings (no length limit of its own: the app sets one).
  const gen = { bos_token_id: 0, decoder_start_token_id: 2, eos_token_id: 2, pad_token_id: 1, use_cache: true };
  write(
    dir,
    'config.json',
    json({
      _comment: 'Tiny random-weight test model generated by tooling/gen-text-models (not a real model).',
      model_type: 'vision-encoder-decoder',
      architectures: ['VisionEncoderDecoderModel'],
      is_encoder_decoder: true,
      decoder_start_token_id: 2,
      pad_token_id: 1,
      eos_token_id: 2,
      encoder: {
        model_type: 'vit',
        hidden_size: g.D,
        num_hidden_layers: 1,
        num_attention_heads: g.H,
        intermediate_size: g.D,
        image_size: g.S,
        patch_size: g.patch,
        num_channels: 3,
      },
      decoder: {
        model_type: 'trocr',
        vocab_size: tok.vocabSize,
        d_model: g.D,
        decoder_layers: g.L,
        decoder_attention_heads: g.H,
        decoder_ffn_dim: g.D,
        max_position_embeddings: g.P,
        cross_attention_hidden_size: g.D,
        is_decoder: true,
        add_cross_attention: true,
        ...gen,
      },
      torch_dtype: 'float32',
    }),
  );
  write(dir, 'generation_config.json', json(gen));
  // TrOCR's preprocessing (ViT: resize, rescale 1/255, normalise with mean = std = 0.5), at this model's input size.
  write(
    dir,
    'preprocessor_config.json',
    json({
      feature_extractor_type: 'ViTFeatureExtractor',
      image_processor_type: 'ViTImageProcessor',
      do_resize: true,
      size: { height: g.S, width: g.S },
      resample: 2,
      do_rescale: true,
      rescale_factor: 1 / 255,
      do_normalize: true,
      image_mean: [0.5, 0.5, 0.5],
      image_std: [0.5, 0.5, 0.5],
    }),
  );
  write(dir, 'onnx/encoder_model.onnx', g.encoder);
  write(dir, 'onnx/decoder_model_merged.onnx', g.decoder);
}

/**
 * Florence-2's OCR answer is text followed by eight `<loc_N>` tokens (the corners of its box, in
 * thousandths of the image), line after line. The random decoder is steered into that shape by a bias
 * on its logits by position (two text tokens, eight loc tokens, three lines, then </s>); WHICH text and
 * which locations come out is left to the random weights.
 */
const FLORENCE_LINES = 3;
const FLORENCE_TEXT = 2;
function genFlorence2(dir, seed) {
  const bart = bartTokenizer();
  const locBase = bart.vocabSize;
  const locs = Array.from({ length: 1000 }, (_, i) => `<loc_${i}>`);
  const vocabSize = locBase + locs.length;
  const tokenizer = {
    ...bart.tokenizer,
    added_tokens: [
      ...bart.tokenizer.added_tokens,
      ...locs.map((content, i) => ({ id: locBase + i, content, single_word: false, lstrip: false, rstrip: false, normalized: true, special: false })),
    ],
    model: { ...bart.tokenizer.model, vocab: { ...bart.tokenizer.model.vocab, ...Object.fromEntries(locs.map((t, i) => [t, locBase + i])) } },
  };
  const tok = { tokenizer, vocabSize };
  const logitBias = readableLogitBias(tok, [1, 3, bart.vocabSize - 1]); // <pad>, <unk>, <mask>
  // Phases by decoder position p (p = 0 holds the start token; its logits give the forced <s>):
  // 0 text, 1 location, 2 end.
  const P = 512;
  const K = 3;
  const table = new Float32Array(P * K);
  for (let p = 0; p < P; p++) {
    const j = p - 1;
    const k = j >= FLORENCE_LINES * (FLORENCE_TEXT + 8) ? 2 : j >= 0 && j % (FLORENCE_TEXT + 8) >= FLORENCE_TEXT ? 1 : 0;
    table[p * K + k] = 1;
  }
  const bias = new Float32Array(K * vocabSize);
  for (let v = 0; v < vocabSize; v++) {
    const isLoc = v >= locBase;
    const isEos = v === 2;
    bias[0 * vocabSize + v] = isLoc || isEos ? -30 : 0;
    bias[1 * vocabSize + v] = isLoc ? 0 : -30;
    bias[2 * vocabSize + v] = isEos ? 0 : -30;
  }
  const g = florence2Graphs({ vocabSize, seed, logitBias, phase: { K, table, bias }, P });
  write(dir, 'tokenizer.json', json(tokenizer));
  write(dir, 'tokenizer_config.json', json({ ...bart.config, tokenizer_class: 'BartTokenizer', model_max_length: 1024 }));
  // Florence-2's generation settings (its text config): the app overrides beams (greedy) and the length.
  const gen = {
    bos_token_id: 0,
    decoder_start_token_id: 2,
    eos_token_id: 2,
    pad_token_id: 1,
    forced_bos_token_id: 0,
    forced_eos_token_id: 2,
    no_repeat_ngram_size: 3,
    num_beams: 3,
    early_stopping: true,
  };
  const textConfig = {
    model_type: 'florence2_language',
    vocab_size: vocabSize,
    d_model: g.D,
    encoder_layers: 1,
    decoder_layers: g.L,
    encoder_attention_heads: g.H,
    decoder_attention_heads: g.H,
    encoder_ffn_dim: g.D,
    decoder_ffn_dim: g.D,
    max_position_embeddings: g.P,
    is_encoder_decoder: true,
    ...gen,
  };
  write(
    dir,
    'config.json',
    json({
      _comment: 'Tiny random-weight test model generated by tooling/gen-text-models (not a real model).',
      model_type: 'florence2',
      architectures: ['Florence2ForConditionalGeneration'],
      is_encoder_decoder: true,
      vocab_size: vocabSize,
      projection_dim: g.D,
      text_config: textConfig,
      vision_config: { model_type: 'davit', projection_dim: g.D, image_size: g.S, patch_size: g.patch },
      ...gen,
      torch_dtype: 'float32',
    }),
  );
  write(dir, 'generation_config.json', json(gen));
  // Florence-2's processor settings (CLIP-style preprocessing, the OCR task prompts), at this model's input size.
  write(
    dir,
    'preprocessor_config.json',
    json({
      processor_class: 'Florence2Processor',
      image_processor_type: 'CLIPImageProcessor',
      do_resize: true,
      size: { height: g.S, width: g.S },
      resample: 3,
      do_center_crop: false,
      do_rescale: true,
      rescale_factor: 1 / 255,
      do_normalize: true,
      image_mean: [0.485, 0.456, 0.406],
      image_std: [0.229, 0.224, 0.225],
      do_convert_rgb: true,
      tasks_answer_post_processing_type: { '<OCR>': 'pure_text', '<OCR_WITH_REGION>': 'ocr' },
      task_prompts_without_inputs: { '<OCR>': 'What is the text in the image?', '<OCR_WITH_REGION>': 'What is the text in the image, with regions?' },
      task_prompts_with_input: {},
    }),
  );
  write(dir, 'onnx/vision_encoder.onnx', g.vision);
  write(dir, 'onnx/embed_tokens.onnx', g.embed);
  write(dir, 'onnx/encoder_model.onnx', g.encoder);
  write(dir, 'onnx/decoder_model_merged.onnx', g.decoder);
}

export function generate(out = OUT) {
  genBert(path.join(out, 'test-tiny/bert-sst2'), ['NEGATIVE', 'POSITIVE'], 1001);
  genBert(path.join(out, 'test-tiny/bert-nli'), ['contradiction', 'neutral', 'entailment'], 2002);
  genQwen(path.join(out, 'test-tiny/qwen2-instruct'), 3003);
  genBart(path.join(out, 'test-tiny/bart-cnn'), 4004);
  genTrocr(path.join(out, 'test-tiny/trocr'), 6006);
  genFlorence2(path.join(out, 'test-tiny/florence2'), 7007);
  // A larger variant for the benchmark (about 25 MB): enough arithmetic per token to compare runtimes, not just call overhead.
  genQwen(path.join(out, 'test-tiny/qwen2-bench'), 5005, { D: 512, H: 8, L: 4 });
  // A manifest of sizes and SHA-256 (the catalog's test entries carry the same values).
  const manifest = {};
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (e.name !== 'manifest.json') {
        const buf = fs.readFileSync(f);
        manifest[path.relative(out, f)] = { size: buf.length, sha256: crypto.createHash('sha256').update(buf).digest('hex') };
      }
    }
  };
  walk(path.join(out, 'test-tiny'));
  write(out, 'test-tiny/manifest.json', json(manifest));
  return manifest;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const m = generate();
  console.log(`Generated ${Object.keys(m).length} files under ${OUT}`);
  if (process.argv.includes('--print')) console.log(JSON.stringify(m, null, 2));
}
