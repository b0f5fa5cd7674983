/**
 * Cancel between the steps of a transformers.js generation. generate() awaits `this.forward(...)` once
 * per token, and on WASM that call computes synchronously, so the worker never handles a cancel
 * message until the whole generation (up to 1024 tokens) is over. This wraps the model's forward so
 * that every step first awaits the request's checkpoint (InferContext.checkpoint: one event-loop
 * turn, then the cancel signal); a cancelled request rejects there, at the next token.
 */
interface Steppable {
  forward: (...args: never[]) => Promise<unknown>;
}

/** Make every forward pass of `model` await `checkpoint` first; returns the undo (call it when the request ends). */
export function checkpointEachStep(model: Steppable, checkpoint: () => Promise<void>): () => void {
  const own = Object.prototype.hasOwnProperty.call(model, 'forward');
  const previous = model.forward;
  const wrapped = async (...args: never[]) => {
    await checkpoint();
    return previous.apply(model, args);
  };
  model.forward = wrapped;
  return () => {
    if (model.forward !== wrapped) return;
    if (own) model.forward = previous;
    else delete (model as Partial<Steppable>).forward;
  };
}
