import { useId, useState, type DragEvent } from 'react';

/**
 * Files chosen by dropping them on the zone or with the file picker (the zone's button, reachable
 * by keyboard). Choosing a file of a name already chosen replaces it.
 */
export function FileDrop({ files, onChange, label = 'Files' }: { files: File[]; onChange: (files: File[]) => void; label?: string }) {
  const inputId = useId();
  const [dragging, setDragging] = useState(false);
  const add = (added: FileList | null) => {
    if (!added || added.length === 0) return;
    const byName = new Map(files.map((f) => [f.name, f]));
    for (const file of Array.from(added)) byName.set(file.name, file);
    onChange([...byName.values()]);
  };
  const drop = (event: DragEvent) => {
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
      onDragLeave={() => setDragging(false)}
      onDrop={drop}
    >
      <label htmlFor={inputId}>{label}</label>
      <p className="hint">Drop files here, or choose them:</p>
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
          {files.map((file) => (
            <li key={file.name}>
              <span>{file.name}</span> <span className="hint">({file.size} bytes)</span>{' '}
              <button type="button" className="link-button" onClick={() => onChange(files.filter((f) => f !== file))}>
                Remove<span className="visually-hidden"> {file.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
