/**
 * A small soak run in the suite: concurrent writers and both change feeds through a proxy that
 * faults 15 % of the requests, and a feed over sockets cut at 15 % of their messages, checked
 * against the local server (see `spec/support/soak.ts`; the
 * long runs are `npm run soak`).
 */
import { FAULT_KINDS } from '../support/fault-proxy';
import { describeLocalOnly } from '../support/local-server';
import { runSoak, type SoakReport } from '../support/soak';

/** About a sixth of this on an idle machine; the margin is for loaded CI machines. */
const TEST_TIMEOUT_MS = 55_000;

describeLocalOnly('runSoak', () => {
  let report: SoakReport;

  beforeAll(async () => {
    report = await runSoak({ writes: 300, faultRate: 0.15, writers: 4, seed: 20_240_601 });
  }, TEST_TIMEOUT_MS);

  it('should get every write acknowledged', () => {
    expect(report.writes).toBe(300);
    expect(report.acknowledged).toBe(300);
  });

  it('should inject faults of most kinds, about as often as asked', () => {
    const injected = FAULT_KINDS.filter((kind) => report.faults[kind] > 0);
    expect(injected.length).toBeGreaterThanOrEqual(6);
    const faulted = Object.values(report.faults).reduce((n, c) => n + c, 0);
    expect(faulted / report.requests).toBeGreaterThan(0.08);
    expect(faulted / report.requests).toBeLessThan(0.25);
  });

  it('should cut the socket consumer’s connection many times', () => {
    expect(report.socketCuts).toBeGreaterThan(5);
  });

  it('should lose, duplicate, reorder and corrupt nothing', () => {
    expect({
      lost: report.lost,
      duplicated: report.duplicated,
      outOfOrder: report.outOfOrder,
      dataMismatches: report.dataMismatches,
    }).toEqual({ lost: 0, duplicated: 0, outOfOrder: 0, dataMismatches: 0 });
  });
});
