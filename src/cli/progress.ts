import { CliIo } from './io';

/** Progress of a long step, on one line of stderr that is redrawn in place. */
export interface Progress {
  /** `done` of `total` units finished. */
  update(done: number, total: number): void;
  /** Clears the line. */
  finish(): void;
}

/** Redraws at most this often (milliseconds): a terminal needs no more. */
const REDRAW_INTERVAL = 100;

const SILENT: Progress = { update: () => undefined, finish: () => undefined };

/**
 * `label: 3/21 ports` on stderr while a step runs, only when stderr is a terminal: piped or
 * captured stderr (CI logs, tests) stays free of control characters.
 */
export function progressOn(io: CliIo, label: string, unit: string, now: () => number = Date.now): Progress {
  if (!io.stderrIsTty) return SILENT;
  let drawn = false;
  let last = -Infinity;
  return {
    update(done, total) {
      const time = now();
      if (done < total && time - last < REDRAW_INTERVAL) return;
      last = time;
      drawn = true;
      io.stderr(`\r\u001b[K${label}: ${done}/${total} ${unit}`);
    },
    finish() {
      if (drawn) io.stderr('\r\u001b[K');
      drawn = false;
    },
  };
}
