/** Every task the app offers: its route and its panel. */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { TaskId } from '../protocol/messages';

export interface TaskFeature {
  task: TaskId;
  route: string;
  title: string;
  blurb: string;
  Panel: LazyExoticComponent<ComponentType>;
}

export const FEATURES: TaskFeature[] = [
  {
    task: 'image-classification',
    route: '/classify-image',
    title: 'Classify images',
    blurb: 'What is in this photo? Top-5 ImageNet labels for each image.',
    Panel: lazy(() => import('./classify-image/Panel')),
  },
  {
    task: 'object-detection',
    route: '/detect',
    title: 'Detect objects',
    blurb: 'Find and outline the objects in photos or the live camera.',
    Panel: lazy(() => import('./detect/Panel')),
  },
  {
    task: 'ocr',
    route: '/ocr',
    title: 'Read text (OCR)',
    blurb: 'Full-page text from documents, receipts, screenshots and signs.',
    Panel: lazy(() => import('./ocr/Panel')),
  },
  {
    task: 'summarization',
    route: '/summarize',
    title: 'Summarize',
    blurb: 'Short, medium or long summaries of your text, streamed as they are written.',
    Panel: lazy(() => import('./summarize/Panel')),
  },
  {
    task: 'text-classification',
    route: '/classify-text',
    title: 'Classify text',
    blurb: 'Sentiment, or your own labels (zero-shot), for one text or a batch.',
    Panel: lazy(() => import('./classify-text/Panel')),
  },
];
