/** Choose images: file input (multiple), drag and drop, or paste. */
import { useEffect, useRef, useState } from 'react';

export function ImagePicker({ onFiles, disabled, label = 'Choose images' }: { onFiles: (files: File[]) => void; disabled?: boolean; label?: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  useEffect(() => {
    const paste = (e: ClipboardEvent) => {
      const files = [...(e.clipboardData?.files ?? [])];
      if (files.length && !disabled) {
        e.preventDefault();
        onFiles(
          files.map((f, i) => (f.name && f.name !== 'image.png' ? f : new File([f], `pasted-${i + 1}.${f.type.split('/')[1] || 'png'}`, { type: f.type }))),
        );
      }
    };
    window.addEventListener('paste', paste);
    return () => window.removeEventListener('paste', paste);
  }, [onFiles, disabled]);

  return (
    <div
      className={`dropzone${over ? ' over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const files = [...e.dataTransfer.files];
        if (files.length && !disabled) onFiles(files);
      }}
    >
      <label className="button">
        {label}
        <input
          ref={input}
          type="file"
          multiple
          accept="image/*"
          disabled={disabled}
          data-testid="file-input"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            if (files.length) onFiles(files);
          }}
        />
      </label>
      {/* Touch devices: the camera directly (capture), and no desktop hints (drop, Ctrl/⌘+V). */}
      <label className="button touch-only">
        Take a photo
        <input
          type="file"
          accept="image/*"
          capture="environment"
          disabled={disabled}
          data-testid="camera-input"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            if (files.length) onFiles(files);
          }}
        />
      </label>
      <span className="muted desktop-only"> or drop images here, or paste one (Ctrl/⌘+V)</span>
    </div>
  );
}
