import { API, seg } from '../api/client';
import type { GradeBook } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';
import { GradeBookTable } from '../components/GradeBookTable';
import { link } from '../lib/router';
import { useResource } from '../lib/useResource';

export function GradeBookPage({ courseId }: { courseId: string }) {
  const book = useResource<GradeBook>(`/courses/${seg(courseId)}/gradebook`);
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href={link()}>Courses</a> › <a href={link('courses', courseId)}>{courseId}</a>
      </nav>
      <h1>Grade book</h1>
      <p>
        Each student's latest graded submission, late penalty applied.{' '}
        <a className="button" href={`${API}/courses/${seg(courseId)}/gradebook.csv`} download={`${courseId}-gradebook.csv`}>
          Export CSV
        </a>
      </p>
      <ErrorMessage error={book.error} />
      {book.data && <GradeBookTable book={book.data} />}
    </>
  );
}
