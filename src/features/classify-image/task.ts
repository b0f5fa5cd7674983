/** Image classification: its options and output (the task map's entry). */

export interface Label {
  label: string;
  score: number;
}

declare module '../../protocol/tasks' {
  interface TaskMap {
    /** No options; the top-5 labels, best first. */
    'image-classification': { options: Record<string, never>; output: Label[] };
  }
}
