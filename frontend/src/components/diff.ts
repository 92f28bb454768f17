/** An expected and an actual output found in a test's feedback text. */
export interface ExpectedActual {
  expected: string;
  actual: string;
  /** The line (1-based) of the output where the pair starts. */
  firstLine: number;
  /** For a whitespace-tolerant comparison: the number of the first differing token. */
  token?: number;
}

/** A run of characters of one side, marked when it is not on the other side. */
export interface Segment {
  text: string;
  changed: boolean;
}

export interface DiffLine {
  kind: 'same' | 'expected' | 'actual';
  text: string;
  /** Line numbers in the expected and the actual output (absent on the other side). */
  expectedLine?: number;
  actualLine?: number;
}

// The runner's IO comparison writes: line 3:\n  expected: "..."\n  actual:   "..."
// ("(no line)" when one side has ended).
const LINE_PAIR = /^line (\d+):\s*\n\s*expected:\s*(.*)\n\s*actual:\s*(.*)$/;
// Token comparisons write: token 4 (line 2): expected 'x', got 'y'
const TOKEN_PAIR = /^(?:token (\d+) \(line (\d+)\): )?expected (?:a number like )?'(.*)', got '(.*)'(?: \(beyond the tolerance\))?$/s;

export function parseExpectedActual(feedback: string): ExpectedActual | null {
  const text = feedback.trim();
  const lines = LINE_PAIR.exec(text);
  if (lines) {
    return { firstLine: Number(lines[1]), expected: asLine(lines[2]), actual: asLine(lines[3]) };
  }
  const tokens = TOKEN_PAIR.exec(text);
  if (tokens) {
    const pair = { firstLine: tokens[2] ? Number(tokens[2]) : 1, expected: tokens[3], actual: tokens[4] };
    return tokens[1] ? { ...pair, token: Number(tokens[1]) } : pair;
  }
  return null;
}

/** One shown line as a text of one line, or of none when that side had "(no line)". */
function asLine(shown: string): string {
  const s = shown.trim();
  if (s === '(no line)') return '';
  return (s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s) + '\n';
}

/** A line diff (longest common subsequence) of two texts: common lines, then what differs. */
export function lineDiff(expected: string, actual: string, firstLine = 1): DiffLine[] {
  const a = splitLines(expected);
  const b = splitLines(actual);
  // common[i][j] = length of the longest common subsequence of a[i..] and b[j..]
  const common = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i][j] = a[i] === b[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i], expectedLine: firstLine + i, actualLine: firstLine + j });
      i++;
      j++;
    } else if (j >= b.length || (i < a.length && common[i + 1][j] >= common[i][j + 1])) {
      out.push({ kind: 'expected', text: a[i], expectedLine: firstLine + i });
      i++;
    } else {
      out.push({ kind: 'actual', text: b[j], actualLine: firstLine + j });
      j++;
    }
  }
  return out;
}

/** Lines of an output; the newline that ends the last line does not open another one. */
function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Where two versions of one line differ, word by word: the words, spaces and punctuation both
 * share (in order) stay plain, the rest is marked on each side ("Hello, Ada!" against "Hello Ada"
 * marks the comma and the "!"; "sum 6" against "sum 7" only the digits).
 */
export function inlineChanges(expected: string, actual: string): { expected: Segment[]; actual: Segment[] } {
  const a = tokens(expected);
  const b = tokens(actual);
  if (a.length * b.length > MAX_TOKEN_PAIRS) return wholeChange(expected, actual);
  // common[i][j] = length of the longest common subsequence of a[i..] and b[j..]
  const common = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i][j] = a[i] === b[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
    }
  }
  const left: Segment[] = [];
  const right: Segment[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      push(left, a[i++], false);
      push(right, b[j++], false);
    } else if (j >= b.length || (i < a.length && common[i + 1][j] >= common[i][j + 1])) {
      push(left, a[i++], true);
    } else {
      push(right, b[j++], true);
    }
  }
  return { expected: left, actual: right };
}

/** Lines longer than this (in token pairs) are marked whole rather than compared word by word. */
const MAX_TOKEN_PAIRS = 250_000;

function tokens(text: string): string[] {
  return text.match(/\w+|\s+|[^\w\s]/g) ?? [];
}

/** Appends a token, joining it to the last segment when that one is marked the same. */
function push(segments: Segment[], text: string, changed: boolean): void {
  const last = segments[segments.length - 1];
  if (last && last.changed === changed) last.text += text;
  else segments.push({ text, changed });
}

function wholeChange(expected: string, actual: string): { expected: Segment[]; actual: Segment[] } {
  const whole = (text: string): Segment[] => (text === '' ? [] : [{ text, changed: true }]);
  return { expected: whole(expected), actual: whole(actual) };
}

/**
 * Each changed line's segments, by its index in a line diff: a run of expected lines right before
 * a run of actual lines is taken as those lines changed, paired in order.
 */
export function changedParts(lines: DiffLine[]): Map<number, Segment[]> {
  const parts = new Map<number, Segment[]>();
  let i = 0;
  while (i < lines.length) {
    if (lines[i].kind !== 'expected') {
      i++;
      continue;
    }
    const expectedStart = i;
    while (i < lines.length && lines[i].kind === 'expected') i++;
    const actualStart = i;
    while (i < lines.length && lines[i].kind === 'actual') i++;
    const pairs = Math.min(actualStart - expectedStart, i - actualStart);
    for (let k = 0; k < pairs; k++) {
      const changes = inlineChanges(lines[expectedStart + k].text, lines[actualStart + k].text);
      parts.set(expectedStart + k, changes.expected);
      parts.set(actualStart + k, changes.actual);
    }
  }
  return parts;
}
