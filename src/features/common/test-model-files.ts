/**
 * Files of the tiny random-weight TEST models made by tooling/gen-text-models (the text tasks' models
 * and a TrOCR-layout reader for OCR). Deterministic, so their sizes and SHA-256 are known and the
 * store verifies them like any self-hosted model. A unit test regenerates them and checks these values.
 * They are served from the self-hosted model folder (MODELS_DIR=...:e2e/.generated/models) and exist
 * nowhere else.
 */
import type { FileSpec } from '../../model-store/catalog-types';

type Manifest = Record<string, { size: number; sha256: string }>;

export const TEST_MODEL_MANIFEST: Manifest = {
  'test-tiny/bart-cnn/config.json': { size: 790, sha256: '1f1d19087400146c17f10f0418b0a7b71e8baf7d7d1eaa3e1e211cade0b3f068' },
  'test-tiny/bart-cnn/generation_config.json': { size: 290, sha256: '919ddb57e08d5b238e008b436e41955d3ba3a74b8bc168d399417b5388a56f5f' },
  'test-tiny/bart-cnn/onnx/decoder_model_merged.onnx': { size: 250425, sha256: 'f5039f811ba0f5d70cd3cfa1f91209f89f01a502d179025dd813f81e5caa3b8c' },
  'test-tiny/bart-cnn/onnx/encoder_model.onnx': { size: 138762, sha256: '745c15148d3b3b693d0aca37d9664f8800c3bd3ffc34dc91c4a257e6dd000121' },
  'test-tiny/bart-cnn/tokenizer.json': { size: 9368, sha256: '3a7e9e31de435e78054477b0c59cd36ee440f9720173d7bffc4b357fa2f9cde0' },
  'test-tiny/bart-cnn/tokenizer_config.json': { size: 324, sha256: 'c5ab898671fab4272efd0f8998b50e5bd84c7d9b5947b2d506227a6d5a17860a' },
  'test-tiny/bert-nli/config.json': { size: 567, sha256: '0fed8e47fa357dab6544fe7a6b477401cea5882b087cf94276ca627a6ff09260' },
  'test-tiny/bert-nli/onnx/model.onnx': { size: 104771, sha256: 'c39017c7993f693b8e4cd2b5e4873dbaae7a1c142692f2f9db5780b238589a8e' },
  'test-tiny/bert-nli/tokenizer.json': { size: 6700, sha256: '741cf51b3ec01ce53447150680b21ed60c12f61604175bd6c269c22d6d6ed3ca' },
  'test-tiny/bert-nli/tokenizer_config.json': { size: 255, sha256: 'e9074e8d4eaf89a2cdf6a48b28d2eb86880284779c5940f05a9bd8609c13483d' },
  'test-tiny/bert-sst2/config.json': { size: 515, sha256: '1e5bc5ecfc693dd8c6a063af4e07b8b012a3654bc2164c5bfded03702b807a2a' },
  'test-tiny/bert-sst2/onnx/model.onnx': { size: 104639, sha256: 'd8b472b091d6f0d17172154cd89ade57b183f0bb29dea0fd1bd02682f4e736c7' },
  'test-tiny/bert-sst2/tokenizer.json': { size: 6700, sha256: '741cf51b3ec01ce53447150680b21ed60c12f61604175bd6c269c22d6d6ed3ca' },
  'test-tiny/bert-sst2/tokenizer_config.json': { size: 255, sha256: 'e9074e8d4eaf89a2cdf6a48b28d2eb86880284779c5940f05a9bd8609c13483d' },
  'test-tiny/florence2/config.json': { size: 1237, sha256: '8125ecb15b62240cd61a6eb77f003f744b9b3238a86bf7677fe5ffb266d82aa8' },
  'test-tiny/florence2/generation_config.json': { size: 226, sha256: 'c7cf618c3d05b0e0a47e774dfea6f767ef6236144658c3bc72643d590893ce0b' },
  'test-tiny/florence2/onnx/decoder_model_merged.onnx': { size: 358263, sha256: '836779f83f094c6682fa9d1276b9e7036e0920adac652aacad2da604b8c35449' },
  'test-tiny/florence2/onnx/embed_tokens.onnx': { size: 175096, sha256: 'a2350a0f29fcee046524c837167088d16bc0275bca06cf3fbc14a7ae2e80cca5' },
  'test-tiny/florence2/onnx/encoder_model.onnx': { size: 91881, sha256: '4c124e106766b41494addbf86c27d751b7e79612c3d99c38b1d61660f9e73fb0' },
  'test-tiny/florence2/onnx/vision_encoder.onnx': { size: 33415, sha256: 'fb8b8fc03dc4d43552abb175430f3dd0ae0f8fd91a3123d75090e547600f1f39' },
  'test-tiny/florence2/preprocessor_config.json': { size: 727, sha256: '60b1670d56a52f4b259fb4672c6f5b8920431b4bd96cb4df34e4199425275205' },
  'test-tiny/florence2/tokenizer.json': { size: 216880, sha256: '3c8abb7f3c0e350b379af4537c2a5955efe8ba9ef41ace2584bd4cd7e8f434f1' },
  'test-tiny/florence2/tokenizer_config.json': { size: 325, sha256: '850417754bfea073d82b484ae92179ec883cd704c61074b597d856ce4b363515' },
  'test-tiny/qwen2-bench/config.json': { size: 513, sha256: '013a6de3555e9864e961fe85f6bd051370cc8c52901938d0e9ce610a54884f53' },
  'test-tiny/qwen2-bench/generation_config.json': { size: 113, sha256: 'f783729dddc44ba1a763f5b55ebf874c09b1137efd34dd829a5f66b9219d3c54' },
  'test-tiny/qwen2-bench/onnx/model.onnx': { size: 27714526, sha256: '8955eecaa4f1deb1a41b37a67cd38b0b99bbcec15e9a180d50ec9cc51cebb4b4' },
  'test-tiny/qwen2-bench/tokenizer.json': { size: 8897, sha256: '4e4a85b6e70d94128cd130d831133b14e942b5c1e3575cf75df7b9e0989ce290' },
  'test-tiny/qwen2-bench/tokenizer_config.json': { size: 525, sha256: '0188f72d884af5d6597acfc00aedbd8c1bfd6cbf7ba391e75e698092630be786' },
  'test-tiny/qwen2-instruct/config.json': { size: 511, sha256: '95a0a6e2a6c4f31b15bb19583ae30db894b41e3c6a0db261dab3fffd60b04f48' },
  'test-tiny/qwen2-instruct/generation_config.json': { size: 113, sha256: 'f783729dddc44ba1a763f5b55ebf874c09b1137efd34dd829a5f66b9219d3c54' },
  'test-tiny/qwen2-instruct/onnx/model.onnx': { size: 213810, sha256: '4e39f1436a2425484f3837de8dadb5f53e9fef82695ec21474af4689204b7a46' },
  'test-tiny/qwen2-instruct/tokenizer.json': { size: 8897, sha256: '4e4a85b6e70d94128cd130d831133b14e942b5c1e3575cf75df7b9e0989ce290' },
  'test-tiny/qwen2-instruct/tokenizer_config.json': { size: 525, sha256: '0188f72d884af5d6597acfc00aedbd8c1bfd6cbf7ba391e75e698092630be786' },
  'test-tiny/trocr/config.json': { size: 989, sha256: 'eddf2fc6905c769086e56bd949ac2b51b1d81e045aa6aff053f198b9cc601bf1' },
  'test-tiny/trocr/generation_config.json': { size: 118, sha256: '20c5633852dcd36698e78881269bbfde58b15a206a3242585f4f67106877d899' },
  'test-tiny/trocr/onnx/decoder_model_merged.onnx': { size: 250265, sha256: '5236703a49d0971af026df5baeb6a0fe2f6ffda3ed143295620d333713b61b43' },
  'test-tiny/trocr/onnx/encoder_model.onnx': { size: 59216, sha256: 'ef3c16195022140646625470ef6061a4ace5b38140854053233cb4e64aa24296' },
  'test-tiny/trocr/preprocessor_config.json': { size: 374, sha256: '309846717648fa7efbc72bf1bda251190f470311b115dbde1513a11f43d708b7' },
  'test-tiny/trocr/tokenizer.json': { size: 9368, sha256: '3a7e9e31de435e78054477b0c59cd36ee440f9720173d7bffc4b357fa2f9cde0' },
  'test-tiny/trocr/tokenizer_config.json': { size: 327, sha256: '9d946a71579c5be8e7f0798c42b720789e4bad71d1c0c7dee94dc789bb335f62' },
};

/** The catalog file list of one test model (weights are fp32 `onnx/model.onnx`). */
export function testModelFiles(id: string): FileSpec[] {
  const prefix = `${id}/`;
  return Object.entries(TEST_MODEL_MANIFEST)
    .filter(([p]) => p.startsWith(prefix))
    .map(([p, { size, sha256 }]) => ({ path: p.slice(prefix.length), size, sha256, ...(p.endsWith('.onnx') ? { dtype: 'fp32' as const } : {}) }));
}

export const TEST_MODEL_NOTE = 'Tiny model with RANDOM weights, generated for tests: its output is meaningless.';
