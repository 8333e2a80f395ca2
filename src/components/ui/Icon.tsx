/** Small inline icons: no icon font or emoji font is needed (many Linux machines have no emoji glyphs). */
const PATHS = {
  folder:
    'M2 5.5A1.5 1.5 0 0 1 3.5 4H8l2 2h6.5A1.5 1.5 0 0 1 18 7.5v8a1.5 1.5 0 0 1-1.5 1.5h-13A1.5 1.5 0 0 1 2 15.5z',
  file: 'M5 2.5h7l4 4v11a.5.5 0 0 1-.5.5h-10a.5.5 0 0 1-.5-.5zM12 2.5V7h4',
  bucket: 'M3 5h14l-1.6 11.2a1 1 0 0 1-1 .8H5.6a1 1 0 0 1-1-.8zM3 5c0-1.1 3.1-2 7-2s7 .9 7 2',
  more: 'M3.5 10a1.5 1.5 0 1 0 3 0a1.5 1.5 0 1 0-3 0M8.5 10a1.5 1.5 0 1 0 3 0a1.5 1.5 0 1 0-3 0M13.5 10a1.5 1.5 0 1 0 3 0a1.5 1.5 0 1 0-3 0',
};

export function Icon({ name }: { name: keyof typeof PATHS }) {
  return (
    <svg
      className={`icon icon-${name}`}
      viewBox="0 0 20 20"
      width="18"
      height="18"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
