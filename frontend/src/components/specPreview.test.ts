// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { checkIoSpec } from './specPreview';

describe('checkIoSpec', () => {
  it('reads the tests with the grader defaults', () => {
    const check = checkIoSpec(
      JSON.stringify({ format: 'io', tests: [{ name: 'a', stdin: '1\n', expectedStdout: '2\n' }, { name: 'b', points: 3, visibility: 'HIDDEN', args: ['-v'] }] }),
      'AFTER_DUE_DATE',
    );
    expect(check.ok && check.tests).toEqual([
      { name: 'a', points: 1, visibility: 'AFTER_DUE_DATE', comparison: 'EXACT', stdin: '1\n', args: [], expectedStdout: '2\n' },
      { name: 'b', points: 3, visibility: 'HIDDEN', comparison: 'EXACT', stdin: '', args: ['-v'], expectedStdout: '' },
    ]);
  });

  it('says what is wrong', () => {
    expect(checkIoSpec('{"tests": [', 'VISIBLE')).toMatchObject({ ok: false, message: expect.stringMatching(/^The spec is not valid JSON/) });
    expect(checkIoSpec('[]', 'VISIBLE')).toEqual({ ok: false, message: 'The spec must be a JSON object.' });
    expect(checkIoSpec('{"tests": []}', 'VISIBLE')).toEqual({ ok: false, message: 'The spec needs a non-empty "tests" array.' });
    expect(checkIoSpec('{"tests": [{"points": 1}]}', 'VISIBLE')).toEqual({ ok: false, message: 'Test 1 needs a "name".' });
  });
});
