import { useTheme, type ThemeChoice } from '../../hooks/use-theme';
import './layout.css';

/** System, Light or Dark: remembered on this device, applied before the first paint of the next visit. */
export function ThemeSwitch() {
  const [choice, choose] = useTheme();
  return (
    <label className="theme-switch">
      <span className="visually-hidden">Theme</span>
      <select value={choice} onChange={(e) => choose(e.target.value as ThemeChoice)}>
        <option value="system">System theme</option>
        <option value="light">Light theme</option>
        <option value="dark">Dark theme</option>
      </select>
    </label>
  );
}
