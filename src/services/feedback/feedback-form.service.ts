import type { FeedbackFormDocument, FeedbackModels } from "../../models/feedback/index.js";
import { FEEDBACK_OPTIONS, type ThemeCode, THEMES } from "../../reference/index.js";
import { badInput } from "../../shared/graphql/errors.js";
import { isDuplicateKey, objectIds, trusted } from "../../shared/mongo.js";
import { allOptions, type FormTheme } from "./questions.js";
import { cleanText } from "./support.js";

export interface FeedbackFormRecord {
  id: string;
  programme: string;
  version: number;
  createdAt: Date;
  themes: FormTheme[];
}

export interface PublishFormInput {
  programme: string;
  themes: { theme: ThemeCode; optionCodes: string[] }[];
}

const PROGRAMME_MAX = 200;

export function toFeedbackForm(doc: FeedbackFormDocument): FeedbackFormRecord {
  return {
    id: doc._id.toHexString(),
    programme: doc.programme,
    version: doc.version,
    createdAt: doc.createdAt,
    themes: doc.themes.map((t) => ({
      theme: t.theme as ThemeCode,
      optionCodes: [...t.optionCodes],
    })),
  };
}

/** Versioned question sets per programme. */
export class FeedbackFormService {
  constructor(private readonly models: FeedbackModels) {}

  /** The programme's latest version; a programme without one gets version 1 with every option. */
  async current(programme: string): Promise<FeedbackFormRecord> {
    const name = programmeName(programme, "programme");
    const latest = await this.latest(name);
    if (latest) return latest;
    try {
      const created = await this.models.FeedbackForm.create({
        programme: name,
        version: 1,
        themes: allOptions(),
      });
      return toFeedbackForm(created.toObject() as FeedbackFormDocument);
    } catch (error) {
      // Someone else created version 1 (or published) meanwhile: theirs is as good.
      if (!isDuplicateKey(error)) throw error;
      const theirs = await this.latest(name);
      if (!theirs) throw error;
      return theirs;
    }
  }

  /** A new version with the chosen options; the versions before it stay as they were. */
  async publish(input: PublishFormInput): Promise<FeedbackFormRecord> {
    const programme = programmeName(input.programme, "input.programme");
    const themes = checkThemes(input.themes);
    for (let attempt = 1; ; attempt++) {
      const latest = await this.latest(programme);
      try {
        const created = await this.models.FeedbackForm.create({
          programme,
          version: (latest?.version ?? 0) + 1,
          themes,
        });
        return toFeedbackForm(created.toObject() as FeedbackFormDocument);
      } catch (error) {
        // Another version was published between reading and writing: take the next number.
        if (!isDuplicateKey(error) || attempt >= 5) throw error;
      }
    }
  }

  async list(programme: string): Promise<FeedbackFormRecord[]> {
    const name = programmeName(programme, "programme");
    const docs = await this.models.FeedbackForm.find({ programme: name })
      .sort({ version: 1 })
      .lean<FeedbackFormDocument[]>();
    return docs.map(toFeedbackForm);
  }

  /** In the order of `ids`; undefined where none exists. */
  async byIds(ids: readonly string[]): Promise<(FeedbackFormRecord | undefined)[]> {
    const valid = objectIds(ids);
    const docs = valid.length
      ? await this.models.FeedbackForm.find({ _id: trusted({ $in: valid }) }).lean<
          FeedbackFormDocument[]
        >()
      : [];
    const byId = new Map(docs.map((doc) => [doc._id.toHexString(), toFeedbackForm(doc)]));
    return ids.map((id) => byId.get(id.toLowerCase()));
  }

  /**
   * The form versions each visit's invitations carry, lowest first: one version normally, more
   * when a programme's new version was published between two rounds of invitations.
   */
  async versionsUsedBy(visitIds: readonly string[]): Promise<number[][]> {
    const used = await this.models.Invitation.find(
      { visitId: trusted({ $in: [...visitIds] }) },
      { visitId: 1, formVersion: 1 },
    ).lean<{ visitId: string; formVersion: number }[]>();
    const byVisit = new Map<string, Set<number>>();
    for (const { visitId, formVersion } of used) {
      let versions = byVisit.get(visitId);
      if (!versions) byVisit.set(visitId, (versions = new Set()));
      versions.add(formVersion);
    }
    return visitIds.map((id) => [...(byVisit.get(id) ?? [])].sort((a, b) => a - b));
  }

  private async latest(programme: string): Promise<FeedbackFormRecord | undefined> {
    const doc = await this.models.FeedbackForm.findOne({ programme })
      .sort({ version: -1 })
      .lean<FeedbackFormDocument>();
    return doc ? toFeedbackForm(doc) : undefined;
  }
}

function programmeName(value: string, field: string): string {
  const name = cleanText(value);
  if (!name) throw badInput(field, "Name the programme.");
  if (name.length > PROGRAMME_MAX) {
    throw badInput(field, `A programme name has at most ${PROGRAMME_MAX} characters.`);
  }
  return name;
}

/** Each theme once, each with known codes of that theme; codes kept in reference order. */
function checkThemes(themes: PublishFormInput["themes"]): FormTheme[] {
  const seen = new Set<ThemeCode>();
  themes.forEach(({ theme, optionCodes }, i) => {
    if (seen.has(theme)) throw badInput(`input.themes[${i}].theme`, `${theme} is listed twice.`);
    seen.add(theme);
    const known = new Set(FEEDBACK_OPTIONS.themes[theme].options.map((o) => o.code));
    const unknown = optionCodes.filter((code) => !known.has(code));
    if (unknown.length) {
      throw badInput(
        `input.themes[${i}].optionCodes`,
        `Not options of ${theme}: ${unknown.join(", ")}. See themeOptions for the codes.`,
      );
    }
    if (new Set(optionCodes).size !== optionCodes.length) {
      throw badInput(`input.themes[${i}].optionCodes`, "An option is listed twice.");
    }
    if (optionCodes.length === 0) {
      throw badInput(`input.themes[${i}].optionCodes`, `Choose at least one option of ${theme}.`);
    }
  });
  const missing = THEMES.filter((theme) => !seen.has(theme));
  if (missing.length) {
    throw badInput(
      "input.themes",
      `Every form asks all three themes; missing: ${missing.join(", ")}.`,
    );
  }
  return THEMES.map((theme) => {
    const chosen = new Set(themes.find((t) => t.theme === theme)!.optionCodes);
    return {
      theme,
      optionCodes: FEEDBACK_OPTIONS.themes[theme].options
        .map((o) => o.code)
        .filter((code) => chosen.has(code)),
    };
  });
}
