// Survey definitions shared by the widget's tests (one per question type, plus a follow-up flow).
import type { Question, Survey } from '@tellus/schema';

export const one = (q: Question, extra: Partial<Survey> = {}): Survey => ({ id: 's-' + q.id, version: 1, questions: [q], ...extra });

export const Q = {
  stars: { id: 'csat', type: 'rating', scale: 5, style: 'stars', text: { en: 'How satisfied are you?', lv: 'Cik apmierināts esat?' } },
  numbers: { id: 'num', type: 'rating', scale: 4, style: 'numbers', text: 'Rate us', lowLabel: 'Bad', highLabel: 'Good' },
  emoji: { id: 'emo', type: 'rating', scale: 5, style: 'emoji', text: 'How was it?' },
  nps: { id: 'nps', type: 'nps', text: 'How likely are you to recommend us?' },
  ces: { id: 'ces', type: 'ces', text: 'It was easy to handle my issue.' },
  text: { id: 'why', type: 'text', text: 'What could we do better?', maxLength: 20, placeholder: 'Tell us' },
  single: {
    id: 'kind',
    type: 'choice',
    text: 'What is this about?',
    options: [
      { id: 'complaint', text: 'Complaint' },
      { id: 'praise', text: 'Compliment' },
    ],
    other: true,
  },
  multi: {
    id: 'topics',
    type: 'choice',
    multiple: true,
    text: 'Which parts?',
    options: [
      { id: 'speed', text: 'Speed' },
      { id: 'price', text: 'Price' },
    ],
    other: true,
  },
  matrix: {
    id: 'dims',
    type: 'matrix',
    scale: 5,
    text: 'Rate each',
    rows: [
      { id: 'reliability', text: 'Reliability' },
      { id: 'empathy', text: 'Empathy' },
    ],
    lowLabel: 'Poor',
    highLabel: 'Great',
  },
  thumbs: { id: 'ok', type: 'thumbs', text: 'Was this helpful?' },
} satisfies Record<string, Question>;

/** CSAT then, only for low scores, a "why" follow-up; then a required thumbs question. */
export const followUp: Survey = {
  id: 'post-chat',
  version: 3,
  name: 'Post chat',
  thankYou: { en: 'Thanks a lot!', fa: 'خیلی ممنون!' },
  questions: [
    { id: 'csat', type: 'rating', scale: 5, style: 'stars', text: { en: 'How satisfied are you?', fa: 'چقدر راضی هستید؟' } },
    { id: 'why', type: 'text', text: 'What should we have done better?', showIf: { question: 'csat', lte: 3 } },
    { id: 'ok', type: 'thumbs', text: 'Was the agent helpful?', required: true },
  ],
};
