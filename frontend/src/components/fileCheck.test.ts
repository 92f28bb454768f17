import { describe, expect, it } from 'vitest';
import { checkFiles, describeRules } from './fileCheck';

const rules = { maxFiles: 3, maxBytes: 1024 * 1024, pathSegmentPattern: '[A-Za-z0-9_][A-Za-z0-9_.+-]{0,99}' };

describe('checkFiles', () => {
  it('accepts ordinary source file names', () => {
    const check = checkFiles([{ name: 'Main.java', size: 10 }, { name: 'linked_list-2.c++', size: 5 }], rules);
    expect(check.byName.size).toBe(0);
    expect(check.overall).toEqual([]);
  });

  it('names each file the API would refuse, and why', () => {
    const check = checkFiles(
      [
        { name: 'héllo.c', size: 1 },
        { name: 'hello (1).c', size: 1 },
        { name: '.env', size: 1 },
      ],
      rules,
    );
    expect([...check.byName.keys()]).toEqual(['héllo.c', 'hello (1).c', '.env']);
    expect(check.byName.get('.env')).toContain('dot');
    expect(check.byName.get('hello (1).c')).toContain('no spaces');
  });

  it('refuses more files or more bytes than one submission may have', () => {
    const many = ['a.c', 'b.c', 'c.c', 'd.c'].map((name) => ({ name, size: 1 }));
    expect(checkFiles(many, rules).overall).toEqual(['These are 4 files; a submission may have at most 3.']);
    expect(checkFiles([{ name: 'big.c', size: 5 * 1024 * 1024 }], rules).overall).toEqual([
      'These files are 5 MiB in all; a submission may have at most 1 MiB.',
    ]);
  });

  it('checks nothing when the API did not say its rules', () => {
    expect(checkFiles([{ name: 'héllo.c', size: 1e9 }], undefined)).toEqual({ byName: new Map(), overall: [] });
  });

  it('states the rules in words', () => {
    expect(describeRules(rules)).toBe('Up to 3 files, 1 MiB in all. Names use letters, digits, and _ - + . only, and do not start with a dot.');
  });
});
