/**
 * An fp32 copy of a QLinear* (QOperator-format, onnxruntime-quantized) model, derived at build time, for
 * backends where int8 is slow: onnxruntime-web's WASM int8 kernels have no dot-product instructions (the
 * int8 MobileNetV2 ran 26× slower than native), and WebGPU has no int8 kernels at all (it falls back to the CPU).
 *
 * Every quantized operator becomes its float counterpart with the dequantized weights, followed by a Clip to the
 * range its quantized output could hold (the saturation the int8 model applies, which is where MobileNetV2's
 * ReLU6 went): QuantizeLinear → Clip; QLinearConv → Conv (+ bias) → Clip; QLinearAdd → Add → Clip;
 * QLinearMatMul → MatMul → Clip; QLinearGlobalAveragePool → GlobalAveragePool → Clip; DequantizeLinear → the
 * float tensor itself. Shape-only operators (Reshape, Flatten, …) pass through. Rounding to the int8 grid is not
 * reproduced: the fp32 model is the int8 model without its rounding, so scores differ in the second digit and
 * near-ties can swap (the unit test: the same labels above 1% in both top-5s on every test image). Emulating the
 * rounding too (Mul 1/s → Round → Mul s after each operator) was tried and came no closer to onnxruntime's int8
 * results on x86, whose u8s8 kernels are not exact either.
 *
 * Deterministic: the same input bytes always give the same output bytes (the catalog pins the SHA-256).
 *
 *   node tooling/classifier-fp32/dequantize.mjs <in.onnx> <out.onnx>
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { onnx } = require('onnx-proto');

const T = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6 };
const RANGE = { [T.UINT8]: [0, 255], [T.INT8]: [-128, 127] };

/** Numbers of an integer or float TensorProto (raw_data or the typed field). */
function values(t) {
  const raw = t.rawData && t.rawData.length ? Uint8Array.prototype.slice.call(t.rawData) : null;
  switch (t.dataType) {
    case T.FLOAT:
      return raw ? new Float32Array(raw.buffer) : Float32Array.from(t.floatData || []);
    case T.UINT8:
      return raw ? raw : Uint8Array.from(t.int32Data || []);
    case T.INT8:
      return raw ? new Int8Array(raw.buffer) : Int8Array.from(t.int32Data || []);
    case T.INT32:
      return raw ? new Int32Array(raw.buffer) : Int32Array.from(t.int32Data || []);
    default:
      throw new Error(`dequantize: tensor ${t.name} has data type ${t.dataType}, not supported`);
  }
}

const floatTensor = (name, dims, data) =>
  onnx.TensorProto.create({ name, dims, dataType: T.FLOAT, rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice() });

const scalarTensor = (name, x) => floatTensor(name, [], Float32Array.of(x));

export function dequantizeModel(bytes) {
  const model = onnx.ModelProto.decode(bytes);
  const g = model.graph;
  const init = new Map(g.initializer.map((t) => [t.name, t]));
  const produced = new Set([...g.node.flatMap((n) => n.output), ...g.input.map((i) => i.name), ...init.keys()]);
  const newInit = [];
  const nodes = [];
  let uid = 0;
  const fresh = (base) => {
    let name;
    do name = `${base}_fp32${uid++ ? `_${uid}` : ''}`;
    while (produced.has(name));
    produced.add(name);
    return name;
  };

  // The float name of each quantized tensor. A DequantizeLinear's output IS the float tensor (keeps graph outputs' names).
  const floatName = new Map();
  for (const n of g.node) if (n.opType === 'DequantizeLinear') floatName.set(n.input[0], n.output[0]);
  const fl = (q) => {
    if (!floatName.has(q)) {
      const base = q.replace(/_quantized$/, '');
      floatName.set(q, base !== q && !produced.has(base) ? (produced.add(base), base) : fresh(q));
    }
    return floatName.get(q);
  };

  const scaleOf = (name) => values(init.get(name));
  const zpOf = (name) => {
    const t = init.get(name);
    return { data: values(t), type: t.dataType };
  };
  /** A quantized initializer as float: (q - zp) * scale, per tensor or per channel along `axis`. */
  const dequantInit = (qName, sName, zName, axis = 0) => {
    const q = init.get(qName);
    const data = values(q);
    const s = scaleOf(sName);
    const z = zpOf(zName).data;
    const dims = q.dims.map(Number);
    const out = new Float32Array(data.length);
    if (s.length === 1) {
      for (let i = 0; i < data.length; i++) out[i] = (data[i] - z[0]) * s[0];
    } else {
      const inner = dims.slice(axis + 1).reduce((a, b) => a * b, 1);
      const ch = dims[axis];
      for (let i = 0; i < data.length; i++) {
        const c = Math.floor(i / inner) % ch;
        out[i] = (data[i] - z[c]) * s[c];
      }
    }
    const name = fl(qName);
    newInit.push(floatTensor(name, dims, out));
    return name;
  };
  /** A quantized input: the float tensor, or a float initializer made from a quantized one. */
  const dequantized = new Map();
  const input = (q, s, z, axis) => {
    if (!init.has(q)) return fl(q);
    if (!dequantized.has(q)) dequantized.set(q, dequantInit(q, s, z, axis));
    return dequantized.get(q);
  };
  /** op(float inputs) → Clip to the quantized output's range → the output's float name. */
  const emit = (op, inputs, output, yScale, yZp, attribute = []) => {
    const s = scaleOf(yScale)[0];
    const { data, type } = zpOf(yZp);
    const [qmin, qmax] = RANGE[type];
    const lo = (qmin - data[0]) * s;
    const hi = (qmax - data[0]) * s;
    const mid = fresh(`${output}_${op}`);
    nodes.push(onnx.NodeProto.create({ name: `${op}_${mid}`, opType: op, input: inputs, output: [mid], attribute }));
    const loName = fresh(`${output}_min`);
    const hiName = fresh(`${output}_max`);
    newInit.push(scalarTensor(loName, lo), scalarTensor(hiName, hi));
    nodes.push(onnx.NodeProto.create({ name: `Clip_${mid}`, opType: 'Clip', input: [mid, loName, hiName], output: [fl(output)] }));
  };

  const PASS = new Set(['Reshape', 'Flatten', 'Transpose', 'Squeeze', 'Unsqueeze', 'Identity']);
  const quantized = (name) => floatName.has(name) || /_quantized$/.test(name);
  for (const n of g.node) {
    const i = n.input;
    switch (n.opType) {
      case 'QuantizeLinear':
        emit('Identity', [i[0]], n.output[0], i[1], i[2]);
        break;
      case 'QLinearConv': {
        const x = input(i[0], i[1], i[2]);
        const w = input(i[3], i[4], i[5], 0);
        const ins = [x, w];
        if (i[8]) {
          // Bias: int32 with scale x_scale * w_scale[c], zero point 0.
          const b = values(init.get(i[8]));
          const xs = scaleOf(i[1])[0];
          const ws = scaleOf(i[4]);
          const bf = Float32Array.from(b, (v, c) => v * xs * (ws.length === 1 ? ws[0] : ws[c]));
          const name = fl(i[8]);
          newInit.push(floatTensor(name, [bf.length], bf));
          ins.push(name);
        }
        emit('Conv', ins, n.output[0], i[6], i[7], n.attribute);
        break;
      }
      case 'QLinearAdd':
      case 'QLinearMul':
        emit(n.opType.slice(7), [input(i[0], i[1], i[2]), input(i[3], i[4], i[5])], n.output[0], i[6], i[7]);
        break;
      case 'QLinearMatMul':
        // Weights [K, N]: per-column scales sit on the last axis.
        emit('MatMul', [input(i[0], i[1], i[2]), input(i[3], i[4], i[5], 1)], n.output[0], i[6], i[7]);
        break;
      case 'QLinearGlobalAveragePool': {
        if (n.attribute.find((a) => a.name === 'channels_last' && Number(a.i) !== 0)) throw new Error('dequantize: channels_last pooling is not supported');
        emit('GlobalAveragePool', [input(i[0], i[1], i[2])], n.output[0], i[3], i[4]);
        break;
      }
      case 'DequantizeLinear':
        break; // its output is the float tensor (floatName)
      default: {
        if (/^QLinear|^QGemm|^MatMulInteger|^ConvInteger/.test(n.opType)) throw new Error(`dequantize: ${n.opType} is not supported`);
        if (PASS.has(n.opType) && quantized(n.input[0])) n.output = n.output.map((o) => fl(o));
        n.input = n.input.map((x) => (x && quantized(x) && !init.has(x) ? fl(x) : x));
        nodes.push(n);
      }
    }
  }
  g.node = nodes;
  // Keep the original initializers still used (shape constants), then the new float ones, in a fixed order.
  const used = new Set(nodes.flatMap((n) => n.input));
  g.initializer = [
    ...g.initializer.filter((t) => used.has(t.name) && t.dataType !== T.UINT8 && t.dataType !== T.INT8),
    ...newInit.filter((t) => used.has(t.name)),
  ];
  g.valueInfo = [];
  // Only the standard domain is needed now.
  model.opsetImport = model.opsetImport.filter((o) => !o.domain);
  model.producerName = 'on-device-ml dequantize.mjs';
  model.producerVersion = '1';
  return onnx.ModelProto.encode(model).finish();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [inPath, outPath] = process.argv.slice(2);
  if (!inPath || !outPath) {
    console.error('usage: node tooling/classifier-fp32/dequantize.mjs <in.onnx> <out.onnx>');
    process.exit(2);
  }
  const out = dequantizeModel(fs.readFileSync(inPath));
  fs.writeFileSync(outPath, out);
  console.log(`${outPath}: ${out.length} bytes`);
}
