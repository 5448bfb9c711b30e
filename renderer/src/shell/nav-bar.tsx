// The left navigation: one button per screen, the current one marked for screen readers too.
import { SCREENS, type Screen } from '../navigation';
import { SCREEN_LABELS } from './screen-labels';

export function NavBar({
  current,
  onSelect,
}: {
  readonly current: Screen;
  readonly onSelect: (s: Screen) => void;
}) {
  return (
    <nav className="nav" aria-label="Screens">
      {SCREENS.map((screen) => (
        <button
          key={screen}
          type="button"
          className="nav-item"
          data-testid={`nav-${screen}`}
          aria-current={screen === current ? 'page' : undefined}
          onClick={() => onSelect(screen)}
        >
          {SCREEN_LABELS[screen]}
        </button>
      ))}
    </nav>
  );
}
