import { useId } from 'react';
import { useUnorderedListing } from '../../hooks/use-listing-options';
import './unordered-toggle.css';

/**
 * "Unordered listing": RGW's allow-unordered, much faster on huge buckets. It gives up the server's sort and the
 * folders (RGW 16 refuses a delimiter with it), which the hint says; a server's refusal turns it back off.
 */
export function UnorderedToggle() {
  const { active, refusal, option } = useUnorderedListing();
  const hintId = useId();
  return (
    <span className="unordered-toggle">
      <label className="check" title="RGW's allow-unordered listing">
        <input
          type="checkbox"
          checked={active}
          onChange={(e) => option.setRequested(e.target.checked)}
          aria-describedby={hintId}
        />
        Unordered listing
      </label>
      <span id={hintId} className={active || refusal ? 'unordered-hint' : 'visually-hidden'} role="status">
        {refusal
          ? `The server refused it (${refusal.code}): listed in the normal order.`
          : 'Faster on huge RGW buckets, but keys come in the server’s hash order and without folders: every key below this folder, flat.'}
      </span>
    </span>
  );
}
