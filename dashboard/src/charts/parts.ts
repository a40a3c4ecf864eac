// Parts of a whole of n people (sectors, NPS groups, answers): each part's count, its share of
// n and the share's 95% interval, as table rows and as bars.
import {
  type Cell,
  countCell,
  intervalCell,
  shareBar,
  shareInterval,
  shareText,
  shown,
} from "../cells";
import type { TableCell } from "../figure";
import { formatPercent } from "../i18n";
import type { BarValue } from "./common";

export interface Part {
  label: string;
  count: Cell;
}

export interface PartsOfWhole {
  /** Label, count, share, interval. */
  rows: TableCell[][];
  bars: BarValue[];
  shareTexts: string[];
}

export function partsOfWhole(parts: Part[], n: number): PartsOfWhole {
  const shares = parts.map(({ count }): Cell =>
    shown(count) && n
      ? { value: count.value / n, suppressed: false }
      : { value: null, suppressed: true },
  );
  const intervals = parts.map(({ count }) => shareInterval(count, n));
  return {
    rows: parts.map((part, i) => {
      const share = shares[i]!;
      return [
        { text: part.label, header: true },
        countCell(part.count),
        shown(share)
          ? { text: formatPercent(share.value, 1), csv: share.value, numeric: true }
          : countCell(share),
        intervalCell(intervals[i], true),
      ];
    }),
    bars: shares.map((share, i) => shareBar(share, intervals[i])),
    shareTexts: shares.map((share) => shareText(share)),
  };
}
