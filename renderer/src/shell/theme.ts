// Light or dark, chosen by the user and remembered; the system's setting until they choose.
export type Theme = 'light' | 'dark';
const KEY = 'sipkit.theme';

export function initialTheme(win: Window = window): Theme {
  const saved = win.localStorage.getItem(KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return win.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function applyTheme(theme: Theme, win: Window = window): void {
  win.document.documentElement.dataset.theme = theme;
  win.localStorage.setItem(KEY, theme);
}

export function otherTheme(theme: Theme): Theme {
  return theme === 'dark' ? 'light' : 'dark';
}
