import { canSeePersonalData, type Viewer } from "../../shared/auth.js";

/**
 * The counts shown with a visit (responses, invitations). They describe people, so analysts,
 * who get aggregates only, see none from 1 to K−1, as in analytics; staff who see the people
 * themselves (ADMIN, COORDINATOR) see every count.
 */
export class VisitCountService {
  constructor(private readonly minGroup: number) {}

  /** `n` as `viewer` may see it: null when it is suppressed. Zero describes nobody. */
  visible(viewer: Viewer | undefined, n: number): number | null {
    if (canSeePersonalData(viewer) || n === 0 || n >= this.minGroup) return n;
    return null;
  }
}
