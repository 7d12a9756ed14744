import { CliIo } from '../../src/cli/io';
import { progressOn } from '../../src/cli/progress';

function io(stderrIsTty: boolean): { io: CliIo; written: string[] } {
  const written: string[] = [];
  return { io: { stdout: () => undefined, stderr: (text) => { written.push(text); }, readStdin: async () => '', stderrIsTty, cwd: '/' }, written };
}

describe('progress on stderr', () => {
  test('writes nothing when stderr is not a terminal', () => {
    const { io: streams, written } = io(false);
    const progress = progressOn(streams, 'netpol matrix', 'ports');
    progress.update(1, 2);
    progress.update(2, 2);
    progress.finish();
    expect(written).toEqual([]);
  });

  test('redraws one line at most every 100 ms, always the last step, and clears it at the end', () => {
    // GIVEN a terminal and a clock that the test moves
    const { io: streams, written } = io(true);
    let now = 0;
    const progress = progressOn(streams, 'netpol diff', 'ports', () => now);
    // WHEN steps come faster than the redraw interval
    progress.update(1, 4);
    now = 50;
    progress.update(2, 4);
    now = 150;
    progress.update(3, 4);
    now = 160;
    progress.update(4, 4);
    progress.finish();
    // THEN the second step is skipped, the last is drawn, and the line is cleared
    expect(written).toEqual([
      '\r\u001b[Knetpol diff: 1/4 ports',
      '\r\u001b[Knetpol diff: 3/4 ports',
      '\r\u001b[Knetpol diff: 4/4 ports',
      '\r\u001b[K',
    ]);
  });
});
