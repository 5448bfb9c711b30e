// Keyboard selection for table rows: Enter or Space acts like a click.
import type { KeyboardEvent } from 'react';

export function selectOnKey(select: () => void): (event: KeyboardEvent) => void {
  return (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    select();
  };
}
