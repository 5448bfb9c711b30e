// Times as the loggers print them, and turning them into microseconds since the epoch. Some
// layouts give less than a full date: Asterisk's default "Jan 12 10:15:01" has no year and
// FreeSWITCH's siptrace "at 10:15:01.123456" has no date at all. Those are placed on a date
// taken from the file itself (a dated log line), from the caller's hint, or else on 1970-01-01;
// intervals between messages stay exact either way, which is what the rules measure. A log
// without a year whose file time is known (written before it was last changed, or before it was
// imported) goes in the latest year that puts its first message before then: a technician reads
// "Mar 5 2026", not "Mar 5 1970".
// Wall-clock times are read as UTC: a log does not say its time zone.

export type Stamp =
  | { readonly kind: 'full'; readonly micros: number }
  | { readonly kind: 'no-year'; readonly month: number; readonly day: number; readonly timeMicros: number }
  | { readonly kind: 'time-only'; readonly timeMicros: number };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_MICROS = 86_400_000_000;

/** "10:15:01" or "10:15:01.123456" → microseconds into the day. */
export function timeOfDay(h: string, m: string, s: string, frac?: string): number | undefined {
  const hh = Number(h);
  const mm = Number(m);
  const ss = Number(s);
  if (hh > 23 || mm > 59 || ss > 60) return undefined;
  const micros = frac !== undefined && frac !== '' ? Number(frac.slice(0, 6).padEnd(6, '0')) : 0;
  return ((hh * 60 + mm) * 60 + ss) * 1_000_000 + micros;
}

export function dateMicros(
  year: number,
  month: number,
  day: number,
  timeMicros: number,
  offsetMinutes = 0,
): number {
  return Date.UTC(year, month - 1, day) * 1000 + timeMicros - offsetMinutes * 60_000_000;
}

/** "Jan" → 1 … "Dec" → 12; undefined for anything else. */
export function monthNumber(name: string): number | undefined {
  const i = MONTHS.indexOf(name.toLowerCase());
  return i < 0 ? undefined : i + 1;
}

/** "+0100", "+01:00", "Z" → minutes east of UTC. */
export function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone === '' || zone === 'Z') return 0;
  const m = /^([+-])(\d\d):?(\d\d)$/.exec(zone);
  if (m === null) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** "2024-01-12" → parts, or undefined. */
export function readDateHint(
  hint: string | undefined,
): { year: number; month: number; day: number } | undefined {
  const m = hint === undefined ? null : /^(\d{4})-(\d\d)-(\d\d)$/.exec(hint);
  if (m === null) return undefined;
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/**
 * Resolves stamps in file order. Full stamps seen anywhere (a dated log line) set the date that
 * date-less stamps use; a time of day that jumps back by more than twelve hours has crossed
 * midnight, a month that goes back has crossed New Year.
 */
/** A time the log cannot be later than, and what it is, for the reader ("the file's last change"). */
export interface NotAfter {
  readonly ms: number;
  readonly what: string;
}

export class LogClock {
  private year: number | undefined;
  /** The year a log without years was placed in, and what bounded it. */
  private yearBefore: { readonly year: number; readonly what: string } | undefined;
  private dayStart: number | undefined;
  private lastMicros: number | undefined;
  private lastMonth: number | undefined;
  private guessedYear = false;
  private guessedDate = false;

  constructor(
    hint?: { year: number; month: number; day: number },
    private readonly notAfter?: NotAfter,
  ) {
    if (hint !== undefined) {
      this.year = hint.year;
      this.dayStart = dateMicros(hint.year, hint.month, hint.day, 0);
    }
  }

  /** A full time from a line that is not a message: context for the date-less ones. */
  observe(micros: number): void {
    const d = new Date(Math.floor(micros / 1000));
    this.year = d.getUTCFullYear();
    this.dayStart = dateMicros(this.year, d.getUTCMonth() + 1, d.getUTCDate(), 0);
    this.lastMicros = micros;
  }

  resolve(stamp: Stamp): number {
    switch (stamp.kind) {
      case 'full':
        this.lastMicros = stamp.micros;
        return stamp.micros;
      case 'no-year': {
        if (this.year === undefined) this.year = this.guessYear(stamp);
        if (this.lastMonth !== undefined && stamp.month < this.lastMonth) this.year++;
        this.lastMonth = stamp.month;
        const micros = dateMicros(this.year, stamp.month, stamp.day, stamp.timeMicros);
        this.lastMicros = micros;
        return micros;
      }
      case 'time-only': {
        if (this.dayStart === undefined) {
          this.dayStart = 0;
          this.guessedDate = true;
        }
        let micros = this.dayStart + stamp.timeMicros;
        if (this.lastMicros !== undefined && micros < this.lastMicros - DAY_MICROS / 2) {
          this.dayStart += DAY_MICROS;
          micros += DAY_MICROS;
        }
        this.lastMicros = micros;
        return micros;
      }
    }
  }

  /** The latest year that puts `stamp` before `notAfter`; 1970 when nothing bounds it. */
  private guessYear(stamp: Extract<Stamp, { kind: 'no-year' }>): number {
    if (this.notAfter === undefined) {
      this.guessedYear = true;
      return 1970;
    }
    const limit = this.notAfter.ms * 1000;
    let year = new Date(this.notAfter.ms).getUTCFullYear();
    if (dateMicros(year, stamp.month, stamp.day, stamp.timeMicros) > limit) year--;
    this.yearBefore = { year, what: this.notAfter.what };
    return year;
  }

  /** What the reader should be told about dates it could not know. */
  warnings(): string[] {
    const out: string[] = [];
    if (this.guessedYear) {
      out.push(
        'The log gives times without a year; they are placed in 1970. Intervals between messages are exact.',
      );
    }
    if (this.yearBefore !== undefined) {
      out.push(
        `The log gives times without a year; they are placed in ${this.yearBefore.year}, the latest year that puts them before ${this.yearBefore.what}. Intervals between messages are exact.`,
      );
    }
    if (this.guessedDate) {
      out.push(
        'The log gives times of day without a date; they are placed on 1970-01-01 (the next day after midnight). Intervals between messages are exact.',
      );
    }
    return out;
  }
}
