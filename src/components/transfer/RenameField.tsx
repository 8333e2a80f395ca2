import { useEffect, useRef, useState } from 'react';

/** Where the part of a name before its extension ends: "report.final.pdf" → before ".pdf"; ".env", "notes" → all. */
export function stemLength(name: string): number {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? dot : name.length;
}

/**
 * The inline name editor of a row (F2 or Rename): the name is selected up to its extension, Enter saves, Escape
 * and leaving the field cancel. Keys stay inside the field: the table's own shortcuts must not act on them.
 */
export function RenameField({
  name,
  folder,
  onSave,
  onCancel,
}: {
  /** The name without a folder's trailing "/". */
  name: string;
  folder: boolean;
  onSave: (name: string) => void;
  onCancel: () => void;
}) {
  const [value, setValue] = useState(name);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    input.current?.setSelectionRange(0, folder ? name.length : stemLength(name));
  }, [name, folder]);
  return (
    <input
      ref={input}
      className="rename-field"
      aria-label={`New name for ${name}${folder ? '/' : ''}`}
      value={value}
      spellCheck={false}
      onChange={(e) => setValue(e.target.value)}
      onBlur={onCancel}
      onClick={(e) => e.stopPropagation()}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Enter') {
          e.preventDefault();
          if (value === name) onCancel();
          else onSave(value);
        }
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    />
  );
}
