import { minGroup } from "../figure";
import { t } from "../i18n";

export const suppressionNote = () => t("suppressedNote", { k: minGroup() });
export const intervalNote = () => t("intervalNote");
