import { useState, type FormEvent } from 'react';
import { post } from '../api/client';
import type { Course, CourseSummary } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';
import { link } from '../lib/router';
import { useSession } from '../lib/session';
import { useResource } from '../lib/useResource';

const ROLE_NAMES = { INSTRUCTOR: 'Instructor', TA: 'Teaching assistant', STUDENT: 'Student' } as const;

/** The viewer's courses (every course for a site admin, who may also create one). */
export function CoursesPage() {
  const { account } = useSession();
  const courses = useResource<CourseSummary[]>('/courses');
  return (
    <>
      <h1>Courses</h1>
      <ErrorMessage error={courses.error} />
      {courses.data &&
        (courses.data.length === 0 ? (
          <p>You are not on any course's roster yet.</p>
        ) : (
          <ul className="cards">
            {courses.data.map((c) => (
              <li key={c.id} className="card">
                <a href={link('courses', c.id)}>
                  <strong>{c.code}</strong> {c.title}
                </a>
                <span className="hint">
                  {c.term}
                  {c.role && ` · ${ROLE_NAMES[c.role]}`}
                </span>
              </li>
            ))}
          </ul>
        ))}
      {account.siteAdmin && <NewCourseForm onCreated={courses.reload} />}
    </>
  );
}

function NewCourseForm({ onCreated }: { onCreated: () => void }) {
  const [fields, setFields] = useState({ id: '', code: '', title: '', term: '' });
  const [error, setError] = useState<unknown>();
  const [created, setCreated] = useState<Course>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      setCreated(await post<Course>('/courses', fields));
      setFields({ id: '', code: '', title: '', term: '' });
      onCreated();
    } catch (failure) {
      setError(failure);
    }
  };
  const field = (name: keyof typeof fields, label: string, hint?: string) => (
    <div className="field">
      <label htmlFor={`course-${name}`}>{label}</label>
      <input id={`course-${name}`} required value={fields[name]} onChange={(e) => setFields({ ...fields, [name]: e.target.value })} aria-describedby={hint ? `course-${name}-hint` : undefined} />
      {hint && (
        <span id={`course-${name}-hint`} className="hint">
          {hint}
        </span>
      )}
    </div>
  );
  return (
    <section aria-labelledby="new-course-heading">
      <h2 id="new-course-heading">New course</h2>
      <form onSubmit={submit} className="grid-form">
        {field('id', 'Id', 'lower-case letters, digits and -, e.g. cs101-2026')}
        {field('code', 'Code', 'e.g. CS 101')}
        {field('title', 'Title')}
        {field('term', 'Term', 'e.g. Fall 2026')}
        <ErrorMessage error={error} />
        <button type="submit">Create course</button>
      </form>
      {created && (
        <p role="status">
          Created <a href={link('courses', created.id)}>{created.code}</a>. Add its instructors on its roster page.
        </p>
      )}
    </section>
  );
}
