/** What a person reads when a storage action is refused: one sentence per result code. */
const MESSAGES: Record<string, string> = {
  empty_name: 'A name cannot be empty.',
  name_taken: 'A list with that name already exists.',
  list_not_found: 'That list no longer exists.',
  row_not_found: 'That row no longer exists.',
  quota_exceeded:
    'The browser is out of storage space: this change was not saved, and nothing else was lost.',
  undo_expired: 'Too late to undo: the deleted rows are gone.',
};

export function refusalMessage(code: string): string {
  return MESSAGES[code] ?? `Something went wrong (${code}).`;
}
