import type { GradeBook } from '../api/types';

export type GradeBookRow = GradeBook['students'][number];

/** A column to sort by: the student's name, username, total, or one assignment's final score. */
export type SortKey = { kind: 'username' } | { kind: 'displayName' } | { kind: 'total' } | { kind: 'assignment'; id: string };

export interface GradeBookView {
  filter: string;
  sort: SortKey;
  descending: boolean;
}

/** The rows to show: those whose username or name contains the filter, sorted; missing grades always last. */
export function visibleRows(book: GradeBook, view: GradeBookView): GradeBookRow[] {
  const needle = view.filter.trim().toLowerCase();
  const rows = needle
    ? book.students.filter((s) => s.username.toLowerCase().includes(needle) || s.displayName.toLowerCase().includes(needle))
    : [...book.students];
  const direction = view.descending ? -1 : 1;
  return rows.sort((a, b) => {
    const x = sortValue(a, view.sort);
    const y = sortValue(b, view.sort);
    if (x === null || y === null) {
      if (x === y) return a.username.localeCompare(b.username);
      return x === null ? 1 : -1;
    }
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return order !== 0 ? direction * order : a.username.localeCompare(b.username);
  });
}

function sortValue(row: GradeBookRow, key: SortKey): string | number | null {
  switch (key.kind) {
    case 'username':
      return row.username;
    case 'displayName':
      return row.displayName;
    case 'total':
      return row.total;
    case 'assignment':
      return row.grades[key.id]?.finalScore ?? null;
  }
}

export function sameKey(a: SortKey, b: SortKey): boolean {
  return a.kind === b.kind && (a.kind !== 'assignment' || (b.kind === 'assignment' && a.id === b.id));
}
