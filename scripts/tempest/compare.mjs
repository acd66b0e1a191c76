// Reads Tempest's results (subunit2csv: test,status,start_time,stop_time) and the list of
// known exceptions (one test id per line, then ` # reason`), prints the counts, and fails
// when a test outside the list fails, or when a listed test now passes (so the list shrinks).
import { readFileSync } from 'node:fs';

const [csvPath, listPath] = process.argv.slice(2);
const rows = readFileSync(csvPath, 'utf8').trim().split('\n').slice(1);
const byStatus = { success: [], fail: [], skip: [] };
for (const row of rows) {
  const [rawId, status] = csvFields(row);
  // Tempest ids carry attributes: `tempest.api...test_x[id-…,smoke]`.
  const id = rawId.replace(/\[.*$/, '');
  // subunit2csv says `success`, `skip`, and `fail` or `failure`.
  const kind = status === 'failure' ? 'fail' : status;
  (byStatus[kind] ?? (byStatus[kind] = [])).push(id);
}
/** The fields of one CSV row: ids with attributes (`[id-…,smoke]`) come quoted. */
function csvFields(row) {
  const fields = [];
  for (const match of row.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)) {
    fields.push(match[1] !== undefined ? match[1].replaceAll('""', '"') : match[2]);
  }
  return fields;
}

const listed = new Map();
for (const line of readFileSync(listPath, 'utf8').split('\n')) {
  const text = line.trim();
  if (text === '' || text.startsWith('#')) continue;
  const [id, reason = ''] = text.split(/\s+#\s+/);
  listed.set(id, reason);
}
const unexpected = byStatus.fail.filter((id) => !listed.has(id));
const fixed = byStatus.success.filter((id) => listed.has(id));
const ran = byStatus.success.length + byStatus.fail.length;
for (const id of unexpected) console.log(`unexpected failure: ${id}`);
for (const id of fixed) console.log(`listed but passes now (take it off the list): ${id}`);
if (ran === 0) console.log('no Tempest test ran: see the run log');
const share = ran ? ((100 * byStatus.fail.length) / ran).toFixed(1) : '0';
console.log(`failures: ${share}% of the ${ran} tests that ran`);
// The summary line comes last: CI picks it up.
console.log(
  `tempest: ${byStatus.success.length} passed, ${byStatus.fail.length} failed, ` +
    `${byStatus.skip.length} skipped (${listed.size} listed exceptions)`,
);
process.exit(ran === 0 || unexpected.length + fixed.length > 0 ? 1 : 0);
