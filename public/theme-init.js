// Applies the theme chosen with the top bar's switch before the first paint, so the other theme never flashes.
// A file of its own, loaded by the pages' <head>, because the Content-Security-Policy allows no inline script.
// The key and its values are those of src/hooks/use-theme.ts, which writes them.
try {
  const theme = localStorage.getItem('s3fm.theme');
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
} catch {
  // Storage may be disabled: the page follows the system.
}
