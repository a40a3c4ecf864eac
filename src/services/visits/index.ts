import type { Connection } from "mongoose";

import type { VisitsModels } from "../../models/visits/index.js";
import type { AuditLog } from "../../shared/audit-log.js";
import type { TokenService } from "../../shared/auth.js";
import type { RequestInfo } from "../../shared/context.js";
import type { Ptable } from "../../shared/perturbation.js";
import type { RateLimits } from "../../shared/rate-limits.js";
import type { VisitsLoaders } from "./loaders.js";
import { OrganizationService } from "./organization.service.js";
import { ParticipationService } from "./participation.service.js";
import { PersonalDataService } from "./personal-data.service.js";
import { RegistrationService } from "./registration.service.js";
import { UserService } from "./user.service.js";
import { type VisitNotices, VisitService } from "./visit.service.js";

export function createVisitsServices(
  db: Connection,
  models: VisitsModels,
  tokens: TokenService,
  analyticsMinGroup: number,
  notices: VisitNotices,
  audit: AuditLog,
  ptable?: Ptable,
) {
  const organizations = new OrganizationService(models);
  return {
    organizations,
    visits: new VisitService(db, models, organizations, notices),
    registrations: new RegistrationService(db, models),
    users: new UserService(models),
    participation: new ParticipationService(models, analyticsMinGroup, ptable),
    personalData: new PersonalDataService(db, models),
    tokens,
    /** Read by `auditLog`; written by every subgraph's audit plugin. */
    audit,
  };
}

export type VisitsServices = ReturnType<typeof createVisitsServices>;

/** What the visits subgraph's resolvers get with every request. */
export interface VisitsContext extends RequestInfo {
  services: VisitsServices;
  loaders: VisitsLoaders;
  /** New for every request: what this caller may read of their own (see `AuthContext`). */
  grants: WeakSet<object>;
  limits: RateLimits<"loginAccount" | "loginAddress" | "registration">;
}
