import { conflict } from "../shared/graphql/errors.js";

/**
 * A visit's dates are calendar days where the organiser works, so "has it started" is asked of
 * the date there, not of UTC: just after midnight in Warsaw it is still yesterday in UTC.
 */
export const ORGANISER_TIME_ZONE = "Europe/Warsaw";

const CALENDAR_DAY = new Intl.DateTimeFormat("en-GB", {
  timeZone: ORGANISER_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** Today where the organiser works, `YYYY-MM-DD`. */
export function organiserToday(now = new Date()): string {
  const parts = Object.fromEntries(CALENDAR_DAY.formatToParts(now).map((p) => [p.type, p.value]));
  return `${parts["year"]}-${parts["month"]}-${parts["day"]}`;
}

/** From its first day on: attendance can be recorded and feedback asked for. */
export function hasStarted(visit: { startDate: string }, now?: Date): boolean {
  return visit.startDate <= organiserToday(now);
}

/** From the day after its last day on: the visit can be recorded as COMPLETED. */
export function hasEnded(visit: { endDate: string }, now?: Date): boolean {
  return visit.endDate < organiserToday(now);
}

export function visitNotStarted(visit: { startDate: string }, what: string) {
  return conflict(
    "VISIT_NOT_STARTED",
    `The visit starts on ${visit.startDate}; ${what} only from that day on.`,
  );
}

export function visitNotEnded(visit: { endDate: string }) {
  return conflict(
    "VISIT_NOT_ENDED",
    `The visit ends on ${visit.endDate}; it can be COMPLETED only after that day.`,
  );
}
