import { useEffect, useId, useRef, useState, type DragEvent } from 'react';

const carriesFiles = (event: globalThis.DragEvent) => event.dataTransfer?.types?.includes('Files') ?? false;

/**
 * Files chosen by dropping them on the zone or with the file picker (the zone's button, reachable
 * by keyboard). Choosing a file of a name already chosen replaces it. With `wholePage`, files
 * dropped anywhere on the page are taken too, instead of the browser opening them in a new tab.
 * `problems` marks a chosen file that cannot be sent, with why.
 */
export function FileDrop({
  files,
  onChange,
  label = 'Files',
  hint,
  problems,
  wholePage = false,
}: {
  files: File[];
  onChange: (files: File[]) => void;
  label?: string;
  hint?: string;
  problems?: Map<string, string>;
  wholePage?: boolean;
}) {
  const inputId = useId();
  const [dragging, setDragging] = useState(false);
  const add = (added: FileList | null | undefined) => {
    if (!added || added.length === 0) return;
    const byName = new Map(files.map((f) => [f.name, f]));
    for (const file of Array.from(added)) byName.set(file.name, file);
    onChange([...byName.values()]);
  };
  const addLatest = useRef(add);
  addLatest.current = add;
  useEffect(() => {
    if (!wholePage) return undefined;
    const over = (event: globalThis.DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      setDragging(true);
    };
    const leave = (event: globalThis.DragEvent) => {
      if (event.relatedTarget === null) setDragging(false);
    };
    const drop = (event: globalThis.DragEvent) => {
      setDragging(false);
      if (!carriesFiles(event) || event.defaultPrevented) return;
      event.preventDefault();
      addLatest.current(event.dataTransfer?.files);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [wholePage]);
  const drop = (event: DragEvent) => {
    // Handled here; the page's own listener sees it as done.
    event.preventDefault();
    setDragging(false);
    add(event.dataTransfer.files);
  };
  return (
    <div
      className={dragging ? 'file-drop dragging' : 'file-drop'}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(wholePage)}
      onDrop={drop}
    >
      <label htmlFor={inputId}>{label}</label>
      <p className="hint">{wholePage ? 'Drop files anywhere on this page, or choose them:' : 'Drop files here, or choose them:'}</p>
      {hint && <p className="hint">{hint}</p>}
      <input
        id={inputId}
        type="file"
        multiple
        onChange={(event) => {
          add(event.target.files);
          event.target.value = '';
        }}
      />
      {files.length > 0 && (
        <ul className="file-list" aria-label="Chosen files">
          {files.map((file) => {
            const problem = problems?.get(file.name);
            return (
              <li key={file.name} className={problem ? 'refused' : undefined}>
                <span>{file.name}</span> <span className="hint">({file.size} bytes)</span>{' '}
                {problem && <span className="field-error">cannot be sent: {problem}</span>}{' '}
                <button type="button" className="link-button" aria-label={`Remove ${file.name}`} onClick={() => onChange(files.filter((f) => f !== file))}>
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
