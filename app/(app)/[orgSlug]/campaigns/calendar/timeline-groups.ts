import type { Item } from "./calendar-move";
import type { TimelineGroup } from "./calendar-params";

export interface Group {
  key: string;
  label: string;
  items: Item[];
}

/**
 * Rows of the timeline: one group per channel (a campaign on two channels shows in both) or per
 * department. Rows keep the order of `items` (calendar order, kept while a bar is dragged).
 */
export function timelineGroups(
  items: Item[],
  group: TimelineGroup,
  opts: {
    channels: string[];
    channelFilter?: string;
    channelLabel: (c: string) => string;
    noDepartment: string;
  },
): Group[] {
  if (group === "channel") {
    const present = new Set(items.flatMap((i) => i.channels));
    const order = [
      ...opts.channels.filter((c) => present.has(c)),
      ...[...present].filter((c) => !opts.channels.includes(c)).sort(),
    ];
    return order
      .filter((c) => !opts.channelFilter || c === opts.channelFilter)
      .map((c) => ({
        key: c,
        label: opts.channelLabel(c),
        items: items.filter((i) => i.channels.includes(c)),
      }));
  }
  const depts = new Map<string, Group>();
  for (const i of items) {
    const key = i.departmentId ?? "";
    const g = depts.get(key) ?? {
      key: key || "none",
      label: i.departmentName ?? opts.noDepartment,
      items: [],
    };
    g.items.push(i);
    depts.set(key, g);
  }
  return [...depts.entries()]
    .sort(([a, x], [b, y]) => (!a ? 1 : !b ? -1 : x.label.localeCompare(y.label)))
    .map(([, g]) => g);
}
