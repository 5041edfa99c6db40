import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Starts the files that take longest first, so the workers finish together. On a fresh clone
 * vitest has no durations to go by and orders by file size: the embedded-default file (a full
 * demo seed, ~2.5 min under load) started two minutes into unit+api and alone made the last
 * two minutes of it. Measured order, slowest first; the rest keep vitest's order.
 */
const SLOWEST = ['test/node/embedded.test.ts', 'test/api/fuzz.test.ts', 'test/api/hazards.test.ts', 'test/api/duties.test.ts'];

const rank = (file: TestSpecification) => {
  const i = SLOWEST.findIndex((path) => file.moduleId.endsWith(path));
  return i === -1 ? SLOWEST.length : i;
};

export default class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}
