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
import { recordKey } from "../../shared/perturbation.js";
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

/** SENT: handed to SMTP; FAILED: refused at hand-over; NOT_SENT: no mailer set up. */
export type MailStatus = "SENT" | "FAILED" | "NOT_SENT";

export interface InvitationStateRecord {
  registrationId: string;
  mailStatus: MailStatus;
  used: boolean;
  createdAt: Date;
  renewedAt: Date | null;
}

export interface InvitationExportRecord {
  registrationId: string;
  visitId: string;
  programme: string;
  visitMonth: string;
  subregion: string;
  sector: string;
  formVersion: number;
  issuedAt: Date;
  renewedAt: Date | null;
  mailStatus: MailStatus;
  /** `YYYY-MM-DD` the form was sent with it; null until then. */
  usedOn: string | null;
}

type Attendee = VisitForInvitations["registrations"][number];

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
    const invitations = await this.handOut(visit, created, caller);
    return { issued: created.length, alreadyInvited, invitations };
  }

  /**
   * New links for the visit's invitations not used yet (of people still recorded as attendees),
   * for a sheet to print again: the old links stop working at once. Each new link is e-mailed
   * like the first one, so that nobody is left with a dead link in their mailbox.
   */
  async renew(visitId: string, caller: RequestInfo): Promise<IssuedInvitationRecord[]> {
    const visit = await this.deps.visits.attendees(visitId, caller);
    if (visit.status === "CANCELLED") {
      throw conflict("VISIT_CANCELLED", "The visit was cancelled; there is nobody to invite.");
    }
    const attendees = new Map(visit.registrations.map((a) => [a.id, a]));
    const { models } = this.deps;
    const renewed = await this.deps.db.transaction(async (session) => {
      const unused = await models.Invitation.find(
        { visitId: visit.id, usedAt: null },
        { registrationId: 1 },
        { session },
      ).lean<{ _id: InvitationDocument["_id"]; registrationId: string }[]>();
      const renewedAt = new Date();
      const out: { attendee: Attendee; token: string }[] = [];
      for (const invitation of unused) {
        const attendee = attendees.get(invitation.registrationId);
        if (!attendee) continue;
        const token = newSecret();
        await models.Invitation.updateOne(
          { _id: invitation._id, usedAt: null },
          { $set: { tokenHash: sha256(token), renewedAt, mailStatus: "NOT_SENT" } },
          { session },
        );
        out.push({ attendee, token });
      }
      return out;
    });
    return this.handOut(visit, renewed, caller);
  }

  /** The visit's invitations as staff follow them up: e-mailed or not, used or not. */
  async forVisit(visitId: string): Promise<InvitationStateRecord[]> {
    const docs = await this.deps.models.Invitation.find(
      { visitId },
      { registrationId: 1, mailStatus: 1, usedAt: 1, issuedAt: 1, renewedAt: 1 },
    )
      .sort({ _id: 1 })
      .lean<
        Pick<
          InvitationDocument,
          "registrationId" | "mailStatus" | "usedAt" | "issuedAt" | "renewedAt"
        >[]
      >();
    return docs.map((doc) => ({
      registrationId: doc.registrationId,
      mailStatus: (doc.mailStatus ?? "NOT_SENT") as MailStatus,
      used: doc.usedAt !== null && doc.usedAt !== undefined,
      createdAt: doc.issuedAt,
      renewedAt: doc.renewedAt ?? null,
    }));
  }

  /**
   * What is kept about the invitations of these registrations, for a personal data export:
   * never the token's hash or the submission's.
   */
  async forRegistrations(registrationIds: readonly string[]): Promise<InvitationExportRecord[]> {
    if (registrationIds.length === 0) return [];
    const docs = await this.deps.models.Invitation.find(
      { registrationId: trusted({ $in: [...registrationIds] }) },
      { tokenHash: 0, submissionHash: 0, stopOrders: 0, formId: 0 },
    )
      .sort({ _id: 1 })
      .lean<InvitationDocument[]>();
    return docs.map((doc) => ({
      registrationId: doc.registrationId,
      visitId: doc.visitId,
      programme: doc.programme,
      visitMonth: doc.visitMonth,
      subregion: doc.subregion,
      sector: doc.sector,
      formVersion: doc.formVersion,
      issuedAt: doc.issuedAt,
      renewedAt: doc.renewedAt ?? null,
      mailStatus: (doc.mailStatus ?? "NOT_SENT") as MailStatus,
      usedOn: doc.usedAt ?? null,
    }));
  }

  /** Each new link to the caller and, when a mailer is set up, by e-mail; the outcome is kept. */
  private async handOut(
    visit: VisitForInvitations,
    links: { attendee: Attendee; token: string }[],
    caller: RequestInfo,
  ): Promise<IssuedInvitationRecord[]> {
    return mapLimited(links, MAIL_CONCURRENCY, async ({ token, attendee }) => {
      const link = `${this.deps.publicUrl}/feedback/${token}`;
      const mailStatus = await this.mail(visit, attendee, link, caller);
      if (mailStatus !== "NOT_SENT") {
        await this.deps.models.Invitation.updateOne(
          { registrationId: attendee.id, tokenHash: sha256(token) },
          { $set: { mailStatus } },
        );
      }
      return {
        registrationId: attendee.id,
        name: attendee.participant.name,
        email: attendee.participant.email,
        link,
        qrCodeSvg: await QRCode.toString(link, { type: "svg", margin: 2 }),
        emailed: mailStatus === "SENT",
      };
    });
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
        .map((attendee) => ({ attendee, token: newSecret(), key: recordKey() }));
      const issuedAt = new Date();
      if (created.length) {
        await models.Invitation.insertMany(
          created.map(({ attendee, token, key }) => ({
            tokenHash: sha256(token),
            recordKey: key,
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
          created.map(({ attendee, key }) => ({
            recordKey: key,
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
    attendee: Attendee,
    link: string,
    caller: RequestInfo,
  ): Promise<MailStatus> {
    // An erased participant's address is a placeholder that no mail reaches.
    if (!this.deps.mailer || attendee.participant.erasedAt) return "NOT_SENT";
    try {
      await this.deps.mailer.sendInvitation({
        to: attendee.participant.email,
        name: attendee.participant.name,
        visitTitle: visit.title,
        link,
      });
      return "SENT";
    } catch (error) {
      // No address in the log: the registration id is enough to find the person.
      this.deps.logger.warn("feedback invitation not e-mailed", {
        requestId: caller.requestId,
        registrationId: attendee.id,
        error: error instanceof Error ? error.message : String(error),
      });
      return "FAILED";
    }
  }
}

/** NOT_FOUND without echoing the token into errors, logs or traces. */
export function invalidLink(): GraphQLError {
  return new GraphQLError("This feedback link is not valid; ask the organiser for a new one.", {
    extensions: { code: "NOT_FOUND", entity: "Invitation" },
  });
}
