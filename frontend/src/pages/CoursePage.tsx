import { seg } from '../api/client';
import type { Assignment, Course } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';
import { YourGradeCell } from '../components/YourGrade';
import { formatTime } from '../lib/format';
import { link } from '../lib/router';
import { isStaff, useCourseRole } from '../lib/session';
import { useResource } from '../lib/useResource';

export function CoursePage({ courseId }: { courseId: string }) {
  const role = useCourseRole(courseId);
  const staff = isStaff(role);
  const course = useResource<Course>(`/courses/${seg(courseId)}`);
  const assignments = useResource<Assignment[]>(`/courses/${seg(courseId)}/assignments`);
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href={link()}>Courses</a>
      </nav>
      <h1>{course.data ? `${course.data.code}: ${course.data.title}` : courseId}</h1>
      {course.data && <p className="hint">{course.data.term}</p>}
      <ErrorMessage error={course.error} />
      {staff && (
        <ul className="actions" aria-label="Course tools">
          <li>
            <a className="button" href={link('courses', courseId, 'roster')}>
              Roster
            </a>
          </li>
          <li>
            <a className="button" href={link('courses', courseId, 'gradebook')}>
              Grade book
            </a>
          </li>
          <li>
            <a className="button" href={link('courses', courseId, 'audit')}>
              Audit log
            </a>
          </li>
          {role === 'INSTRUCTOR' && (
            <li>
              <a className="button" href={link('courses', courseId, 'assignments', 'new')}>
                New assignment
              </a>
            </li>
          )}
        </ul>
      )}
      <h2>Assignments</h2>
      <ErrorMessage error={assignments.error} />
      {assignments.data &&
        (assignments.data.length === 0 ? (
          <p>No assignments yet.</p>
        ) : (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Assignment</th>
                  <th scope="col">Due</th>
                  <th scope="col">{staff ? 'State' : 'Runs left'}</th>
                  {!staff && <th scope="col">Your grade</th>}
                </tr>
              </thead>
              <tbody>
                {[...assignments.data]
                  .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
                  .map((a) => (
                    <tr key={a.id}>
                      <th scope="row">
                        <a href={link('assignments', a.id)}>{a.title}</a>
                      </th>
                      <td>
                        {formatTime(a.dueAt)}
                        {a.extended && ' (extended)'}
                      </td>
                      <td>{staff ? (a.published ? 'Published' : 'Draft') : a.runsLeft === null || a.runsLeft === undefined ? 'Unlimited' : a.runsLeft}</td>
                      {!staff && (
                        <td>
                          <YourGradeCell assignment={a} />
                        </td>
                      )}
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        ))}
    </>
  );
}
