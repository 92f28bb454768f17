// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { book } from '../test/fakes';
import { visibleRows } from './gradebook';

const names = (view: Parameters<typeof visibleRows>[1]) => visibleRows(book, view).map((r) => r.username);

describe('visibleRows', () => {
  it('sorts by username, name or total in either direction', () => {
    expect(names({ filter: '', sort: { kind: 'username' }, descending: false })).toEqual(['ada', 'alan', 'grace']);
    expect(names({ filter: '', sort: { kind: 'displayName' }, descending: true })).toEqual(['grace', 'alan', 'ada']);
    expect(names({ filter: '', sort: { kind: 'total' }, descending: true })).toEqual(['alan', 'grace', 'ada']);
  });

  it('sorts by an assignment with missing grades last either way', () => {
    expect(names({ filter: '', sort: { kind: 'assignment', id: 'a2' }, descending: false })).toEqual(['grace', 'alan', 'ada']);
    expect(names({ filter: '', sort: { kind: 'assignment', id: 'a2' }, descending: true })).toEqual(['alan', 'grace', 'ada']);
  });

  it('filters by username or name, ignoring case', () => {
    expect(names({ filter: 'TURING', sort: { kind: 'username' }, descending: false })).toEqual(['alan']);
    expect(names({ filter: ' a', sort: { kind: 'username' }, descending: false })).toEqual(['ada', 'alan', 'grace']);
    expect(names({ filter: 'zzz', sort: { kind: 'username' }, descending: false })).toEqual([]);
  });

  it('leaves the grade book it was given as it was', () => {
    visibleRows(book, { filter: '', sort: { kind: 'total' }, descending: false });
    expect(book.students.map((s) => s.username)).toEqual(['grace', 'ada', 'alan']);
  });

  it('sorts a grade still being graded with the missing ones', () => {
    const pending = { ...book, students: book.students.map((s) => (s.username === 'alan' ? { ...s, grades: { ...s.grades, a2: { ...s.grades.a2, score: null, finalScore: null } } } : s)) };
    expect(visibleRows(pending, { filter: '', sort: { kind: 'assignment', id: 'a2' }, descending: true }).map((r) => r.username)).toEqual(['grace', 'ada', 'alan']);
  });
});
