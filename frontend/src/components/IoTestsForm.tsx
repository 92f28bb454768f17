import type { Visibility } from '../api/types';

type Json = Record<string, unknown>;

const LANGUAGES = [
  ['C', 'C'],
  ['CPP', 'C++'],
  ['JAVA', 'Java'],
  ['PYTHON', 'Python'],
] as const;

const COMPARISONS = [
  ['EXACT', 'Exactly, byte for byte'],
  ['WHITESPACE', 'Same words, any spacing'],
  ['CASE_INSENSITIVE', 'Same words, any spacing or case'],
  ['FLOAT', 'Numbers within a tolerance'],
  ['REGEX', 'Matches a regular expression'],
  ['CHECKER', "The spec's checker program decides"],
] as const;

const VISIBILITIES: [Visibility | '', string][] = [
  ['', "The assignment's default"],
  ['VISIBLE', 'Visible at once'],
  ['AFTER_DUE_DATE', 'After the due date'],
  ['AFTER_PUBLISHED', 'When grades are published'],
  ['HIDDEN', 'Hidden'],
];

/**
 * The IO spec's tests as a form: one group of fields per test, tests added, removed and moved.
 * It edits the spec's JSON object in place of the text (fields it has no input for, such as input
 * files or a checker, are kept as they are), so the JSON view and this form never disagree.
 */
export function IoTestsForm({ spec, onChange }: { spec: Json; onChange: (spec: Json) => void }) {
  const tests = (Array.isArray(spec.tests) ? spec.tests : []) as Json[];
  const setTests = (next: Json[]) => onChange({ ...spec, tests: next });
  const setTest = (index: number, field: string, value: unknown) =>
    setTests(tests.map((t, i) => (i === index ? withField(t, field, value) : t)));
  const move = (index: number, by: number) => {
    const next = [...tests];
    const [test] = next.splice(index, 1);
    next.splice(index + by, 0, test);
    setTests(next);
  };
  const add = () =>
    setTests([...tests, { name: `test ${tests.length + 1}`, stdin: '', expectedStdout: '', comparison: 'WHITESPACE', points: 1 }]);
  return (
    <div className="io-tests-form">
      <div className="field-row">
        {choiceField('spec-language', 'Language', String(spec.language ?? 'C'), LANGUAGES, (v) => onChange({ ...spec, language: v }))}
        <div className="field">
          <label htmlFor="spec-entry">Entry point</label>
          <input
            id="spec-entry"
            value={String(spec.entryPoint ?? '')}
            placeholder="found by the grader"
            aria-describedby="spec-entry-hint"
            onChange={(e) => onChange(withField(spec, 'entryPoint', e.target.value.trim() || undefined))}
          />
          <span id="spec-entry-hint" className="hint">
            Optional: the Java class with main, or the Python file to run
          </span>
        </div>
      </div>
      {tests.map((test, index) => {
        const id = (field: string) => `test-${index}-${field}`;
        const label = `Test ${index + 1}`;
        const comparison = String(test.comparison ?? 'EXACT');
        return (
          <fieldset key={index} className="io-test">
            <legend>{label}</legend>
            <div className="field-row">
              <div className="field">
                <label htmlFor={id('name')}>Name</label>
                <input id={id('name')} required value={String(test.name ?? '')} onChange={(e) => setTest(index, 'name', e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor={id('points')}>Points</label>
                <input
                  id={id('points')}
                  type="number"
                  min={0}
                  step="any"
                  value={String(test.points ?? 1)}
                  onChange={(e) => setTest(index, 'points', e.target.value === '' ? undefined : Number(e.target.value))}
                />
              </div>
              {choiceField(id('visibility'), 'Visibility', String(test.visibility ?? ''), VISIBILITIES, (v) => setTest(index, 'visibility', v || undefined))}
              {choiceField(id('comparison'), 'Output compared', comparison, COMPARISONS, (v) => setTest(index, 'comparison', v))}
              {comparison === 'FLOAT' && (
                <>
                  {numberField(id('abs'), 'Absolute tolerance', test.absoluteTolerance, (v) => setTest(index, 'absoluteTolerance', v))}
                  {numberField(id('rel'), 'Relative tolerance', test.relativeTolerance, (v) => setTest(index, 'relativeTolerance', v))}
                </>
              )}
              {numberField(id('time'), 'Time limit (ms)', test.timeLimitMillis, (v) => setTest(index, 'timeLimitMillis', v), "empty for the flavour's")}
            </div>
            <div className="field-row">
              <div className="field grow">
                <label htmlFor={id('stdin')}>Input (stdin)</label>
                <textarea id={id('stdin')} className="code" rows={4} spellCheck={false} value={String(test.stdin ?? '')} onChange={(e) => setTest(index, 'stdin', e.target.value)} />
              </div>
              <div className="field grow">
                <label htmlFor={id('expected')}>{comparison === 'REGEX' ? 'Expected output (regular expression)' : 'Expected output'}</label>
                <textarea
                  id={id('expected')}
                  className="code"
                  rows={4}
                  spellCheck={false}
                  value={String(test.expectedStdout ?? '')}
                  onChange={(e) => setTest(index, 'expectedStdout', e.target.value)}
                />
              </div>
            </div>
            <div className="field">
              <label htmlFor={id('args')}>Arguments</label>
              <textarea
                id={id('args')}
                className="code"
                rows={1}
                spellCheck={false}
                aria-describedby={id('args-hint')}
                value={(Array.isArray(test.args) ? test.args : []).join('\n')}
                onChange={(e) => setTest(index, 'args', e.target.value === '' ? undefined : e.target.value.split('\n'))}
              />
              <span id={id('args-hint')} className="hint">
                One per line, passed as they are (no shell reads them)
                {test.files && typeof test.files === 'object' ? `; this test also has ${Object.keys(test.files).length} input files, edited in the JSON view` : ''}
              </span>
            </div>
            <div className="actions">
              <button type="button" className="secondary" disabled={index === 0} onClick={() => move(index, -1)} aria-label={`Move ${label} up`}>
                Move up
              </button>
              <button type="button" className="secondary" disabled={index === tests.length - 1} onClick={() => move(index, 1)} aria-label={`Move ${label} down`}>
                Move down
              </button>
              <button type="button" className="secondary" disabled={tests.length === 1} onClick={() => setTests(tests.filter((_, i) => i !== index))} aria-label={`Remove ${label}`}>
                Remove
              </button>
            </div>
          </fieldset>
        );
      })}
      <button type="button" onClick={add}>
        Add a test
      </button>
    </div>
  );
}

function choiceField(id: string, label: string, value: string, options: readonly (readonly [string, string])[], set: (value: string) => void) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => set(e.target.value)}>
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

function numberField(id: string, label: string, value: unknown, set: (value: number | undefined) => void, placeholder?: string) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="number" min={0} step="any" placeholder={placeholder} value={typeof value === 'number' && value !== 0 ? String(value) : ''}
        onChange={(e) => set(e.target.value === '' ? undefined : Number(e.target.value))} />
    </div>
  );
}

/** The object with one field set, or removed when the value is undefined (so the grader's default applies). */
function withField(object: Json, field: string, value: unknown): Json {
  const next = { ...object };
  if (value === undefined) delete next[field];
  else next[field] = value;
  return next;
}
