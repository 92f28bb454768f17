/** Marks a practice run wherever a submission is shown: it was graded on the visible tests only. */
export function PracticeBadge() {
  return (
    <span className="badge badge-practice" title="Graded on the visible tests only; does not count">
      Practice, not counted
    </span>
  );
}
