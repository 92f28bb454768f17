import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { patch, post, seg } from '../api/client';
import type { Assignment, CountedSubmission, NewAssignment, SpecFormat, Visibility } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';
import { IoTestsForm } from '../components/IoTestsForm';
import { noteSpecChanged } from '../components/RegradePanel';
import { checkIoSpec, type IoTestPreview } from '../components/specPreview';
import { TestPreview } from '../components/TestPreview';
import { fromLocalInput, toLocalInput } from '../lib/format';
import { link, navigate } from '../lib/router';
import { useResource } from '../lib/useResource';

const VISIBILITIES: { value: Visibility; label: string }[] = [
  { value: 'VISIBLE', label: 'Visible at once' },
  { value: 'AFTER_DUE_DATE', label: 'After the due date' },
  { value: 'AFTER_PUBLISHED', label: 'When grades are published' },
  { value: 'HIDDEN', label: 'Hidden' },
];

// A starting point that grades: the C hello world of examples/hello-c.
const EXAMPLE_SPEC = JSON.stringify(
  {
    format: 'io',
    language: 'C',
    tests: [
      { name: 'greets Ada', stdin: 'Ada\n', expectedStdout: 'Hello, Ada!\n', comparison: 'EXACT', points: 1 },
      { name: 'greets Grace', stdin: 'Grace\n', expectedStdout: 'Hello, Grace!\n', comparison: 'WHITESPACE', points: 1 },
    ],
  },
  null,
  2,
);

interface Draft {
  id: string;
  title: string;
  description: string;
  flavour: string;
  opensAt: string;
  dueAt: string;
  lateUntil: string;
  latePenalty: string;
  limitCount: string;
  limitHours: string;
  defaultVisibility: Visibility;
  published: boolean;
  gradesPublished: boolean;
  countedSubmission: CountedSubmission;
  source: SpecFormat;
  specText: string;
  packageFile: File | null;
}

function newDraft(): Draft {
  const due = new Date();
  due.setDate(due.getDate() + 7);
  due.setHours(23, 59, 0, 0);
  return {
    id: '',
    title: '',
    description: '',
    flavour: 'default',
    opensAt: '',
    dueAt: toLocalInput(due.toISOString()),
    lateUntil: '',
    latePenalty: '0',
    limitCount: '',
    limitHours: '24',
    defaultVisibility: 'VISIBLE',
    published: false,
    gradesPublished: false,
    countedSubmission: 'LATEST',
    source: 'io',
    specText: EXAMPLE_SPEC,
    packageFile: null,
  };
}

function draftOf(a: Assignment): Draft {
  return {
    id: a.id,
    title: a.title,
    description: a.description ?? '',
    flavour: a.flavour,
    opensAt: toLocalInput(a.opensAt),
    dueAt: toLocalInput(a.dueAt),
    lateUntil: toLocalInput(a.lateUntil),
    latePenalty: String(a.latePenaltyPercentPerDay ?? 0),
    limitCount: a.submissionLimit ? String(a.submissionLimit.count) : '',
    limitHours: a.submissionLimit ? String(a.submissionLimit.windowHours) : '24',
    defaultVisibility: a.defaultVisibility ?? 'VISIBLE',
    published: a.published,
    gradesPublished: a.gradesPublished,
    countedSubmission: a.countedSubmission ?? 'LATEST',
    source: a.format,
    specText: JSON.stringify(a.spec ?? {}, null, 2),
    packageFile: null,
  };
}

/** Creates an assignment in a course (courseId) or edits one (assignmentId). */
export function AssignmentEditorPage({ courseId, assignmentId }: { courseId?: string; assignmentId?: string }) {
  const existing = useResource<Assignment>(assignmentId ? `/assignments/${seg(assignmentId)}` : null);
  if (assignmentId) {
    if (existing.error) return <ErrorMessage error={existing.error} />;
    if (!existing.data) return <p>Loading…</p>;
    return <Editor courseId={existing.data.courseId} existing={existing.data} />;
  }
  return <Editor courseId={courseId!} />;
}

function Editor({ courseId, existing }: { courseId: string; existing?: Assignment }) {
  const [draft, setDraft] = useState<Draft>(() => (existing ? draftOf(existing) : newDraft()));
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const [testsView, setTestsView] = useState<'form' | 'json'>('form');
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const jsonSpec = draft.source === 'io';
  const check = jsonSpec ? checkIoSpec(draft.specText, draft.defaultVisibility) : null;
  useEffect(() => setError(undefined), [draft.source]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    if (check && !check.ok) {
      setError(new Error(check.message));
      return;
    }
    const dueAt = fromLocalInput(draft.dueAt);
    if (!dueAt) {
      setError(new Error('Set a due date.'));
      return;
    }
    const fields: Omit<NewAssignment, 'spec'> = {
      title: draft.title.trim(),
      description: draft.description,
      flavour: draft.flavour.trim(),
      opensAt: fromLocalInput(draft.opensAt),
      dueAt,
      lateUntil: fromLocalInput(draft.lateUntil),
      latePenaltyPercentPerDay: Number(draft.latePenalty) || 0,
      submissionLimit: draft.limitCount ? { count: Number(draft.limitCount), windowHours: Number(draft.limitHours) } : null,
      defaultVisibility: draft.defaultVisibility,
      published: draft.published,
      gradesPublished: draft.gradesPublished,
      countedSubmission: draft.countedSubmission,
    };
    setSaving(true);
    try {
      let saved: Assignment;
      if (existing) {
        // Only a changed spec goes along, since each new spec makes a new spec version.
        const spec = check?.ok ? check.spec : undefined;
        const specChanged = spec !== undefined && JSON.stringify(spec) !== JSON.stringify(existing.spec);
        saved = await patch<Assignment>(`/assignments/${seg(existing.id)}`, specChanged ? { ...fields, spec } : fields);
        if (specChanged) noteSpecChanged(saved.id, saved.specVersion);
      } else if (check?.ok) {
        saved = await post<Assignment>(`/courses/${seg(courseId)}/assignments`, { ...withId(fields, draft.id), spec: check.spec });
      } else {
        if (!draft.packageFile) throw new Error('Choose the package zip to upload.');
        const form = new FormData();
        form.append('format', draft.source);
        form.append('package', draft.packageFile, draft.packageFile.name);
        form.append('assignment', JSON.stringify(withId(fields, draft.id)));
        saved = await post<Assignment>(`/courses/${seg(courseId)}/assignments`, form);
      }
      navigate(link('assignments', saved.id));
    } catch (failure) {
      setError(failure);
      setSaving(false);
    }
  };

  const text = (key: 'id' | 'title' | 'flavour', label: string, hint?: string, required = true) => (
    <Field id={`a-${key}`} label={label} hint={hint}>
      <input id={`a-${key}`} required={required} value={draft[key]} onChange={(e) => set(key, e.target.value)} aria-describedby={hint ? `a-${key}-hint` : undefined} />
    </Field>
  );
  const time = (key: 'opensAt' | 'dueAt' | 'lateUntil', label: string, hint?: string) => (
    <Field id={`a-${key}`} label={label} hint={hint}>
      <input id={`a-${key}`} type="datetime-local" required={key === 'dueAt'} value={draft[key]} onChange={(e) => set(key, e.target.value)} aria-describedby={hint ? `a-${key}-hint` : undefined} />
    </Field>
  );
  const number = (key: 'latePenalty' | 'limitCount' | 'limitHours', label: string, hint?: string) => (
    <Field id={`a-${key}`} label={label} hint={hint}>
      <input id={`a-${key}`} type="number" min={0} value={draft[key]} onChange={(e) => set(key, e.target.value)} aria-describedby={hint ? `a-${key}-hint` : undefined} />
    </Field>
  );

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href={link()}>Courses</a> › <a href={link('courses', courseId)}>{courseId}</a>
        {existing && (
          <>
            {' › '}
            <a href={link('assignments', existing.id)}>{existing.title}</a>
          </>
        )}
      </nav>
      <h1>{existing ? `Edit ${existing.title}` : 'New assignment'}</h1>
      <form onSubmit={save} className="editor">
        <fieldset>
          <legend>About</legend>
          {!existing && text('id', 'Id', 'Optional: lower-case letters, digits and -; made from the title when empty ("Lab 3: Lists" becomes lab-3-lists)', false)}
          {text('title', 'Title')}
          <Field id="a-description" label="Description">
            <textarea id="a-description" rows={6} value={draft.description} onChange={(e) => set('description', e.target.value)} />
          </Field>
          {text('flavour', 'Runner flavour', 'The runner shape that grades it, e.g. default')}
        </fieldset>
        <fieldset>
          <legend>Times and rules</legend>
          {time('opensAt', 'Opens', 'Optional; in your time zone')}
          {time('dueAt', 'Due', 'In your time zone')}
          {time('lateUntil', 'Late submissions until', 'Optional; none accepted after the due date when empty')}
          {number('latePenalty', 'Late penalty (% per day)')}
          {number('limitCount', 'Submission limit (runs)', 'Optional; unlimited when empty')}
          {number('limitHours', 'Limit window (hours)')}
          <Field id="a-visibility" label="Default test visibility">
            <select id="a-visibility" value={draft.defaultVisibility} onChange={(e) => set('defaultVisibility', e.target.value as Visibility)}>
              {VISIBILITIES.map((v) => (
                <option key={v.value} value={v.value}>
                  {v.label}
                </option>
              ))}
            </select>
          </Field>
          <Field id="a-counted" label="Which submission counts">
            <select id="a-counted" value={draft.countedSubmission} onChange={(e) => set('countedSubmission', e.target.value as CountedSubmission)}>
              <option value="LATEST">The latest</option>
              <option value="BEST">The best (highest final score)</option>
              <option value="CHOSEN">The one the student picks before the due date</option>
            </select>
          </Field>
          <label className="inline">
            <input type="checkbox" checked={draft.published} onChange={(e) => set('published', e.target.checked)} /> Published (students see it)
          </label>
          <label className="inline">
            <input type="checkbox" checked={draft.gradesPublished} onChange={(e) => set('gradesPublished', e.target.checked)} aria-describedby="a-grades-hint" /> Grades
            published
          </label>
          <span id="a-grades-hint" className="hint">
            Publishing releases the tests shown “When grades are published” and staff's score adjustments with their comments. Tests “Visible at
            once” show their results and points as soon as they are graded, published or not: to hold every score until you publish, make that
            the default visibility above.
          </span>
        </fieldset>
        <fieldset>
          <legend>Tests</legend>
          {!existing && (
            <div role="radiogroup" aria-label="How the tests are given" className="choices">
              {(
                [
                  ['io', 'IO tests (JSON spec)'],
                  ['script', 'Gradescope-style autograder zip'],
                  ['problem', 'Kattis problem package zip'],
                ] as const
              ).map(([value, label]) => (
                <label key={value} className="inline">
                  <input type="radio" name="source" value={value} checked={draft.source === value} onChange={() => set('source', value)} /> {label}
                </label>
              ))}
            </div>
          )}
          {jsonSpec ? (
            <>
              <div role="radiogroup" aria-label="Edit the tests" className="choices">
                {(
                  [
                    ['form', 'As a form'],
                    ['json', 'As JSON'],
                  ] as const
                ).map(([value, label]) => (
                  <label key={value} className="inline">
                    <input type="radio" name="tests-view" value={value} checked={testsView === value} onChange={() => setTestsView(value)} /> {label}
                  </label>
                ))}
              </div>
              {testsView === 'form' ? (
                parsedObject(draft.specText) ? (
                  <IoTestsForm spec={parsedObject(draft.specText)!} onChange={(spec) => set('specText', JSON.stringify(spec, null, 2))} />
                ) : (
                  <p className="error-text">The spec's JSON does not read as an object; correct it in the JSON view first.</p>
                )
              ) : (
                <Field id="a-spec" label="Grading spec (JSON)" hint="format, language and tests with stdin, args, expectedStdout, comparison, points, visibility">
                  <textarea
                    id="a-spec"
                    className="code"
                    rows={16}
                    spellCheck={false}
                    value={draft.specText}
                    onChange={(e) => set('specText', e.target.value)}
                    aria-describedby="a-spec-hint a-spec-check"
                    aria-invalid={check !== null && !check.ok}
                  />
                </Field>
              )}
              <p id="a-spec-check" aria-live="polite" className={check?.ok ? 'hint' : 'error-text'}>
                {check?.ok ? `${check.tests.length} tests, ${check.tests.reduce((s, t) => s + t.points, 0)} points` : check?.message}
              </p>
              {check?.ok && testsView === 'json' && <IoSpecPreview tests={check.tests} />}
            </>
          ) : existing ? (
            <>
              <p>
                The tests come from the {existing.format === 'script' ? 'autograder' : 'problem'} package of spec version {existing.specVersion}. A new package
                needs a new assignment for now.
              </p>
              <TestPreview tests={existing.tests} />
            </>
          ) : (
            <Field id="a-package" label={draft.source === 'script' ? 'Autograder zip (setup.sh, run_autograder)' : 'Problem zip (problem.yaml, data/)'}>
              <input id="a-package" type="file" accept=".zip,application/zip" required onChange={(e) => set('packageFile', e.target.files?.[0] ?? null)} />
            </Field>
          )}
          {!jsonSpec && !existing && <p className="hint">The tests are listed on the assignment's page once the package is stored.</p>}
        </fieldset>
        <ErrorMessage error={error} />
        <button type="submit" disabled={saving}>
          {saving ? 'Saving…' : existing ? 'Save changes' : 'Create assignment'}
        </button>
      </form>
    </>
  );
}

function parsedObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function withId<T extends object>(fields: T, id: string): T & { id?: string } {
  return id.trim() ? { ...fields, id: id.trim() } : fields;
}

function Field({ id, label, hint, children }: { id: string; label: string; hint?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
    </div>
  );
}

/** The IO tests as parsed from the editor, before anything is saved. */
function IoSpecPreview({ tests }: { tests: IoTestPreview[] }) {
  return (
    <div className="table-scroll">
      <table className="spec-preview">
        <caption>Preview of the tests</caption>
        <thead>
          <tr>
            <th scope="col">Test</th>
            <th scope="col" className="number">Points</th>
            <th scope="col">Visibility</th>
            <th scope="col">Comparison</th>
            <th scope="col">Input</th>
            <th scope="col">Expected output</th>
          </tr>
        </thead>
        <tbody>
          {tests.map((t, i) => (
            <tr key={i}>
              <th scope="row">{t.name}</th>
              <td className="number">{t.points}</td>
              <td>{t.visibility}</td>
              <td>{t.comparison}</td>
              <td>
                {t.args.length > 0 && <code>args: {t.args.join(' ')}</code>}
                <pre>{t.stdin}</pre>
              </td>
              <td>
                <pre>{t.expectedStdout}</pre>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
