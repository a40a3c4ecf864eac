import { GraphQLError } from "graphql";
import type { Connection } from "mongoose";
import QRCode from "qrcode";

import { hasStarted, visitNotStarted } from "../../domain/visit-calendar.js";
import type { FeedbackModels, InvitationDocument } from "../../models/feedback/index.js";
import type { RequestInfo } from "../../shared/context.js";
import { conflict } from "../../shared/graphql/errors.js";
import type { Logger } from "../../shared/logger.js";
import { MAIL_CONCURRENCY, mapLimited } from "../../shared/mail.js";
import { trusted } from "../../shared/mongo.js";
import { isSecretShaped, newSecret, sha256 } from "../../shared/secrets.js";
import type { FeedbackRollups } from "./analytics-rollup.service.js";
import type { FeedbackFormRecord, FeedbackFormService } from "./feedback-form.service.js";
import type { Mailer } from "./mailer.js";
import type { VisitForInvitations, VisitsClient } from "./visits-client.js";

export interface IssuedInvitationRecord {
  registrationId: string;
  name: string;
  email: string;
  link: string;
  qrCodeSvg: string;
  emailed: boolean;
}

export interface IssueResult {
  issued: number;
  alreadyInvited: number;
  invitations: IssuedInvitationRecord[];
}

export interface FormViewRecord {
  form: FeedbackFormRecord;
  visit: { id: string };
  alreadySubmitted: boolean;
  stopOrders: number[];
}

export interface InvitationDependencies {
  db: Connection;
  models: FeedbackModels;
  forms: FeedbackFormService;
  visits: VisitsClient;
  /** Without one, invitations are handed out as links and QR codes only. */
  mailer: Mailer | undefined;
  /** Base of the links, without a trailing slash. */
  publicUrl: string;
  logger: Logger;
  rollups: FeedbackRollups;
}

/** One-time feedback links for a visit's attendees. */
export class InvitationService {
  constructor(private readonly deps: InvitationDependencies) {}

  /**
   * Creates an invitation for every attendee who has none, then hands each new one out: its
   * link and QR code to the caller, and an e-mail when a mailer is configured. The invitations
   * are stored before any mail goes out, so a mail failure costs only the e-mail.
   */
  async issue(visitId: string, caller: RequestInfo): Promise<IssueResult> {
    const visit = await this.deps.visits.attendees(visitId, caller);
    if (visit.status === "CANCELLED") {
      throw conflict("VISIT_CANCELLED", "The visit was cancelled; there is nobody to invite.");
    }
    if (!hasStarted(visit)) throw visitNotStarted(visit, "feedback can be asked for");
    const form = await this.deps.forms.current(visit.programme);
    const { created, alreadyInvited } = await this.store(visit, form);
    const invitations = await mapLimited(created, MAIL_CONCURRENCY, async ({ token, attendee }) => {
      const link = `${this.deps.publicUrl}/feedback/${token}`;
      return {
        registrationId: attendee.id,
        name: attendee.participant.name,
        email: attendee.participant.email,
        link,
        qrCodeSvg: await QRCode.toString(link, { type: "svg", margin: 2 }),
        emailed: await this.mail(visit, attendee, link, caller),
      };
    });
    return { issued: created.length, alreadyInvited, invitations };
  }

  /** What a feedback link opens. Opening uses nothing up: the link stays valid until submitted. */
  async view(token: string): Promise<FormViewRecord> {
    const invitation = await this.byToken(token);
    const [form] = await this.deps.forms.byIds([invitation.formId.toHexString()]);
    if (!form) throw new Error(`invitation ${invitation._id.toHexString()} names a missing form`);
    return {
      form,
      visit: { id: invitation.visitId },
      alreadySubmitted: invitation.usedAt !== null,
      stopOrders: [...invitation.stopOrders],
    };
  }

  /** The invitation a link's token belongs to; NOT_FOUND otherwise. */
  async byToken(token: string): Promise<InvitationDocument> {
    const invitation = isSecretShaped(token)
      ? await this.deps.models.Invitation.findOne({
          tokenHash: sha256(token),
        }).lean<InvitationDocument>()
      : null;
    if (!invitation) throw invalidLink();
    return invitation;
  }

  // All of a call's invitations or none: a link that was stored but never shown could not be
  // shown again (only its hash is kept). Two coordinators issuing at once collide on the unique
  // registrationId: a WriteConflict, which the driver retries; the loser's second run finds the
  // winner's invitations.
  private async store(visit: VisitForInvitations, form: FeedbackFormRecord) {
    const { db, models } = this.deps;
    const attendees = visit.registrations;
    return db.transaction(async (session) => {
      const existing = await models.Invitation.find(
        { registrationId: trusted({ $in: attendees.map((a) => a.id) }) },
        { registrationId: 1 },
        { session },
      ).lean<{ registrationId: string }[]>();
      const invited = new Set(existing.map((i) => i.registrationId));
      const created = attendees
        .filter((attendee) => !invited.has(attendee.id))
        .map((attendee) => ({ attendee, token: newSecret() }));
      const issuedAt = new Date();
      if (created.length) {
        await models.Invitation.insertMany(
          created.map(({ attendee, token }) => ({
            tokenHash: sha256(token),
            registrationId: attendee.id,
            visitId: visit.id,
            programme: visit.programme,
            subregion: visit.subregion.code,
            sector: attendee.sector,
            stopOrders: visit.stops.map((s) => s.order).sort((a, b) => a - b),
            formId: form.id,
            formVersion: form.version,
            visitMonth: visit.startDate.slice(0, 7),
            issuedAt,
          })),
          { session },
        );
        await this.deps.rollups.addInvitations(
          created.map(({ attendee }) => ({
            visitId: visit.id,
            subregion: visit.subregion.code,
            sector: attendee.sector,
            programme: visit.programme,
            month: visit.startDate.slice(0, 7),
          })),
          session,
        );
      }
      return { created, alreadyInvited: invited.size };
    });
  }

  private async mail(
    visit: VisitForInvitations,
    attendee: VisitForInvitations["registrations"][number],
    link: string,
    caller: RequestInfo,
  ): Promise<boolean> {
    if (!this.deps.mailer) return false;
    try {
      await this.deps.mailer.sendInvitation({
        to: attendee.participant.email,
        name: attendee.participant.name,
        visitTitle: visit.title,
        link,
      });
      return true;
    } catch (error) {
      // No address in the log: the registration id is enough to find the person.
      this.deps.logger.warn("feedback invitation not e-mailed", {
        requestId: caller.requestId,
        registrationId: attendee.id,
        error: error instanceof Error ? error.message : String(error),
      });
      return false;
    }
  }
}

/** NOT_FOUND without echoing the token into errors, logs or traces. */
export function invalidLink(): GraphQLError {
  return new GraphQLError("This feedback link is not valid; ask the organiser for a new one.", {
    extensions: { code: "NOT_FOUND", entity: "Invitation" },
  });
}
