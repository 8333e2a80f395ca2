import { useState, type RefObject } from 'react';

/**
 * Copies to the clipboard and says so next to the button. Without a clipboard (a page on plain http, or permission
 * refused) the text is selected in its field for Ctrl+C instead.
 */
export function CopyButton({
  label,
  what,
  text,
  field,
  primary,
}: {
  label: string;
  what: string;
  text: string;
  field: RefObject<HTMLInputElement | null>;
  primary?: boolean;
}) {
  const [status, setStatus] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setStatus(`${what} copied to the clipboard.`);
    } catch {
      field.current?.select();
      setStatus(`Could not reach the clipboard: the ${what.toLowerCase()} is selected, press Ctrl+C (⌘C).`);
    }
  };
  return (
    <>
      <button
        type="button"
        className={primary ? 'primary' : undefined}
        disabled={!text}
        onClick={() => void copy()}
      >
        {label}
      </button>
      <span role="status" className="copy-status">
        {status}
      </span>
    </>
  );
}
