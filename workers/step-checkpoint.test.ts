import { describe, expect, it } from 'vitest';
import { checkpointEachStep } from './step-checkpoint';

class Model {
  calls = 0;
  async forward(x: number) {
    this.calls++;
    return x * 2;
  }
  async generate(steps: number) {
    const out: number[] = [];
    for (let i = 0; i < steps; i++) out.push(await this.forward(i));
    return out;
  }
}

describe('checkpointEachStep', () => {
  it('awaits the checkpoint before every forward pass and passes results through', async () => {
    const m = new Model();
    let checks = 0;
    const undo = checkpointEachStep(m, async () => void checks++);
    expect(await m.generate(3)).toEqual([0, 2, 4]);
    expect(checks).toBe(3);
    undo();
    await m.generate(2);
    expect(checks).toBe(3);
    expect(Object.prototype.hasOwnProperty.call(m, 'forward')).toBe(false); // the class's own method again
  });

  it('stops the generation at the next step once the checkpoint rejects (cancelled)', async () => {
    const m = new Model();
    const ctrl = new AbortController();
    checkpointEachStep(m, async () => {
      if (m.calls === 2) ctrl.abort();
      ctrl.signal.throwIfAborted();
    });
    await expect(m.generate(100)).rejects.toThrow();
    expect(m.calls).toBe(2);
  });
});
