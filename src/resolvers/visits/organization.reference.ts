import type { VisitsContext } from "../../services/visits/index.js";

export const organizationReference = {
  __resolveReference: (ref: { id: string }, { loaders }: VisitsContext) =>
    loaders.organizations.load(ref.id),
};
