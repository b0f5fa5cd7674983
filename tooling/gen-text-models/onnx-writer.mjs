/**
 * A minimal, dependency-free ONNX protobuf writer: just the messages needed to build small graphs
 * (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto). Field numbers
 * follow onnx/onnx.proto. Output is byte-for-byte deterministic for the same graph.
 */

// ---- protobuf wire format ----
function varint(n) {
  let v = BigInt.asUintN(64, BigInt(n));
  const out = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return Buffer.from(out);
}
const key = (field, wire) => varint((field << 3) | wire);
const fInt = (field, n) => Buffer.concat([key(field, 0), varint(n)]);
const fBytes = (field, buf) => Buffer.concat([key(field, 2), varint(buf.length), buf]);
const fStr = (field, s) => fBytes(field, Buffer.from(s, 'utf8'));
const fMsg = fBytes;
const fFloat = (field, x) => {
  const b = Buffer.alloc(4);
  b.writeFloatLE(x);
  return Buffer.concat([key(field, 5), b]);
};

export const DT = { FLOAT: 1, INT32: 6, INT64: 7, BOOL: 9 };

/** A tensor: dims, type and data (Float32Array, BigInt64Array, Int32Array or Uint8Array for bool). */
export function tensor(name, dataType, dims, data) {
  const raw = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.concat([...dims.map((d) => fInt(1, d)), fInt(2, dataType), fStr(8, name), fBytes(9, raw)]);
}

/** Attribute values: number (int if integer and `int` hint), float, string, int[] or a tensor. */
export function attr(name, value) {
  if (typeof value === 'object' && value && value.float !== undefined) return Buffer.concat([fStr(1, name), fFloat(2, value.float), fInt(20, 1)]);
  if (typeof value === 'number') return Buffer.concat([fStr(1, name), fInt(3, value), fInt(20, 2)]);
  if (typeof value === 'string') return Buffer.concat([fStr(1, name), fBytes(4, Buffer.from(value)), fInt(20, 3)]);
  if (Array.isArray(value)) return Buffer.concat([fStr(1, name), ...value.map((v) => fInt(8, v)), fInt(20, 7)]);
  if (value && value.tensor) return Buffer.concat([fStr(1, name), fMsg(5, value.tensor), fInt(20, 4)]);
  throw new Error(`unsupported attribute ${name}`);
}

export function node(opType, inputs, outputs, attrs = {}, name = outputs[0]) {
  return Buffer.concat([
    ...inputs.map((i) => fStr(1, i)),
    ...outputs.map((o) => fStr(2, o)),
    fStr(3, name),
    fStr(4, opType),
    ...Object.entries(attrs).map(([k, v]) => fMsg(5, attr(k, v))),
  ]);
}

/** A graph input/output: shape entries are numbers or symbolic names. */
export function valueInfo(name, elemType, shape) {
  const dims = shape.map((d) => fMsg(1, typeof d === 'number' ? fInt(1, d) : fStr(2, d)));
  const tensorType = Buffer.concat([fInt(1, elemType), fMsg(2, Buffer.concat(dims))]);
  return Buffer.concat([fStr(1, name), fMsg(2, fMsg(1, tensorType))]);
}

export function model({ name, nodes, initializers, inputs, outputs, opset = 17 }) {
  const graph = Buffer.concat([
    ...nodes.map((n) => fMsg(1, n)),
    fStr(2, name),
    ...initializers.map((t) => fMsg(5, t)),
    ...inputs.map((v) => fMsg(11, v)),
    ...outputs.map((v) => fMsg(12, v)),
  ]);
  return Buffer.concat([
    fInt(1, 8), // ir_version
    fStr(2, 'gen-text-models'),
    fStr(3, '1'),
    fMsg(7, graph),
    fMsg(8, Buffer.concat([fStr(1, ''), fInt(2, opset)])),
  ]);
}

/** Deterministic PRNG (mulberry32) and helpers for random weights. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** Uniform in [-scale, scale], rounded through float32. */
    weights(n, scale) {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = (next() * 2 - 1) * scale;
      return out;
    },
  };
}
