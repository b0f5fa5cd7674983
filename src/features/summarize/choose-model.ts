/** The automatic summariser: the instruction-tuned LLM where a real GPU with f16 shaders is available, DistilBART elsewhere. */
import type { Capabilities } from '../../runtime/backend';
import type { TextModelEntry } from '../common/text/text-model-entry';

export function autoSummarizer(models: TextModelEntry[], caps: Capabilities): { id: string; why: string } {
  const real = models.filter((m) => !m.testOnly);
  const chat = real.find((m) => m.kind === 'chat');
  const seq2seq = real.find((m) => m.kind === 'seq2seq') ?? real[0];
  const gpu = caps.webgpu;
  if (chat && gpu.available && !gpu.fallbackAdapter && gpu.shaderF16 && (caps.deviceMemoryGB === undefined || caps.deviceMemoryGB >= 4)) {
    return { id: chat.id, why: `${chat.title} chosen automatically: this device has a WebGPU GPU with 16-bit float support.` };
  }
  const reason = !gpu.available
    ? 'no WebGPU here'
    : gpu.fallbackAdapter
      ? 'the only WebGPU adapter is a software one'
      : !gpu.shaderF16
        ? 'the GPU lacks 16-bit float shaders'
        : 'this device has under 4 GB of memory';
  return { id: seq2seq.id, why: `${seq2seq.title} chosen automatically (${reason}; it runs well on the CPU).` };
}
