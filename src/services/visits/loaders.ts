import DataLoader from "dataloader";

import type { VisitsServices } from "./index.js";
import type { OrganizationRecord } from "./organization.service.js";
import type { ParticipantRecord, RegistrationRecord } from "./registration.service.js";
import type { VisitRecord } from "./visit.service.js";

/**
 * One set per request: each batches the lookups a query makes into one `$in` find, so a page
 * of 100 visits with their hosts costs as many database commands as a page of 10.
 */
export function createVisitsLoaders(services: VisitsServices) {
  return {
    organizations: new DataLoader<string, OrganizationRecord | null>((ids) =>
      services.organizations.byIds(ids),
    ),
    /** Whatever their status: callers apply the visibility rule. */
    visits: new DataLoader<string, VisitRecord | null>((ids) => services.visits.byIds(ids)),
    participants: new DataLoader<string, ParticipantRecord | null>((ids) =>
      services.registrations.participantsByIds(ids),
    ),
    /** Every registration of a visit, by visit id. */
    registrationsByVisit: new DataLoader<string, RegistrationRecord[]>((ids) =>
      services.registrations.forVisits(ids),
    ),
  };
}

export type VisitsLoaders = ReturnType<typeof createVisitsLoaders>;
