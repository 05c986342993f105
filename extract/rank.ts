import type { RawGroup } from './context.ts';

/** Fewer people than this in the page's lists, and a page about one person wins. */
const MIN_LIST_PEOPLE = 3;

/**
 * The groups that make up the page's default answer: structured data always; then the accepted
 * lists when they show a few people, else the page's one person, else whatever lists were accepted.
 */
export function chooseDefault(groups: RawGroup[]): RawGroup[] {
  const structured = groups.filter((g) => g.kind === 'structured');
  const lists = groups.filter((g) => g.kind === 'list' && g.accepted);
  const single = groups.find((g) => g.kind === 'single');
  const listPeople = lists.reduce((sum, g) => sum + g.profiles.length, 0);
  if (listPeople >= MIN_LIST_PEOPLE) return [...structured, ...lists];
  if (single) return [...structured, single];
  return [...structured, ...lists];
}

/** Alternatives for "Try another list": every group, best first. */
export function rankGroups(groups: RawGroup[]): RawGroup[] {
  return [...groups].sort((a, b) => b.score - a.score);
}
