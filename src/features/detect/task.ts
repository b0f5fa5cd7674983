/** Object detection: its definition (route, title, catalog entries) and its options and output (the task map's entry). */
import type { TaskDefinition } from '../task-definition';
import { OBJECT_DETECTION_MODELS } from './models';
import type { Detection } from './yolox';

export interface DetectTiming {
  /** Decoding the file (or drawing the camera frame) into pixels, ms. Not part of the item's `ms`. */
  decode: number;
  preprocess: number;
  model: number;
  postprocess: number;
}

export interface DetectOutput {
  /** The original image's size as displayed: boxes are in these pixels. */
  width: number;
  height: number;
  detections: Detection[];
  timing: DetectTiming;
}

export interface DetectOptions {
  /** Boxes scoring below are dropped (the UI filters further). */
  minScore: number;
  iouThreshold: number;
}

declare module '../../protocol/tasks' {
  interface TaskMap {
    'object-detection': { options: DetectOptions; output: DetectOutput };
  }
}

export const task: TaskDefinition<'object-detection'> = {
  id: 'object-detection',
  route: '/detect',
  title: 'Detect objects',
  blurb: 'Find and outline the objects in photos or the live camera.',
  models: OBJECT_DETECTION_MODELS,
};
