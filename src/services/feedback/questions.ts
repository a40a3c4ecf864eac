import { FEEDBACK_OPTIONS, type ThemeCode, THEMES } from "../../reference/index.js";
import { CooperationIntention } from "../../schema/feedback/enums.js";

/** The fixed part of every form version; only the themes' options vary between versions. */
export const LIMITS = {
  rating: { min: 1, max: 5 },
  recommend: { min: 0, max: 10 },
  otherText: 500,
  comment: 2000,
} as const;

export interface FormTheme {
  theme: ThemeCode;
  optionCodes: string[];
}

/** Every coded option of every theme: the form a programme gets until it publishes its own. */
export function allOptions(): FormTheme[] {
  return THEMES.map((theme) => ({
    theme,
    optionCodes: FEEDBACK_OPTIONS.themes[theme].options.map((o) => o.code),
  }));
}

const INTENTIONS: Record<CooperationIntention, [string, string]> = {
  YES: ["Tak", "Yes"],
  NO: ["Nie", "No"],
  UNDECIDED: ["Jeszcze nie wiem", "Undecided"],
};

/** The questions of a form version, worded in Polish and English, for the participant's screen. */
export function questionsOf(themes: readonly FormTheme[]) {
  const scale = (labelPl: string, labelEn: string, range: { min: number; max: number }) => ({
    labelPl,
    labelEn,
    ...range,
  });
  return {
    overall: scale(
      "Jak ogólnie oceniasz wizytę studyjną?",
      "How do you rate the study visit overall?",
      LIMITS.rating,
    ),
    organisation: scale(
      "Jak oceniasz organizację wizyty?",
      "How do you rate the organisation of the visit?",
      LIMITS.rating,
    ),
    stopUsefulness: scale(
      "Na ile przydatny był dla Ciebie ten punkt programu?",
      "How useful was this stop of the programme to you?",
      LIMITS.rating,
    ),
    recommend: scale(
      "Na ile prawdopodobne jest, że polecisz udział w kolejnej edycji wizyty?",
      "How likely are you to recommend taking part in the next edition of the visit?",
      LIMITS.recommend,
    ),
    cooperationIntention: {
      labelPl:
        "Czy w ciągu najbliższych 12 miesięcy zamierzasz podjąć współpracę z podmiotem ekonomii społecznej?",
      labelEn: "Do you intend to cooperate with a social economy entity in the next 12 months?",
      choices: Object.values(CooperationIntention).map((value) => ({
        value,
        labelPl: INTENTIONS[value][0],
        labelEn: INTENTIONS[value][1],
      })),
    },
    themes: themes.map(({ theme, optionCodes }) => {
      const reference = FEEDBACK_OPTIONS.themes[theme];
      const byCode = new Map(reference.options.map((o) => [o.code, o]));
      return {
        theme,
        labelPl: `${reference.pl} – z perspektywy instytucji, którą reprezentujesz`,
        labelEn: `${reference.en} – from the perspective of the institution you represent`,
        options: optionCodes.flatMap((code) => {
          const option = byCode.get(code);
          return option ? [{ code, labelPl: option.pl, labelEn: option.en }] : [];
        }),
        otherLabelPl: "Inne (jakie?)",
        otherLabelEn: "Other (please specify)",
        otherMaxLength: LIMITS.otherText,
      };
    }),
    comment: {
      labelPl: "Uwagi i komentarze",
      labelEn: "Comments",
      maxLength: LIMITS.comment,
    },
  };
}
