import * as fs from 'node:fs';
import * as path from 'node:path';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { CliIo } from './io';
import { ModelSummary, readModel, summarize } from './report-input';
import { InputError, Problem } from '../evaluator/errors';
import { ClusterModel } from '../evaluator/model';
import { buildMatrixReport, MatrixOptions, MatrixReport } from '../report/matrix-report';

/** The options of a report on one side, without the callback (which cannot cross threads). */
export type SideOptions = Omit<MatrixOptions, 'onProgress'>;

/**
 * One manifest set to compare: read and compiled, summarized so that both sides can agree on
 * ports and externals, then reported. `netpol diff` runs one side on a worker thread, so that
 * the two versions are read and evaluated at once on two CPUs.
 */
export interface ReportSide {
  summary(): Promise<ModelSummary>;
  report(options: SideOptions, onProgress: (done: number) => void): Promise<MatrixReport>;
  /** Stops whatever still runs (a worker), whether or not the side finished. */
  close(): void;
}

/** A side computed on this thread. */
export function localSide(paths: readonly string[], io: CliIo, profile: string | undefined): ReportSide {
  let model: Promise<ClusterModel> | undefined;
  // The work is synchronous: it starts on a later turn, once the other side (a worker) is asked too.
  const read = () => (model ??= yieldToEvents().then(() => readModel(paths, io, profile)));
  return {
    summary: async () => summarize(await read()),
    report: async (options, onProgress) => {
      const compiled = await read();
      await yieldToEvents();
      return buildMatrixReport(compiled, { ...options, onProgress });
    },
    close: () => undefined,
  };
}

/**
 * The two sides of a comparison: the one not fed by stdin on a worker thread where one can run.
 * Close them when done.
 */
export function reportSides(before: readonly string[], after: readonly string[], io: CliIo, profile: string | undefined): [ReportSide, ReportSide] {
  const stdinFirst = before.includes('-');
  const worker = workerSide(stdinFirst ? after : before, io, profile);
  return [
    !stdinFirst && worker ? worker : localSide(before, io, profile),
    stdinFirst && worker ? worker : localSide(after, io, profile),
  ];
}

/** The values of both sides' promises; when any fails, the first failure in order (before, then after). */
export async function bothInOrder<T>(promises: readonly [Promise<T>, Promise<T>]): Promise<[T, T]> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<T>).value) as [T, T];
}

/** The compiled worker script; absent when running from the TypeScript sources (tests), which then stay on one thread. */
const WORKER_SCRIPT = path.join(__dirname, 'report-sides.js');

/**
 * A side computed on a worker thread, which starts reading at once; undefined where no worker
 * can run (from the TypeScript sources, or for stdin, which only this thread reads). Input
 * problems come back as the same InputError.
 */
function workerSide(paths: readonly string[], io: CliIo, profile: string | undefined): ReportSide | undefined {
  if (paths.includes('-') || !fs.existsSync(WORKER_SCRIPT)) return undefined;
  const start: WorkerStart = { role: WORKER_ROLE, paths, cwd: io.cwd, profile };
  const worker = new Worker(WORKER_SCRIPT, { workerData: start });
  let onProgress: (done: number) => void = () => undefined;
  // The worker answers in order: a summary, then progress and a report; or a failure at any point.
  const queue: ToMain[] = [];
  let waiting: ((message: ToMain) => void) | undefined;
  const deliver = (message: ToMain) => {
    if (message.type === 'progress') return onProgress(message.done);
    const receiver = waiting;
    waiting = undefined;
    return receiver ? receiver(message) : queue.push(message);
  };
  worker.on('message', deliver);
  worker.on('error', (error: Error) => deliver({ type: 'crashed', message: error.message, stack: error.stack }));
  const expect = async <T extends ToMain['type']>(type: T): Promise<Extract<ToMain, { type: T }>> => {
    const message = queue.shift() ?? await new Promise<ToMain>((resolve) => { waiting = resolve; });
    if (message.type !== type) throw toError(message);
    return message as Extract<ToMain, { type: T }>;
  };
  const summary = expect('summary');
  // Not awaited until asked for: a failure surfaces through summary().
  summary.catch(() => undefined);
  return {
    summary: async () => (await summary).summary,
    report: async (options, progress) => {
      onProgress = progress;
      worker.postMessage({ type: 'report', options } satisfies ToWorker);
      return (await expect('report')).report;
    },
    close: () => void worker.terminate(),
  };
}

const WORKER_ROLE = 'netpol-report-side';

interface WorkerStart {
  readonly role: typeof WORKER_ROLE;
  readonly paths: readonly string[];
  readonly cwd: string;
  readonly profile?: string;
}

type ToWorker = { readonly type: 'report'; readonly options: SideOptions };

type ToMain =
  | { readonly type: 'summary'; readonly summary: ModelSummary }
  | { readonly type: 'progress'; readonly done: number }
  | { readonly type: 'report'; readonly report: MatrixReport }
  | { readonly type: 'invalid'; readonly problems: readonly Problem[] }
  | { readonly type: 'crashed'; readonly message: string; readonly stack?: string };

function toError(message: ToMain): Error {
  if (message.type === 'invalid') return new InputError([...message.problems]);
  if (message.type !== 'crashed') return new Error(`unexpected ${message.type} from the report worker`);
  const error = new Error(message.message);
  error.stack = message.stack;
  return error;
}

/** The worker's side of the conversation: read, summarize, then report when asked. */
function serveSide(start: WorkerStart): void {
  const port = parentPort!;
  const send = (message: ToMain) => port.postMessage(message);
  const io: CliIo = {
    stdout: () => undefined,
    stderr: () => undefined,
    readStdin: () => Promise.reject(new Error('a report worker does not read stdin')),
    stderrIsTty: false,
    cwd: start.cwd,
  };
  const failed = (error: unknown) => send(error instanceof InputError
    ? { type: 'invalid', problems: error.problems }
    : { type: 'crashed', message: String((error as Error)?.message ?? error), stack: (error as Error)?.stack });
  const model = readModel(start.paths, io, start.profile);
  model.then((m) => send({ type: 'summary', summary: summarize(m) }), failed);
  port.on('message', (message: ToWorker) => {
    model.then((m) => send({ type: 'report', report: buildMatrixReport(m, { ...message.options, onProgress: (done) => send({ type: 'progress', done }) }) }))
      .catch(failed);
  });
}

if (!isMainThread && (workerData as WorkerStart | undefined)?.role === WORKER_ROLE) serveSide(workerData as WorkerStart);
