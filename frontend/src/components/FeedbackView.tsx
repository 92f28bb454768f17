import { DiffView } from './DiffView';
import { parseExpectedActual } from './diff';

/** A test's feedback: a line diff when it holds an expected/actual pair, else the text as it is. */
export function FeedbackView({ feedback }: { feedback: string }) {
  if (!feedback) return null;
  const pair = parseExpectedActual(feedback);
  return pair ? <DiffView pair={pair} /> : <pre className="feedback">{feedback}</pre>;
}
