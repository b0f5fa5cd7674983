/** Every task the app offers: its route, its panel and whether it is built yet. */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { TaskId } from '../protocol/messages';

export interface TaskFeature {
  task: TaskId;
  route: string;
  title: string;
  blurb: string;
  status: 'ready' | 'coming';
  Panel?: LazyExoticComponent<ComponentType>;
  /** For tasks not built yet: what is coming. */
  plan?: string[];
}

export const FEATURES: TaskFeature[] = [
  {
    task: 'image-classification',
    route: '/classify-image',
    title: 'Classify images',
    blurb: 'What is in this photo? Top-5 ImageNet labels for each image.',
    status: 'ready',
    Panel: lazy(() => import('./classify-image/Panel')),
  },
  {
    task: 'object-detection',
    route: '/detect',
    title: 'Detect objects',
    blurb: 'Find and outline the objects in photos or the live camera.',
    status: 'coming',
    plan: [
      'YOLOX-Nano (COCO, 80 classes, 3.7 MB) offline by default; YOLOS, DETR and RT-DETR from the Hub',
      'Boxes, labels and scores over each image, with a score threshold and a class filter',
      'Live camera with FPS readout; annotated PNG and JSON export',
    ],
  },
  {
    task: 'ocr',
    route: '/ocr',
    title: 'Read text (OCR)',
    blurb: 'Full-page text from documents, receipts, screenshots and signs.',
    status: 'coming',
    plan: [
      'PaddleOCR v4 (detection, angle classifier, recognition) offline out of the box',
      'Each line outlined with its confidence; copy all, TXT and JSON export',
    ],
  },
  {
    task: 'summarization',
    route: '/summarize',
    title: 'Summarize',
    blurb: 'Short, medium or long summaries of your text, streamed as they are written.',
    status: 'coming',
    plan: ['DistilBART-CNN on any device; a small instruction-tuned model where WebGPU is available', 'Long documents split and summarised in parts, with progress'],
  },
  {
    task: 'text-classification',
    route: '/classify-text',
    title: 'Classify text',
    blurb: 'Sentiment, or your own labels (zero-shot), for one text or a batch.',
    status: 'coming',
    plan: ['Sentiment (DistilBERT SST-2) and zero-shot labels (NLI models)', 'Batch from lines or a CSV column; CSV and JSON export'],
  },
];
