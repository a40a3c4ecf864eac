import { minGroup } from "../figure";
import { t } from "../i18n";

// Every chart with counts carries both: what is hidden, and why parts may not add up exactly.
export const suppressionNote = () =>
  `${t("suppressedNote", { k: minGroup() })} ${t("perturbedNote")}`;
export const intervalNote = () => t("intervalNote");
