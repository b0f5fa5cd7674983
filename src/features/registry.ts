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
    status: 'ready',
    Panel: lazy(() => import('./detect/Panel')),
  },
  {
    task: 'ocr',
    route: '/ocr',
    title: 'Read text (OCR)',
    blurb: 'Full-page text from documents, receipts, screenshots and signs.',
    status: 'ready',
    Panel: lazy(() => import('./ocr/Panel')),
  },
  {
    task: 'summarization',
    route: '/summarize',
    title: 'Summarize',
    blurb: 'Short, medium or long summaries of your text, streamed as they are written.',
    status: 'ready',
    Panel: lazy(() => import('./summarize/Panel')),
  },
  {
    task: 'text-classification',
    route: '/classify-text',
    title: 'Classify text',
    blurb: 'Sentiment, or your own labels (zero-shot), for one text or a batch.',
    status: 'ready',
    Panel: lazy(() => import('./classify-text/Panel')),
  },
];
