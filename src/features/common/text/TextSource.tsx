/** Text input: type or paste, or drop / pick a .txt or .md file (checked to really be text). */
import { useState, type DragEvent } from 'react';
import { AppError } from '../../../protocol/errors';
import { readTextFile } from './text-file';

export function TextSource({
  value,
  onChange,
  label,
  placeholder,
  disabled,
  rows = 10,
  accept = '.txt,.md,.markdown,text/plain,text/markdown',
  onFileText,
}: {
  value: string;
  onChange: (text: string) => void;
  label: string;
  placeholder?: string;
  disabled?: boolean;
  rows?: number;
  accept?: string;
  /** Called instead of onChange for a file, with its name (e.g. to parse a CSV). */
  onFileText?: (text: string, file: File) => void;
}) {
  const [fileError, setFileError] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  const [fileName, setFileName] = useState<string | null>(null);

  const takeFile = async (file: File | undefined) => {
    if (!file) return;
    setFileError(null);
    try {
      const text = await readTextFile(file);
      setFileName(file.name);
      if (onFileText) onFileText(text, file);
      else onChange(text);
    } catch (err) {
      setFileName(null);
      setFileError(err instanceof AppError ? err.message : `“${file.name}” could not be read: ${String(err)}`);
    }
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void takeFile(e.dataTransfer.files[0]);
  };

  return (
    <div
      className={`text-source${over ? ' drag-over' : ''}`}
      onDragOver={(e) => (e.preventDefault(), setOver(true))}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-testid="drop-zone"
    >
      <label className="block">
        {label}
        <textarea
          value={value}
          rows={rows}
          placeholder={placeholder}
          disabled={disabled}
          spellCheck={false}
          onChange={(e) => {
            setFileName(null);
            setFileError(null);
            onChange(e.target.value);
          }}
        />
      </label>
      <div className="row small muted">
        <label>
          Or open a file{' '}
          <input
            type="file"
            accept={accept}
            data-testid="text-file-input"
            disabled={disabled}
            onChange={(e) => void takeFile(e.target.files?.[0]).then(() => (e.target.value = ''))}
          />
        </label>
        <span data-testid="char-count">
          {fileName ? `${fileName}: ` : ''}
          {value.length.toLocaleString('en')} characters
        </span>
      </div>
      {fileError && (
        <p className="error" role="alert" data-testid="file-error">
          {fileError}
        </p>
      )}
    </div>
  );
}
