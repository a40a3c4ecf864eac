import { Role } from "../../shared/auth.js";

/** Who runs visits: publishes forms, issues invitations, records discussions. */
export const ORGANISERS = [Role.ADMIN, Role.COORDINATOR];
