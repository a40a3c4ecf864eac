/**
 * What stands in for a person's name and institution once their personal data is erased
 * (on request, when every registration of theirs is cancelled, or after RETENTION_MONTHS). The
 * records stay, so that every count stays as it was; nothing in them points to the person.
 */
export const ERASED_TEXT = "—";

/**
 * The e-mail field of an erased participant: unique (the field has a unique index), built from
 * the record's own random id rather than from the address, and in the `.invalid` top-level
 * domain (RFC 2606), which no mail ever reaches.
 */
export function erasedEmail(participantId: string): string {
  return `erased-${participantId}@erased.invalid`;
}

/** What the export says about feedback, which is collected so that it cannot be attributed. */
export const FEEDBACK_NOTE =
  "Feedback responses are anonymous: they hold no name, e-mail, registration or invitation, " +
  "so none can be attributed to this person and none are part of this export. The invitations " +
  "listed record only that a one-time link was handed out and whether it was used.";
