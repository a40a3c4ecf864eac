import { canSeePersonalData, type Viewer } from "../../shared/auth.js";
import { perturb, PTABLE, type Ptable } from "../../shared/perturbation.js";

/**
 * The counts shown with a visit (responses, invitations). They describe people, so analysts,
 * who get aggregates only, see none from 1 to K−1 and the others perturbed by their cell key,
 * as in analytics (the same cell, so the same value as `feedbackSummary`); staff who see the
 * people themselves (ADMIN, COORDINATOR) see every count exactly.
 */
export class VisitCountService {
  constructor(
    private readonly minGroup: number,
    private readonly ptable: Ptable = PTABLE,
  ) {}

  /**
   * `n`, counting records whose keys sum to `keySum`, as `viewer` may see it: null when it is
   * suppressed. Zero describes nobody.
   */
  visible(viewer: Viewer | undefined, n: number, keySum: number): number | null {
    if (canSeePersonalData(viewer)) return n;
    if (n === 0 || n >= this.minGroup) return perturb(n, keySum, this.ptable);
    return null;
  }
}
