import type { DiscussionSummaryDocument, FeedbackModels } from "../../models/feedback/index.js";
import type { SectorCode } from "../../reference/index.js";
import type { Viewer } from "../../shared/auth.js";
import type { RequestInfo } from "../../shared/context.js";
import { badInput } from "../../shared/graphql/errors.js";
import { isDuplicateKey, objectIds, trusted } from "../../shared/mongo.js";
import { cleanParagraphs, cleanText } from "./support.js";
import { visitNotFound, type VisitsClient } from "./visits-client.js";

export interface DiscussionSummaryInput {
  heldOn: string;
  perSector?: {
    sector: SectorCode;
    needs?: string[] | null;
    supportProposals?: string[] | null;
    notes?: string | null;
  }[];
  actions?: {
    description: string;
    owner: string;
    dueDate: string;
    sector?: SectorCode | null;
  }[];
}

export interface DiscussionSummaryRecord {
  id: string;
  visitId: string;
  heldOn: string;
  perSector: {
    sector: SectorCode;
    needs: string[];
    supportProposals: string[];
    notes: string | null;
  }[];
  actions: { description: string; owner: string; dueDate: string; sector: SectorCode | null }[];
  recordedBy: string;
  updatedAt: Date;
}

const LIMITS = { items: 50, item: 500, notes: 4000, owner: 200, actions: 50 };

export function toDiscussionSummary(doc: DiscussionSummaryDocument): DiscussionSummaryRecord {
  return {
    id: doc._id.toHexString(),
    visitId: doc.visitId,
    heldOn: doc.heldOn,
    perSector: doc.perSector.map((s) => ({
      sector: s.sector as SectorCode,
      needs: [...s.needs],
      supportProposals: [...s.supportProposals],
      notes: s.notes ?? null,
    })),
    actions: doc.actions.map((a) => ({
      description: a.description,
      owner: a.owner,
      dueDate: a.dueDate,
      sector: (a.sector ?? null) as SectorCode | null,
    })),
    recordedBy: doc.recordedBy,
    updatedAt: doc.updatedAt,
  };
}

/** The coordinator's notes of each visit's closing discussion. */
export class DiscussionSummaryService {
  constructor(
    private readonly models: FeedbackModels,
    private readonly visits: VisitsClient,
  ) {}

  /** Creates or replaces the visit's one summary. */
  async record(
    visitId: string,
    input: DiscussionSummaryInput,
    viewer: Viewer,
    caller: RequestInfo,
  ): Promise<DiscussionSummaryRecord> {
    const fields = checkSummary(input);
    if (!(await this.visits.exists(visitId, caller))) throw visitNotFound(visitId);
    for (let attempt = 1; ; attempt++) {
      try {
        const doc = await this.models.DiscussionSummary.findOneAndUpdate(
          { visitId },
          { $set: { ...fields, recordedBy: viewer.email } },
          { upsert: true, returnDocument: "after", runValidators: true },
        ).lean<DiscussionSummaryDocument>();
        return toDiscussionSummary(doc!);
      } catch (error) {
        // Two first saves at once: one inserts, the other updates what it inserted.
        if (!isDuplicateKey(error, "visitId") || attempt >= 2) throw error;
      }
    }
  }

  async byIds(ids: readonly string[]): Promise<(DiscussionSummaryRecord | undefined)[]> {
    const valid = objectIds(ids);
    const docs = valid.length
      ? await this.models.DiscussionSummary.find({ _id: trusted({ $in: valid }) }).lean<
          DiscussionSummaryDocument[]
        >()
      : [];
    const byId = new Map(docs.map((doc) => [doc._id.toHexString(), toDiscussionSummary(doc)]));
    return ids.map((id) => byId.get(id.toLowerCase()));
  }

  async byVisitIds(visitIds: readonly string[]): Promise<(DiscussionSummaryRecord | null)[]> {
    const docs = await this.models.DiscussionSummary.find({
      visitId: trusted({ $in: [...visitIds] }),
    }).lean<DiscussionSummaryDocument[]>();
    const byVisit = new Map(docs.map((doc) => [doc.visitId, toDiscussionSummary(doc)]));
    return visitIds.map((id) => byVisit.get(id) ?? null);
  }
}

function checkSummary(input: DiscussionSummaryInput) {
  const seen = new Set<SectorCode>();
  const perSector = (input.perSector ?? []).map((entry, i) => {
    const field = `input.perSector[${i}]`;
    if (seen.has(entry.sector))
      throw badInput(`${field}.sector`, `${entry.sector} is listed twice.`);
    seen.add(entry.sector);
    const notes = cleanParagraphs(entry.notes);
    if (notes && notes.length > LIMITS.notes) {
      throw badInput(`${field}.notes`, `Notes have at most ${LIMITS.notes} characters.`);
    }
    return {
      sector: entry.sector,
      needs: items(entry.needs, `${field}.needs`),
      supportProposals: items(entry.supportProposals, `${field}.supportProposals`),
      notes,
    };
  });
  const actions = input.actions ?? [];
  if (actions.length > LIMITS.actions) {
    throw badInput("input.actions", `At most ${LIMITS.actions} actions.`);
  }
  return {
    heldOn: input.heldOn,
    perSector,
    actions: actions.map((action, i) => {
      const field = `input.actions[${i}]`;
      const description = required(action.description, `${field}.description`, LIMITS.item);
      const owner = required(action.owner, `${field}.owner`, LIMITS.owner);
      if (action.dueDate < input.heldOn) {
        throw badInput(`${field}.dueDate`, "An action cannot be due before the discussion.");
      }
      return { description, owner, dueDate: action.dueDate, sector: action.sector ?? null };
    }),
  };
}

function items(values: string[] | null | undefined, field: string): string[] {
  const list = values ?? [];
  if (list.length > LIMITS.items) throw badInput(field, `At most ${LIMITS.items} entries.`);
  return list.map((value, i) => required(value, `${field}[${i}]`, LIMITS.item));
}

function required(value: string, field: string, max: number): string {
  const text = cleanText(value);
  if (!text) throw badInput(field, "Fill this in.");
  if (text.length > max) throw badInput(field, `At most ${max} characters.`);
  return text;
}
