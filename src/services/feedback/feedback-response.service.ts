import type { Connection as MongooseConnection } from "mongoose";

import type { FeedbackModels, FeedbackResponseDocument } from "../../models/feedback/index.js";
import type { SectorCode } from "../../reference/index.js";
import {
  type Connection,
  decodeCursor,
  encodeCursor,
  pageSize,
  toConnection,
} from "../../shared/graphql/connection.js";
import { badInput, conflict } from "../../shared/graphql/errors.js";
import { today } from "../../shared/graphql/scalars.js";
import { trusted } from "../../shared/mongo.js";
import { recordKey } from "../../shared/perturbation.js";
import { sha256 } from "../../shared/secrets.js";
import { countedResponse, type FeedbackRollups, offeredBy } from "./analytics-rollup.service.js";
import { type Answers, type AnswersInput, checkAnswers } from "./answers.js";
import type { FeedbackFormService } from "./feedback-form.service.js";
import type { InvitationService } from "./invitation.service.js";
import {
  type Profile,
  PROFILE_ATTRIBUTES,
  profileKey,
  type ShownProfile,
  shownProfiles,
} from "./respondent-profiles.js";

/** One response as staff may read it: null where an attribute could single its respondent out. */
export interface FeedbackResponseRecord {
  id: string;
  visitId: string;
  /** NUTS-3 code. */
  subregionCode: string | null;
  sector: SectorCode | null;
  programme: string | null;
  formId: string | null;
  formVersion: number | null;
  receivedOn: string | null;
  answers: Answers;
}

export interface SubmitResult {
  accepted: boolean;
  receivedOn: string;
  formVersion: number;
}

function profileOf(doc: Profile): Profile {
  const { programme, subregion, sector, formVersion, receivedOn } = doc;
  return { programme, subregion, sector, formVersion, receivedOn };
}

function toFeedbackResponse(
  doc: FeedbackResponseDocument,
  shown: ShownProfile,
): FeedbackResponseRecord {
  return {
    id: doc._id,
    visitId: doc.visitId,
    subregionCode: shown.subregion as string | null,
    sector: shown.sector as SectorCode | null,
    programme: shown.programme as string | null,
    formId: shown.formVersion === null ? null : doc.formId.toHexString(),
    formVersion: shown.formVersion as number | null,
    receivedOn: shown.receivedOn as string | null,
    answers: doc.answers as Answers,
  };
}

const SUBMISSION_ID = /^[\x21-\x7e]{8,100}$/;

/** Anonymous answers to feedback forms, and the one-time use of the links that bring them. */
export class FeedbackResponseService {
  constructor(
    private readonly db: MongooseConnection,
    private readonly models: FeedbackModels,
    private readonly forms: FeedbackFormService,
    private readonly invitations: InvitationService,
    private readonly rollups: FeedbackRollups,
    /** K: the smallest group an attribute shown with a response may describe. */
    private readonly minGroup: number,
  ) {}

  /**
   * Stores the answers and uses up the link, both or neither. `submissionId` is made by the
   * participant's device once per filled-in form: sending it again (a retry after a lost
   * reply) gets the first answer back and stores nothing; another submission is refused.
   */
  async submit(token: string, submissionId: string, input: AnswersInput): Promise<SubmitResult> {
    if (!SUBMISSION_ID.test(submissionId)) {
      throw badInput(
        "submissionId",
        "submissionId must be 8–100 visible ASCII characters, made once per filled-in form.",
      );
    }
    const invitation = await this.invitations.byToken(token);
    const [form] = await this.forms.byIds([invitation.formId.toHexString()]);
    if (!form) throw new Error(`invitation ${invitation._id.toHexString()} names a missing form`);
    const answers = checkAnswers(input, {
      themes: form.themes,
      stopOrders: invitation.stopOrders,
    });

    const { Invitation, FeedbackResponse } = this.models;
    const submissionHash = sha256(submissionId);
    const receivedOn = today();
    // The claim (usedAt: null → a date) is what many concurrent submissions race for: only one
    // transaction can change that document; the others retry, see it used, and answer from it.
    // Two first responses for one rollup cell both create it: one commit is a WriteConflict,
    // which the driver retries, and its second run adds to the document the other created.
    return this.db.transaction(async (session) => {
      const claimed = await Invitation.findOneAndUpdate(
        { tokenHash: invitation.tokenHash, usedAt: null },
        { $set: { usedAt: receivedOn, submissionHash } },
        { session },
      ).lean();
      if (claimed) {
        const response = {
          visitId: invitation.visitId,
          subregion: invitation.subregion,
          sector: invitation.sector,
          programme: invitation.programme,
          formId: invitation.formId,
          formVersion: invitation.formVersion,
          visitMonth: invitation.visitMonth,
          receivedOn,
          answers,
          recordKey: recordKey(),
        };
        await FeedbackResponse.insertMany([response], { session });
        await this.rollups.apply(
          countedResponse(response as FeedbackResponseDocument, offeredBy(form)),
          1,
          session,
        );
        return { accepted: true, receivedOn, formVersion: invitation.formVersion };
      }
      const used = await Invitation.findOne({ tokenHash: invitation.tokenHash }, null, {
        session,
      }).lean();
      if (used?.usedAt && used.submissionHash === submissionHash) {
        return { accepted: true, receivedOn: used.usedAt, formVersion: used.formVersion };
      }
      throw conflict("ALREADY_USED", "Feedback has already been sent with this link.");
    });
  }

  /**
   * Deletes one response (an erasure request) and takes it out of the rollups, both or neither.
   * The invitation stays used: the person asked to be forgotten, not to answer again.
   */
  async erase(id: string): Promise<boolean> {
    return this.db.transaction(async (session) => {
      const response = await this.models.FeedbackResponse.findOneAndDelete(
        { _id: id },
        { session },
      ).lean<FeedbackResponseDocument>();
      if (!response) return false;
      const [form] = await this.forms.byIds([response.formId.toHexString()]);
      await this.rollups.apply(countedResponse(response, form ? offeredBy(form) : {}), -1, session);
      return true;
    });
  }

  /** The "other" free-text answers given about a visit (for coordinators and admins). */
  async otherAnswers(visitId: string): Promise<{ theme: string; text: string }[]> {
    const docs = await this.models.FeedbackResponse.find(
      { visitId, "answers.themes.otherText": trusted({ $ne: null }) },
      { "answers.themes": 1 },
    ).lean<FeedbackResponseDocument[]>();
    return docs.flatMap((doc) =>
      (doc.answers as Answers).themes.flatMap((t) =>
        t.otherText ? [{ theme: t.theme, text: t.otherText }] : [],
      ),
    );
  }

  /**
   * A visit's responses in the order of their random ids, which tells nothing (an order by day
   * would place a response whose day is withheld between days that are shown).
   */
  async forVisit(
    visitId: string,
    first?: number | null,
    after?: string | null,
  ): Promise<Connection<FeedbackResponseRecord>> {
    const limit = pageSize(first);
    const filter: Record<string, unknown> = { visitId };
    if (after) {
      const [id] = decodeCursor(after, 1);
      if (typeof id !== "string")
        throw badInput("after", "after is not a cursor this API gave out.");
      filter["_id"] = trusted({ $gt: id });
    }
    const docs = await this.models.FeedbackResponse.find(filter)
      .sort({ _id: 1 })
      .limit(limit + 1)
      .lean<FeedbackResponseDocument[]>();
    return toConnection(
      await this.withholding(docs),
      limit,
      async () => (await this.rollups.countsOfVisits([visitId]))[0]!.responses,
      (r) => encodeCursor([r.id]),
    );
  }

  async byIds(ids: readonly string[]): Promise<(FeedbackResponseRecord | undefined)[]> {
    const docs = await this.models.FeedbackResponse.find({ _id: trusted({ $in: [...ids] }) }).lean<
      FeedbackResponseDocument[]
    >();
    const byId = new Map((await this.withholding(docs)).map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id));
  }

  /**
   * The responses with every attribute withheld that could single a respondent out among their
   * visit's responses (`shownProfiles`). One command counts the profiles of all their visits.
   */
  private async withholding(docs: FeedbackResponseDocument[]): Promise<FeedbackResponseRecord[]> {
    const visitIds = [...new Set(docs.map((doc) => doc.visitId))];
    if (visitIds.length === 0) return [];
    const counted = await this.models.FeedbackResponse.aggregate<{
      _id: Profile & { visitId: string };
      n: number;
    }>([
      { $match: { visitId: { $in: visitIds } } },
      {
        $group: {
          _id: {
            visitId: "$visitId",
            ...Object.fromEntries(PROFILE_ATTRIBUTES.map((a) => [a, `$${a}`])),
          },
          n: { $sum: 1 },
        },
      },
    ]);
    const shownByVisit = new Map(
      visitIds.map((visitId) => {
        const groups = counted
          .filter((c) => c._id.visitId === visitId)
          .map((c) => ({ profile: profileOf(c._id), n: c.n }));
        return [visitId, shownProfiles(groups, this.minGroup)];
      }),
    );
    return docs.map((doc) =>
      toFeedbackResponse(doc, shownByVisit.get(doc.visitId)!.get(profileKey(profileOf(doc)))!),
    );
  }
}
