// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { changedParts, inlineChanges, lineDiff, parseExpectedActual } from './diff';

describe('parseExpectedActual', () => {
  it('reads the line pair of an exact comparison', () => {
    expect(parseExpectedActual('line 3:\n  expected: "Hello, Ada!"\n  actual:   "Hello Ada"')).toEqual({
      firstLine: 3,
      expected: 'Hello, Ada!\n',
      actual: 'Hello Ada\n',
    });
  });

  it('reads a missing line as no line on that side', () => {
    expect(parseExpectedActual('line 2:\n  expected: "max 3"\n  actual:   (no line)')).toEqual({ firstLine: 2, expected: 'max 3\n', actual: '' });
  });

  it('keeps an empty line apart from no line', () => {
    expect(parseExpectedActual('line 1:\n  expected: ""\n  actual:   "x"')?.expected).toBe('\n');
  });

  it('reads the token pair of the default output validator', () => {
    expect(parseExpectedActual("token 2 (line 1): expected 'Ada!', got 'Grace!'")).toEqual({ firstLine: 1, token: 2, expected: 'Ada!', actual: 'Grace!' });
    expect(parseExpectedActual("token 1 (line 4): expected '1.6666', got '1.5' (beyond the tolerance)")).toMatchObject({
      firstLine: 4,
      expected: '1.6666',
      actual: '1.5',
    });
  });

  it('leaves other feedback alone', () => {
    expect(parseExpectedActual('the output has fewer tokens than expected (1 of 2)')).toBeNull();
    expect(parseExpectedActual('Segmentation fault')).toBeNull();
    expect(parseExpectedActual('')).toBeNull();
  });
});

describe('lineDiff', () => {
  it('keeps common lines and marks what only one side has', () => {
    const diff = lineDiff('count 3\nsum 6\nmin 1\n', 'count 3\nsum 7\nmin 1\nextra\n');
    expect(diff.map((l) => [l.kind, l.text])).toEqual([
      ['same', 'count 3'],
      ['expected', 'sum 6'],
      ['actual', 'sum 7'],
      ['same', 'min 1'],
      ['actual', 'extra'],
    ]);
  });

  it('numbers lines of each side from the first line given', () => {
    const diff = lineDiff('a\nb\n', 'b\n', 10);
    expect(diff).toEqual([
      { kind: 'expected', text: 'a', expectedLine: 10 },
      { kind: 'same', text: 'b', expectedLine: 11, actualLine: 10 },
    ]);
  });

  it('shows an empty actual output as only expected lines', () => {
    expect(lineDiff('x\n', '').map((l) => l.kind)).toEqual(['expected']);
  });
});

describe('inlineChanges', () => {
  it('marks only the part of a line that differs', () => {
    expect(inlineChanges('sum 6 of 10', 'sum 7 of 10')).toEqual({
      expected: [
        { text: 'sum ', changed: false },
        { text: '6', changed: true },
        { text: ' of 10', changed: false },
      ],
      actual: [
        { text: 'sum ', changed: false },
        { text: '7', changed: true },
        { text: ' of 10', changed: false },
      ],
    });
  });

  it('marks each word or sign that differs, not the whole stretch between the first and the last', () => {
    expect(inlineChanges('Hello, Ada!', 'Hello Ada')).toEqual({
      expected: [
        { text: 'Hello', changed: false },
        { text: ',', changed: true },
        { text: ' Ada', changed: false },
        { text: '!', changed: true },
      ],
      actual: [{ text: 'Hello Ada', changed: false }],
    });
    expect(inlineChanges('total: 1.6666', 'total: 1.5').actual).toEqual([
      { text: 'total: 1.', changed: false },
      { text: '5', changed: true },
    ]);
  });

  it('marks a line with nothing in common whole', () => {
    expect(inlineChanges('yes', 'no')).toEqual({ expected: [{ text: 'yes', changed: true }], actual: [{ text: 'no', changed: true }] });
  });
});

describe('changedParts', () => {
  it('pairs a run of expected lines with the run of actual lines after it', () => {
    const lines = lineDiff('a\nx 1\ny 2\nb\n', 'a\nx 9\ny 8\nb\n');
    const parts = changedParts(lines);
    expect([...parts.keys()].sort()).toEqual([1, 2, 3, 4]);
    expect(parts.get(1)?.find((s) => s.changed)?.text).toBe('1');
    expect(parts.get(3)?.find((s) => s.changed)?.text).toBe('9');
  });

  it('leaves a line with no counterpart unmarked within', () => {
    expect(changedParts(lineDiff('a\n', 'a\nextra\n')).size).toBe(0);
  });
});
