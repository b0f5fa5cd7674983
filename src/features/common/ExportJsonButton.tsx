/** Every task page has this button; its accessible name is exactly "Export JSON". */
export function ExportJsonButton({ onExport, disabled }: { onExport: () => void; disabled: boolean }) {
  return (
    <button type="button" onClick={onExport} disabled={disabled}>
      Export JSON
    </button>
  );
}
