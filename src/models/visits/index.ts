import type { Connection } from "mongoose";

import { organizationSchema } from "./organization.model.js";
import { participantSchema } from "./participant.model.js";
import { participationRollupSchema, visitsHeldRollupSchema } from "./participation-rollup.model.js";
import { registrationSchema } from "./registration.model.js";
import { userSchema } from "./user.model.js";
import { visitSchema } from "./visit.model.js";

export type { OrganizationDocument } from "./organization.model.js";
export type { ParticipantDocument } from "./participant.model.js";
export type {
  ParticipationRollupDocument,
  VisitKey,
  VisitsHeldRollupDocument,
} from "./participation-rollup.model.js";
export type { RegistrationDocument } from "./registration.model.js";
export type { UserDocument } from "./user.model.js";
export type { StopDocument, VisitDocument } from "./visit.model.js";

/** The visits subgraph's models on its own database; calling it again returns the same models. */
export function registerVisitsModels(db: Connection) {
  return {
    Organization: db.model("Organization", organizationSchema),
    Visit: db.model("Visit", visitSchema),
    Participant: db.model("Participant", participantSchema),
    Registration: db.model("Registration", registrationSchema),
    User: db.model("User", userSchema),
    ParticipationRollup: db.model("ParticipationRollup", participationRollupSchema),
    VisitsHeldRollup: db.model("VisitsHeldRollup", visitsHeldRollupSchema),
  };
}

export type VisitsModels = ReturnType<typeof registerVisitsModels>;

/** Creates the collections and their indexes; resolves when they exist. */
export async function initVisitsModels(models: VisitsModels): Promise<void> {
  await Promise.all(Object.values(models).map((model) => model.init()));
}
