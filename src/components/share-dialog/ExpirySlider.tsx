import { useId } from 'react';
import { formatDuration } from './expiry';

/** "Expires in": a slider over `stops` (seconds), its value said in words to screen readers. */
export function ExpirySlider({
  stops,
  index,
  onChange,
}: {
  stops: readonly number[];
  index: number;
  onChange: (seconds: number) => void;
}) {
  const sliderId = useId();
  const seconds = stops[index];
  return (
    <div className="expiry-row">
      <label htmlFor={sliderId}>Expires in</label>
      <input
        id={sliderId}
        type="range"
        min={0}
        max={stops.length - 1}
        step={1}
        value={index}
        aria-valuetext={formatDuration(seconds)}
        onChange={(e) => onChange(stops[Number(e.target.value)])}
      />
      {/* Screen readers hear the value through aria-valuetext. */}
      <span className="expiry-value" aria-hidden="true">
        {formatDuration(seconds)}
      </span>
    </div>
  );
}
