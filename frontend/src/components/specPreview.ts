import type { Visibility } from '../api/types';

/** One IO test as the editor previews it. */
export interface IoTestPreview {
  name: string;
  points: number;
  visibility: Visibility;
  comparison: string;
  stdin: string;
  args: string[];
  expectedStdout: string;
}

export type SpecCheck = { ok: true; spec: Record<string, unknown>; tests: IoTestPreview[] } | { ok: false; message: string };

/** Parses the JSON spec editor's text and reads its tests, with the defaults the grader applies. */
export function checkIoSpec(text: string, defaultVisibility: Visibility): SpecCheck {
  let spec: unknown;
  try {
    spec = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `The spec is not valid JSON: ${(e as Error).message}` };
  }
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return { ok: false, message: 'The spec must be a JSON object.' };
  const record = spec as Record<string, unknown>;
  if (!Array.isArray(record.tests) || record.tests.length === 0) return { ok: false, message: 'The spec needs a non-empty "tests" array.' };
  const tests: IoTestPreview[] = [];
  for (const [index, raw] of record.tests.entries()) {
    if (typeof raw !== 'object' || raw === null) return { ok: false, message: `Test ${index + 1} must be an object.` };
    const t = raw as Record<string, unknown>;
    if (typeof t.name !== 'string' || !t.name) return { ok: false, message: `Test ${index + 1} needs a "name".` };
    tests.push({
      name: t.name,
      points: typeof t.points === 'number' ? t.points : 1,
      visibility: (t.visibility as Visibility) ?? defaultVisibility,
      comparison: typeof t.comparison === 'string' ? t.comparison : 'EXACT',
      stdin: typeof t.stdin === 'string' ? t.stdin : '',
      args: Array.isArray(t.args) ? t.args.map(String) : [],
      expectedStdout: typeof t.expectedStdout === 'string' ? t.expectedStdout : '',
    });
  }
  return { ok: true, spec: record, tests };
}
