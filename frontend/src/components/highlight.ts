// Light syntax highlighting for the code view: keywords, strings, comments, numbers and C's
// preprocessor lines of C, C++, Java and Python. A small tokenizer of our own, not a parser: it
// only colours, and every character of the source comes out exactly once, as text.

export type Language = 'c' | 'cpp' | 'java' | 'python' | 'plain';
export type TokenKind = 'plain' | 'keyword' | 'string' | 'comment' | 'number' | 'preprocessor';

export interface Token {
  kind: TokenKind;
  text: string;
}

interface Rules {
  keywords: Set<string>;
  lineComment: string;
  blockComments: boolean;
  tripleQuotes: boolean;
  preprocessor: boolean;
}

const words = (text: string) => new Set(text.split(/\s+/).filter(Boolean));

const C_KEYWORDS = `auto break case char const continue default do double else enum extern float for goto if
  inline int long register restrict return short signed sizeof static struct switch typedef union unsigned void
  volatile while bool true false NULL _Bool size_t`;

const RULES: Record<Exclude<Language, 'plain'>, Rules> = {
  c: { keywords: words(C_KEYWORDS), lineComment: '//', blockComments: true, tripleQuotes: false, preprocessor: true },
  cpp: {
    keywords: words(`${C_KEYWORDS} class namespace template typename public private protected virtual override new
      delete this using try catch throw nullptr constexpr friend operator explicit noexcept static_cast dynamic_cast
      reinterpret_cast const_cast final mutable`),
    lineComment: '//',
    blockComments: true,
    tripleQuotes: false,
    preprocessor: true,
  },
  java: {
    keywords: words(`abstract assert boolean break byte case catch char class const continue default do double else
      enum extends final finally float for goto if implements import instanceof int interface long native new package
      private protected public return short static strictfp super switch synchronized this throw throws transient try
      void volatile while var record sealed permits yield true false null`),
    lineComment: '//',
    blockComments: true,
    tripleQuotes: true,
    preprocessor: false,
  },
  python: {
    keywords: words(`False None True and as assert async await break class continue def del elif else except finally
      for from global if import in is lambda nonlocal not or pass raise return try while with yield match case self`),
    lineComment: '#',
    blockComments: false,
    tripleQuotes: true,
    preprocessor: false,
  },
};

const EXTENSIONS: Record<string, Language> = {
  c: 'c',
  h: 'c',
  cc: 'cpp',
  cpp: 'cpp',
  cxx: 'cpp',
  hpp: 'cpp',
  hh: 'cpp',
  java: 'java',
  py: 'python',
};

/** The language a file's name says, or plain text. */
export function languageOf(path: string): Language {
  const dot = path.lastIndexOf('.');
  return (dot >= 0 && EXTENSIONS[path.slice(dot + 1).toLowerCase()]) || 'plain';
}

const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /[0-9][A-Za-z0-9_.]*/y;

/** The source's tokens, in order; together they are exactly the source. */
export function tokenize(source: string, language: Language): Token[] {
  if (language === 'plain') return source ? [{ kind: 'plain', text: source }] : [];
  const rules = RULES[language];
  const out: Token[] = [];
  let plainFrom = 0;
  let i = 0;
  const emit = (kind: TokenKind, end: number) => {
    if (plainFrom < i) out.push({ kind: 'plain', text: source.slice(plainFrom, i) });
    out.push({ kind, text: source.slice(i, end) });
    i = end;
    plainFrom = end;
  };
  const lineEnd = (from: number) => {
    const end = source.indexOf('\n', from);
    return end < 0 ? source.length : end;
  };
  const until = (closing: string, from: number) => {
    const end = source.indexOf(closing, from);
    return end < 0 ? source.length : end + closing.length;
  };
  while (i < source.length) {
    const c = source[i];
    const afterWord = i > 0 && /[A-Za-z0-9_]/.test(source[i - 1]);
    if (source.startsWith(rules.lineComment, i)) {
      emit('comment', lineEnd(i));
    } else if (rules.blockComments && source.startsWith('/*', i)) {
      emit('comment', until('*/', i + 2));
    } else if (rules.preprocessor && c === '#' && /(^|\n)[ \t]*$/.test(source.slice(Math.max(0, source.lastIndexOf('\n', i - 1)), i))) {
      emit('preprocessor', lineEnd(i));
    } else if (rules.tripleQuotes && (source.startsWith('"""', i) || source.startsWith("'''", i))) {
      emit('string', until(source.slice(i, i + 3), i + 3));
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < source.length && source[j] !== c && source[j] !== '\n') j += source[j] === '\\' ? 2 : 1;
      emit('string', j < source.length && source[j] === c ? j + 1 : Math.min(j, source.length));
    } else if (!afterWord && /[A-Za-z_]/.test(c)) {
      WORD.lastIndex = i;
      const word = WORD.exec(source)![0];
      if (rules.keywords.has(word)) emit('keyword', i + word.length);
      else i += word.length;
    } else if (!afterWord && /[0-9]/.test(c)) {
      NUMBER.lastIndex = i;
      emit('number', i + NUMBER.exec(source)![0].length);
    } else {
      i++;
    }
  }
  if (plainFrom < source.length) out.push({ kind: 'plain', text: source.slice(plainFrom) });
  return out;
}

/** The source's lines, each a list of tokens (a comment over three lines is a token on each). */
export function highlightLines(source: string, language: Language): Token[][] {
  const lines: Token[][] = [[]];
  for (const token of tokenize(source, language)) {
    token.text.split('\n').forEach((part, index) => {
      if (index > 0) lines.push([]);
      if (part) lines[lines.length - 1].push({ kind: token.kind, text: part });
    });
  }
  // The newline that ends the last line does not open another one.
  if (source.endsWith('\n')) lines.pop();
  return lines;
}
