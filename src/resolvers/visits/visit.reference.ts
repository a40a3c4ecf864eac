import type { VisitsContext } from "../../services/visits/index.js";
import { isVisibleTo } from "../../services/visits/visit.service.js";

/** The same visibility as `visit(id)`: a visit the viewer may not see resolves to null. */
export const visitReference = {
  __resolveReference: async (ref: { id: string }, { loaders, viewer }: VisitsContext) => {
    const visit = await loaders.visits.load(ref.id);
    return visit && isVisibleTo(viewer, visit.status) ? visit : null;
  },
};
