// Multi-selection in the call list, as in a file manager: a click selects one call, Ctrl/Cmd-click
// adds or removes one, Shift-click selects the range from the anchor (the last plain or Ctrl click).
// The selection is a list of Call-IDs, not rows: it survives the list being re-queried or paged.

export interface CallSelection {
  /** In list order, so the ladder's colours follow the list. */
  readonly callIds: readonly string[];
  /** Where a Shift range starts. */
  readonly anchor?: string;
  /** The call last clicked or stepped to: where Up/Down go on from. */
  readonly cursor?: string;
}

export const NO_SELECTION: CallSelection = { callIds: [] };

export interface ClickModifiers {
  readonly toggle: boolean;
  readonly range: boolean;
}

/** The traces.ladder request takes at most this many Call-IDs. */
export const MAX_SELECTED_CALLS = 500;

function inListOrder(ids: ReadonlySet<string>, list: readonly string[]): readonly string[] {
  const ordered = list.filter((id) => ids.has(id));
  // Selected calls not in the (re-queried) list keep their place at the end.
  for (const id of ids) if (!ordered.includes(id)) ordered.push(id);
  return ordered.slice(0, MAX_SELECTED_CALLS);
}

export function clickCall(
  selection: CallSelection,
  list: readonly string[],
  callId: string,
  mods: ClickModifiers,
): CallSelection {
  if (mods.range && selection.anchor !== undefined) {
    const a = list.indexOf(selection.anchor);
    const b = list.indexOf(callId);
    if (a >= 0 && b >= 0) {
      const range = list.slice(Math.min(a, b), Math.max(a, b) + 1);
      const ids = new Set(mods.toggle ? [...selection.callIds, ...range] : range);
      return { callIds: inListOrder(ids, list), anchor: selection.anchor, cursor: callId };
    }
  }
  if (mods.toggle) {
    const ids = new Set(selection.callIds);
    if (ids.has(callId)) ids.delete(callId);
    else ids.add(callId);
    return { callIds: inListOrder(ids, list), anchor: callId, cursor: callId };
  }
  return { callIds: [callId], anchor: callId, cursor: callId };
}

/**
 * Up/Down in the call list: the next or previous call becomes the selection (Shift extends the
 * range from the anchor). With nothing selected, Down starts at the first call and Up at the last.
 */
export function stepCall(
  selection: CallSelection,
  list: readonly string[],
  step: 1 | -1,
  extend: boolean,
): CallSelection {
  if (list.length === 0) return selection;
  const at = selection.cursor === undefined ? -1 : list.indexOf(selection.cursor);
  const nextIndex =
    at < 0 ? (step === 1 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + step));
  const next = list[nextIndex];
  if (next === undefined) return selection;
  if (extend && selection.anchor !== undefined)
    return clickCall(selection, list, next, { toggle: false, range: true });
  return { callIds: [next], anchor: next, cursor: next };
}
