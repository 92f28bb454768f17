import { ApiError } from '../api/client';

/** The API's error message (and its per-field or per-line details), announced at once. */
export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const details = error instanceof ApiError ? error.details : [];
  return (
    <div className="error" role="alert">
      <p>{message}</p>
      {details.length > 0 && (
        <ul>
          {details.map((d, i) => (
            <li key={i}>
              {d.line !== undefined && `Line ${d.line}: `}
              {d.field !== undefined && `${d.field}: `}
              {d.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
