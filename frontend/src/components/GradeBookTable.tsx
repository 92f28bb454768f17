import { Fragment, useId, useState, type ReactNode } from 'react';
import type { GradeBook } from '../api/types';
import { formatNumber } from '../lib/format';
import { link } from '../lib/router';
import { sameKey, visibleRows, type GradeBookView, type SortKey } from './gradebook';

/** The grade book: a filter box, and column headers that are buttons sorting by that column. */
export function GradeBookTable({ book }: { book: GradeBook }) {
  const filterId = useId();
  const [view, setView] = useState<GradeBookView>({ filter: '', sort: { kind: 'username' }, descending: false });
  const rows = visibleRows(book, view);
  const sortBy = (key: SortKey) =>
    setView((v) => ({ ...v, sort: key, descending: sameKey(v.sort, key) ? !v.descending : key.kind === 'total' || key.kind === 'assignment' }));
  const header = (key: SortKey, label: ReactNode) => {
    const active = sameKey(view.sort, key);
    return (
      <th scope="col" className={key.kind === 'total' || key.kind === 'assignment' ? 'number' : undefined} aria-sort={active ? (view.descending ? 'descending' : 'ascending') : 'none'}>
        <button type="button" className="sort-button" onClick={() => sortBy(key)}>
          {label}
          <span aria-hidden="true">{active ? (view.descending ? ' ▼' : ' ▲') : ''}</span>
        </button>
      </th>
    );
  };
  return (
    <div className="gradebook">
      <div className="toolbar">
        <label htmlFor={filterId}>Filter students</label>
        <input id={filterId} type="search" value={view.filter} onChange={(e) => setView({ ...view, filter: e.target.value })} />
        <span aria-live="polite" className="hint">
          {rows.length} of {book.students.length} students
        </span>
      </div>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              {header({ kind: 'username' }, 'Username')}
              {header({ kind: 'displayName' }, 'Name')}
              {book.assignments.map((a) => (
                <Fragment key={a.id}>{header({ kind: 'assignment', id: a.id }, `${a.title} (${formatNumber(a.maxScore)})`)}</Fragment>
              ))}
              {header({ kind: 'total' }, 'Total')}
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.username}>
                <th scope="row">{s.username}</th>
                <td>{s.displayName}</td>
                {book.assignments.map((a) => {
                  const grade = s.grades[a.id];
                  return (
                    <td key={a.id} className="number">
                      {grade ? (
                        <a href={link('submissions', grade.submissionId)} title={grade.daysLate > 0 ? `${grade.daysLate} days late, −${grade.penaltyPercent}%` : undefined}>
                          {grade.finalScore === null ? 'grading…' : formatNumber(grade.finalScore)}
                          {grade.daysLate > 0 && <span className="late-mark"> (late)</span>}
                          {grade.adjusted && <span className="late-mark"> (adjusted)</span>}
                          <span className="counts-mark">
                            {' '}
                            #{grade.submissionNumber}, {grade.counts}
                          </span>
                        </a>
                      ) : (
                        <span aria-label="no submission">—</span>
                      )}
                    </td>
                  );
                })}
                <td className="number">{formatNumber(s.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

