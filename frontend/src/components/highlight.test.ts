import { describe, expect, it } from 'vitest';
import { highlightLines, languageOf, tokenize, type Token } from './highlight';

const kinds = (tokens: Token[]) => tokens.filter((t) => t.kind !== 'plain').map((t) => `${t.kind}:${t.text}`);

describe('highlight', () => {
  it('knows the languages by their file names', () => {
    expect(['a.c', 'b.H', 'c.cpp', 'D.java', 'e.py', 'Makefile', 'notes.txt'].map(languageOf)).toEqual([
      'c',
      'c',
      'cpp',
      'java',
      'python',
      'plain',
      'plain',
    ]);
  });

  it('marks C keywords, strings, comments, numbers and preprocessor lines', () => {
    const source = '#include <stdio.h>\nint main(void) { /* greet */\n  printf("Hello, %s!\\n", "x"); // done\n  return 0;\n}\n';
    expect(kinds(tokenize(source, 'c'))).toEqual([
      'preprocessor:#include <stdio.h>',
      'keyword:int',
      'keyword:void',
      'comment:/* greet */',
      'string:"Hello, %s!\\n"',
      'string:"x"',
      'comment:// done',
      'keyword:return',
      'number:0',
    ]);
  });

  it('gives back exactly the source, whatever it holds', () => {
    for (const [source, language] of [
      ['class A { String s = "unterminated\n int x = 1; }', 'java'],
      ['s = """one\ntwo""" # note\nif x1 in y: pass\n', 'python'],
      ['template <typename T> T f() { return T{}; } /* open', 'cpp'],
      ["<script>alert('x')</script>", 'plain'],
    ] as const) {
      expect(tokenize(source, language).map((t) => t.text).join('')).toBe(source);
    }
  });

  it('finds keywords only as whole words', () => {
    expect(kinds(tokenize('interval = format(x2, 10)\nfor i in range(3): print(i)', 'python'))).toEqual([
      'number:10',
      'keyword:for',
      'keyword:in',
      'number:3',
    ]);
  });

  it('splits a comment over several lines into a token on each line', () => {
    const lines = highlightLines('/* one\ntwo */\nint x;\n', 'c');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toEqual([{ kind: 'comment', text: '/* one' }]);
    expect(lines[1]).toEqual([{ kind: 'comment', text: 'two */' }]);
    expect(kinds(lines[2])).toEqual(['keyword:int']);
  });

  it('reads a Python triple-quoted string as one string and # as a comment', () => {
    expect(kinds(tokenize('def f():\n    """Doc with # inside"""\n    return None  # no\n', 'python'))).toEqual([
      'keyword:def',
      'string:"""Doc with # inside"""',
      'keyword:return',
      'keyword:None',
      'comment:# no',
    ]);
  });
});
