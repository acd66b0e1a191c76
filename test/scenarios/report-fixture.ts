import { join } from 'node:path';
import { reportHtml } from '../../src/cli/report/html.js';
import { readScenarioFile } from '../../src/scenario/load.js';
import { replay } from '../../src/scenario/run.js';
import { ROOT } from './files.js';

/** Two shipped scenarios, replayed, and the report of both. */
export const REPORT_FILES = ['scenarios/tour.json', 'scenarios/server-group-anti-affinity.json'];
export const REPORT_RUNS = REPORT_FILES.map((file) =>
  replay(readScenarioFile(join(ROOT, file)), { file }),
);
export const REPORT_HTML = reportHtml(REPORT_RUNS);
